import type { YamlPath } from '../diagnostic.ts';

/** The eight socket types Valohai knows, in edges as `node.type.key`. */
export const SOCKET_TYPES = [
  'output',
  'input',
  'parameter',
  'metadata',
  'file',
  'deployment',
  'environment-variable',
  'dependency',
] as const;
export type SocketType = (typeof SOCKET_TYPES)[number];

/** Plural spellings the Valohai web UI accepts and `vh lint` refuses: read them, warn, write singular. */
const PLURALS: Readonly<Record<string, SocketType>> = { outputs: 'output', inputs: 'input', parameters: 'parameter' };

export interface Socket {
  readonly node: string;
  readonly type: SocketType;
  readonly key: string;
}

export type SocketParse =
  | { readonly ok: true; readonly socket: Socket; readonly plural?: string }
  | { readonly ok: false; readonly reason: 'parts'; readonly parts: number }
  | { readonly ok: false; readonly reason: 'type'; readonly type: string };

/**
 * Splits `node.type.key` on the first two dots only, so keys keep their dots and slashes
 * (`train.output.model.pb`, `deploy.file.endpoint.model`).
 */
export function parseSocket(text: string): SocketParse {
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  if (first < 0 || second < 0) return { ok: false, reason: 'parts', parts: first < 0 ? 1 : 2 };
  const node = text.slice(0, first);
  const rawType = text.slice(first + 1, second);
  const key = text.slice(second + 1);
  const type = (SOCKET_TYPES as readonly string[]).includes(rawType) ? (rawType as SocketType) : PLURALS[rawType];
  if (!type) return { ok: false, reason: 'type', type: rawType };
  const socket = { node, type, key };
  return type === rawType ? { ok: true, socket } : { ok: true, socket, plural: rawType };
}

/** Whether a pipeline parameter's target, as written (the plural read too), names `node`'s parameter `key`. */
export function targetsParameter(target: string, node: string, key: string): boolean {
  const parsed = parseSocket(target);
  return parsed.ok && parsed.socket.type === 'parameter' && parsed.socket.node === node && parsed.socket.key === key;
}

export function formatSocket(socket: Socket): string {
  return `${socket.node}.${socket.type}.${socket.key}`;
}

interface EdgeBase {
  readonly path: YamlPath;
  /** Index in the pipeline's `edges` list. */
  readonly index: number;
  readonly source: Socket;
  readonly target: Socket;
}

/** `[source, target]`. */
export interface ShortEdge extends EdgeBase {
  readonly form: 'short';
}

/** `{source, target, configuration}`. */
export interface LongEdge extends EdgeBase {
  readonly form: 'long';
  readonly configuration: Readonly<Record<string, unknown>>;
}

export type Edge = ShortEdge | LongEdge;

/** The meaningful source→target pairings, each with what it does. */
export const EDGE_KINDS = {
  'output->input': 'files the source wrote become the target input',
  'input->input': "the source's input files become the target input",
  'parameter->parameter': 'copies a parameter value',
  'metadata->parameter': 'the latest value of a metadata key becomes a parameter',
  'output->file': 'output files become a deployment endpoint file',
  'deployment->parameter': 'data about the created deployment version becomes a parameter',
  'environment-variable->environment-variable': 'copies an environment variable',
  'dependency->dependency': 'ordering only',
} as const;
export type EdgeKind = keyof typeof EDGE_KINDS;

export function edgeKindOf(source: SocketType, target: SocketType): EdgeKind | undefined {
  const kind = `${source}->${target}`;
  return kind in EDGE_KINDS ? (kind as EdgeKind) : undefined;
}
