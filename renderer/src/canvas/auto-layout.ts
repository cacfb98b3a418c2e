/**
 * Auto-layout with ELK's layered algorithm (what React Flow recommends for DAGs), left to right.
 * ELK runs in a web worker (a 1000-node layout takes seconds, which must not freeze the page),
 * loaded from the app's own files on first use.
 */
import type { Edge } from '@xyflow/react';
import type { Position } from '../../../shared/layout.ts';
import { NODE_WIDTH, nodeHeight, type CardNode } from './flow-model.ts';

export async function layeredPositions(nodes: readonly CardNode[], edges: readonly Edge[]): Promise<Record<string, Position>> {
  const [{ default: ELK }, { default: workerUrl }] = await Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]);
  const elk = new ELK({ workerUrl });
  const graph = await elk
    .layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.layered.spacing.nodeNodeBetweenLayers': '100',
        'elk.spacing.nodeNode': '30',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
      children: nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? nodeHeight(n.data) })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    })
    .finally(() => elk.terminateWorker());
  const positions: Record<string, Position> = {};
  for (const child of graph.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
