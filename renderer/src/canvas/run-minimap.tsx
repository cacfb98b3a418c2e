/**
 * The minimap, coloured by the shown run as the cards are: on a pipeline of hundreds of nodes it
 * is where a run's progress shows at a glance (which part is done, what failed, what waits for a
 * person). Without a run, each node has its kind's colour. It reads the run store itself, so a
 * run's events redraw the minimap, not the canvas.
 */
import { MiniMap, type Node } from '@xyflow/react';
import { useCallback } from 'react';
import type { NodeStatus } from '../../../shared/run/events.ts';
import { storeFor } from '../run/run-store.ts';

const KIND_COLORS: Record<string, string> = { execution: '#4c7cf0', task: '#a35bd6', deployment: '#1f9d74' };

/** As the card's chip shows each status (styles.css `.run-chip`), strong enough for a few pixels. */
export const STATUS_COLORS: Record<NodeStatus, string> = {
  pending: '#c9ced8',
  queued: '#9db4f5',
  running: '#2c55c9',
  'awaiting-approval': '#e0a526',
  succeeded: '#1f9d74',
  reused: '#1f9d74',
  failed: '#d23c3c',
  cancelled: '#d23c3c',
  interrupted: '#d23c3c',
  skipped: '#a3a9b5',
  stopped: '#a3a9b5',
};

export function RunMiniMap({ pipeline }: { pipeline: string }) {
  const nodes = storeFor(pipeline)((s) => (s.pipeline === pipeline ? s.nodes : undefined));
  const color = useCallback((n: Node) => {
    const status = nodes?.[n.id]?.status;
    return status ? STATUS_COLORS[status] : (KIND_COLORS[n.type ?? ''] ?? '#888');
  }, [nodes]);
  const status = useCallback((n: Node) => (nodes?.[n.id] ? `run-${nodes[n.id]?.status}` : ''), [nodes]);
  return <MiniMap pannable zoomable style={{ width: 180, height: 120 }} nodeColor={color} nodeClassName={status} ariaLabel="Minimap" />;
}
