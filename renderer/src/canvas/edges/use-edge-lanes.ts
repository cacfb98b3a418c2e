/**
 * The lanes of the canvas's detouring edges (edge-lanes.ts), worked out from the cards' boxes and
 * where their handles sit (flow-model.ts gives them up front), again only when a card moves or
 * resizes or the edges change: panning changes none of it. A pipeline of more than `most` nodes
 * keeps plain curves.
 */
import type { Edge } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import { NODE_WIDTH, nodeHeight, type CardNode } from '../flow-model.ts';
import { edgeLanes, type LaneEdge } from './edge-lanes.ts';
import type { Box, Detour } from './route-around.ts';

export function useEdgeLanes(nodes: readonly CardNode[], edges: readonly Edge[], most: number): ReadonlyMap<string, Detour> | undefined {
  const boxes = useCardBoxes(nodes, most);
  return useMemo(() => {
    if (boxes === undefined) return undefined;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const at = (node: string, handle: string | null | undefined, type: 'source' | 'target') => {
      const card = byId.get(node);
      const h = card?.handles?.find((x) => x.id === handle && x.type === type);
      return card && h ? { x: card.position.x + h.x + (h.width ?? 0) / 2, y: card.position.y + h.y + (h.height ?? 0) / 2 } : undefined;
    };
    const laned = edges.flatMap((e): LaneEdge[] => {
      const s = at(e.source, e.sourceHandle, 'source');
      const t = at(e.target, e.targetHandle, 'target');
      return s && t ? [{ id: e.id, source: e.source, target: e.target, s, t }] : [];
    });
    return edgeLanes(laned, boxes);
    // (nodes are read through boxes, which change exactly when a card moves or resizes)
  }, [boxes, edges]);
}

/** The cards' boxes, the same array while none moves or resizes; undefined for a pipeline of more than `most` nodes. */
function useCardBoxes(nodes: readonly CardNode[], most: number): readonly Box[] | undefined {
  const last = useRef<{ key: string; boxes: readonly Box[] } | undefined>(undefined);
  if (nodes.length > most) return undefined;
  const boxes = nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? nodeHeight(n.data) }));
  const key = boxes.map((b) => `${b.id}:${b.x},${b.y},${b.width},${b.height}`).join(';');
  if (last.current?.key !== key) last.current = { key, boxes };
  return last.current.boxes;
}
