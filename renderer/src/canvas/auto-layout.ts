/**
 * Auto-layout with ELK's layered algorithm (what React Flow recommends for DAGs): left to right,
 * edges attached to their ports' sides. Loaded on first use, so it costs nothing at start.
 */
import type { Edge } from '@xyflow/react';
import type { Position } from '../../../shared/layout.ts';
import { NODE_WIDTH, nodeHeight, type CardNode } from './flow-model.ts';

export async function layeredPositions(nodes: readonly CardNode[], edges: readonly Edge[]): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '30',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? nodeHeight(n.data) })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions: Record<string, Position> = {};
  for (const child of graph.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
