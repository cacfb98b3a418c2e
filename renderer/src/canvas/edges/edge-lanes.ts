/**
 * Lanes for all the edges that go around cards, side by side rather than on top of each other:
 * edges skipping the same cards each found the same lane (route-around.ts), and drawn on one line
 * could not be told apart. Here each keeps its side, and is moved out from the cards by a lane's
 * width while it would share a stretch of line with one placed before it; the shorter are placed
 * first, nearest the cards, so the longer pass around them without crossing.
 */
import { routeAround, type Box, type Detour, type Point } from './route-around.ts';

/** An edge as the canvas knows it: its ends, and where its handles are. */
export interface LaneEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly s: Point;
  readonly t: Point;
}

/** Space between two lanes side by side. */
export const LANE_GAP = 12;

export function edgeLanes(edges: readonly LaneEdge[], boxes: readonly Box[]): Map<string, Detour> {
  const found = edges.flatMap((e) => {
    const detour = routeAround(e.s, e.t, boxes, [e.source, e.target]);
    return detour ? [{ id: e.id, detour }] : [];
  });
  // Shorter stretches first (then the leftmost), so that lanes nest rather than cross.
  found.sort((a, b) => a.detour.toX - a.detour.fromX - (b.detour.toX - b.detour.fromX) || a.detour.fromX - b.detour.fromX || (a.id < b.id ? -1 : 1));
  const placed: Detour[] = [];
  const lanes = new Map<string, Detour>();
  for (const { id, detour } of found) {
    let y = detour.y;
    const clash = (other: Detour): boolean => Math.abs(other.y - y) < LANE_GAP && other.fromX < detour.toX && detour.fromX < other.toX;
    while (placed.some(clash)) y += detour.side * LANE_GAP;
    const lane = { ...detour, y };
    placed.push(lane);
    lanes.set(id, lane);
  }
  return lanes;
}
