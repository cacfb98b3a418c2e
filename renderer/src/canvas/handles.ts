/**
 * Handle ids on the canvas are `socketType:key`, so an edge's ends map straight to React Flow
 * handles and back. The generic handles (`output:*`, `metadata:`) let a person connect files or a
 * metadata value before naming them; the key is then editable on the edge.
 */
import { canConnect, type ConnectionVerdict } from '../../../shared/graph/connect.ts';
import { SOCKET_TYPES, type SocketType } from '../../../shared/valohai/model/edge.ts';
import type { NodeType } from '../../../shared/valohai/model/nodes/node.ts';

export interface HandleRef {
  readonly type: SocketType;
  readonly key: string;
}

export const handleId = (type: SocketType, key: string): string => `${type}:${key}`;

export function parseHandle(id: string | null | undefined): HandleRef | undefined {
  if (!id) return undefined;
  const colon = id.indexOf(':');
  const type = id.slice(0, colon) as SocketType;
  if (colon < 0 || !SOCKET_TYPES.includes(type)) return undefined;
  return { type, key: id.slice(colon + 1) };
}

export interface ConnectionAttempt {
  readonly source: string;
  readonly target: string;
  readonly sourceHandle?: string | null;
  readonly targetHandle?: string | null;
}

/** The shared connection rule, asked with the canvas's handles; the reason is what the user sees. */
export function verdictFor(attempt: ConnectionAttempt, nodeType: (name: string) => NodeType | undefined): ConnectionVerdict {
  const s = parseHandle(attempt.sourceHandle);
  const t = parseHandle(attempt.targetHandle);
  const sourceType = nodeType(attempt.source);
  const targetType = nodeType(attempt.target);
  if (!s || !t || !sourceType || !targetType) return { ok: false, reason: 'connect a port on one node to a port on another' };
  if (attempt.source === attempt.target) return { ok: false, reason: 'a node cannot feed itself' };
  return canConnect({ nodeType: sourceType, socketType: s.type }, { nodeType: targetType, socketType: t.type });
}

/** The `node.type.key` sockets an attempt writes; a generic metadata handle takes the target's key. */
export function socketsFor(attempt: ConnectionAttempt): { source: string; target: string } | undefined {
  const s = parseHandle(attempt.sourceHandle);
  const t = parseHandle(attempt.targetHandle);
  if (!s || !t) return undefined;
  const sourceKey = s.key === '' ? t.key : s.key;
  return { source: `${attempt.source}.${s.type}.${sourceKey}`, target: `${attempt.target}.${t.type}.${t.key}` };
}
