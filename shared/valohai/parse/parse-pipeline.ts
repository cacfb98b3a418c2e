import type { Finding, YamlPath } from '../diagnostic.ts';
import type { Edge, Socket } from '../model/edge.ts';
import { formatSocket, parseSocket, SOCKET_TYPES } from '../model/edge.ts';
import type { Pipeline, PipelineParameter } from '../model/pipeline.ts';
import { listOf } from './list-of.ts';
import { parseNode } from './parse-node.ts';
import { asArray, asObject, asParameterValue, bool, has, name, str, strList } from './read-value.ts';

function parsePipelineParameter(value: unknown, path: YamlPath): PipelineParameter | undefined {
  const obj = asObject(value);
  const paramName = obj && name(obj);
  if (!obj || paramName === undefined) return undefined;
  const defaultValue = has(obj, 'default') ? asParameterValue(obj['default']) : undefined;
  return {
    path,
    name: paramName,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    targets: [...strList(obj['targets']), ...strList(obj['target'])],
    targetPaths: (['targets', 'target'] as const).flatMap((key): YamlPath[] => {
      const written = obj[key];
      if (typeof written === 'string') return [[...path, key]];
      return Array.isArray(written) ? written.flatMap((item, index) => (typeof item === 'string' ? [[...path, key, index]] : [])) : [];
    }),
    description: str(obj, 'description'),
    category: str(obj, 'category'),
  };
}

/** Reads one socket of an edge, reporting what upstream's linter reports (and plural types). */
function readSocket(
  text: unknown,
  role: 'Source' | 'Target',
  context: { pipeline: string; index: number; path: YamlPath },
  findings: Finding[],
): Socket | undefined {
  const subject = { kind: 'edge', pipeline: context.pipeline, edgeIndex: context.index } as const;
  if (typeof text !== 'string') return undefined;
  const parsed = parseSocket(text);
  if (parsed.ok) {
    if (parsed.plural) {
      findings.push({
        severity: 'warning',
        code: 'edge-plural-type',
        message: `${role} '${text}' uses the plural '${parsed.plural}'; Valohai's linter only accepts '${parsed.socket.type}' (Pipewright writes the singular)`,
        path: context.path,
        subject,
        fix: { kind: 'set-value', label: `write ${formatSocket(parsed.socket)}`, path: context.path, value: formatSocket(parsed.socket) },
      });
    }
    return parsed.socket;
  }
  findings.push({
    severity: 'error',
    code: parsed.reason === 'parts' ? 'edge-socket-parts' : 'edge-socket-type',
    message:
      parsed.reason === 'parts'
        ? `${role} specifier '${text}' must have 3 parts, node.type.key (it has ${parsed.parts})`
        : `${role} specifier '${text}' has an unknown type '${parsed.type}'; expected one of ${SOCKET_TYPES.join(', ')}`,
    path: context.path,
    subject,
  });
  return undefined;
}

function parseEdge(value: unknown, pipeline: string, index: number, path: YamlPath, findings: Finding[]): Edge | undefined {
  if (Array.isArray(value)) {
    if (value.length !== 2 || !value.every((v) => typeof v === 'string')) {
      findings.push({
        severity: 'error',
        code: 'edge-malformed',
        message: `Malformed edge shorthand ${JSON.stringify(value)}: expected [source, target]`,
        path,
        subject: { kind: 'edge', pipeline, edgeIndex: index },
      });
      return undefined;
    }
    const source = readSocket(value[0], 'Source', { pipeline, index, path: [...path, 0] }, findings);
    const target = readSocket(value[1], 'Target', { pipeline, index, path: [...path, 1] }, findings);
    return source && target ? { form: 'short', path, index, source, target } : undefined;
  }
  const obj = asObject(value);
  if (!obj) return undefined;
  const source = readSocket(obj['source'], 'Source', { pipeline, index, path: [...path, 'source'] }, findings);
  const target = readSocket(obj['target'], 'Target', { pipeline, index, path: [...path, 'target'] }, findings);
  if (!source || !target) return undefined;
  return { form: 'long', path, index, source, target, configuration: asObject(obj['configuration']) ?? {} };
}

export function parsePipeline(value: unknown, path: YamlPath, legacyKey: boolean, findings: Finding[]): Pipeline | undefined {
  const obj = asObject(value);
  const pipelineName = obj && name(obj);
  if (!obj || pipelineName === undefined) return undefined;
  const edges: Edge[] = [];
  asArray(obj['edges']).forEach((item, index) => {
    const edge = parseEdge(item, pipelineName, index, [...path, 'edges', index], findings);
    if (edge) edges.push(edge);
  });
  return {
    path,
    name: pipelineName,
    nodes: listOf(obj, 'nodes', path, parseNode),
    edges,
    parameters: listOf(obj, 'parameters', path, parsePipelineParameter),
    reuseExecutions: bool(obj, 'reuse-executions', false),
    legacyKey,
  };
}
