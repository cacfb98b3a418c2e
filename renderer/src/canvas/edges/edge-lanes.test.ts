import { describe, expect, it } from 'vitest';
import { edgeLanes, LANE_GAP, type LaneEdge } from './edge-lanes.ts';
import type { Box } from './route-around.ts';

// A row of six 240-wide cards, 100 px apart; an edge leaves a card's output (x + 240, y 60) for a later card's input (x, y 40 + 10·port).
const cards: Box[] = Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, x: i * 340, y: 0, width: 240, height: 100 }));
const edge = (from: number, to: number, port = 0): LaneEdge => ({ id: `${from}-${to}`, source: `n${from}`, target: `n${to}`, s: { x: from * 340 + 240, y: 60 }, t: { x: to * 340, y: 40 + 10 * port } });

describe('lanes of edges that skip cards', () => {
  it('gives each its own line, the shorter nearest the cards, so none is drawn over another', () => {
    const lanes = edgeLanes([edge(0, 3, 1), edge(0, 5, 1), edge(1, 4, 1), edge(2, 5, 2), edge(1, 3, 2), edge(0, 1), edge(1, 2)], cards);
    // Neighbours need no lane.
    expect(lanes.has('0-1')).toBe(false);
    expect(lanes.has('1-2')).toBe(false);
    const ys = Object.fromEntries([...lanes].map(([id, lane]) => [id, lane.y]));
    // All below the row (bottom 100, room kept 24); each pair that shares a stretch is a lane apart.
    expect(Object.values(ys).every((y) => y >= 124)).toBe(true);
    for (const [a, la] of lanes) {
      for (const [b, lb] of lanes) {
        if (a < b && la.fromX < lb.toX && lb.fromX < la.toX) expect(Math.abs(la.y - lb.y), `${a} and ${b}`).toBeGreaterThanOrEqual(LANE_GAP);
      }
    }
    // The longest (0 → 5) is the outermost.
    expect(ys['0-5']).toBe(Math.max(...Object.values(ys)));
    // Two short ones that do not overlap share the lane nearest the cards.
    const apart = edgeLanes([edge(0, 2, 1), edge(3, 5, 1)], cards);
    expect(apart.get('0-2')?.y).toBe(apart.get('3-5')?.y);
  });
});
