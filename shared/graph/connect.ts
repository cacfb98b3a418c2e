/**
 * The one connection rule: which socket types may be joined, and between which node kinds.
 * Validation uses it on every edge, and the canvas uses it to refuse a drag with the reason.
 */
import type { EdgeKind, SocketType } from '../valohai/model/edge.ts';
import { edgeKindOf } from '../valohai/model/edge.ts';
import type { NodeType } from '../valohai/model/nodes/node.ts';

export interface ConnectionEnd {
  readonly nodeType: NodeType;
  readonly socketType: SocketType;
}

export type ConnectionVerdict = { readonly ok: true; readonly kind: EdgeKind } | { readonly ok: false; readonly reason: string };

const SOURCE_ONLY: readonly SocketType[] = ['output', 'metadata', 'deployment'];
const TARGET_ONLY: readonly SocketType[] = ['file'];

export function canConnect(source: ConnectionEnd, target: ConnectionEnd): ConnectionVerdict {
  const s = source.socketType;
  const t = target.socketType;
  if (TARGET_ONLY.includes(s)) return { ok: false, reason: `a ${s} socket can only be an edge's target` };
  if (SOURCE_ONLY.includes(t)) return { ok: false, reason: `a ${t} socket can only be an edge's source` };
  const kind = edgeKindOf(s, t);
  if (!kind) {
    const into = t === 'parameter' ? 'a parameter takes a parameter, a metadata value or deployment data' : t === 'input' ? 'an input takes files: from an output or another input' : `a ${t} takes only a ${t}`;
    return { ok: false, reason: `${s} → ${t} makes no sense: ${into}` };
  }
  if (kind === 'output->file' && target.nodeType !== 'deployment') {
    return { ok: false, reason: 'file sockets belong to deployment nodes' };
  }
  if (kind === 'deployment->parameter' && source.nodeType !== 'deployment') {
    return { ok: false, reason: 'deployment data comes only from a deployment node' };
  }
  if (target.nodeType === 'deployment' && kind !== 'output->file' && kind !== 'dependency->dependency') {
    return { ok: false, reason: 'a deployment node takes only files (output → file) and dependencies' };
  }
  if (source.nodeType === 'deployment' && kind !== 'deployment->parameter' && kind !== 'dependency->dependency') {
    return { ok: false, reason: 'a deployment node gives only deployment data and dependencies' };
  }
  return { ok: true, kind };
}
