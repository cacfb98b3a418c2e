/**
 * A way for an edge around the cards it would pass behind. React Flow draws each edge as one
 * bezier from handle to handle, so an edge that skips a layer (preprocess's test set into
 * evaluate, past train) ran behind the card between and looked like it went into one of its ports.
 * Where the bezier would cross a card, the edge goes along a lane above or below the cards in its
 * way, whichever is the shorter detour; elsewhere it stays the plain bezier.
 */

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The lane an edge takes: from its source to (fromX, y), along it to (toX, y), then to its target; `side`: above (-1) or below (1) the cards it passes. */
export interface Detour {
  readonly y: number;
  readonly fromX: number;
  readonly toX: number;
  readonly side: -1 | 1;
}

/** Room kept between a lane and the cards it passes. */
const CLEAR = 24;
/** Points of the bezier tried against the cards. */
const SAMPLES = 24;

/** The point at `t` of React Flow's left-to-right bezier (control points half way across, as getBezierPath puts them at curvature 0.25 for a forward edge). */
function bezierAt(s: Point, t: Point, at: number): Point {
  const reach = Math.max((t.x - s.x) / 2, 0);
  const c1 = { x: s.x + reach, y: s.y };
  const c2 = { x: t.x - reach, y: t.y };
  const u = 1 - at;
  return {
    x: u * u * u * s.x + 3 * u * u * at * c1.x + 3 * u * at * at * c2.x + at * at * at * t.x,
    y: u * u * u * s.y + 3 * u * u * at * c1.y + 3 * u * at * at * c2.y + at * at * at * t.y,
  };
}

const inside = (p: Point, b: Box): boolean => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;

/**
 * The detour for the edge from `s` to `t`, or undefined where its bezier crosses no card but its
 * own ends' (`ends`). Only for edges that run left to right: a backward edge keeps its curve.
 */
export function routeAround(s: Point, t: Point, boxes: readonly Box[], ends: readonly string[]): Detour | undefined {
  if (t.x - s.x < 2 * CLEAR) return undefined;
  // The cards between the two ends, left to right.
  const between = boxes.filter((b) => !ends.includes(b.id) && b.x < t.x && b.x + b.width > s.x);
  if (between.length === 0) return undefined;
  const samples = Array.from({ length: SAMPLES - 1 }, (_, i) => bezierAt(s, t, (i + 1) / SAMPLES));
  const hit = between.filter((b) => samples.some((p) => inside(p, b)));
  if (hit.length === 0) return undefined;
  const above = lane(hit, between, -1);
  const below = lane(hit, between, 1);
  const cost = (l: { y: number }): number => Math.abs(l.y - s.y) + Math.abs(l.y - t.y);
  const best = cost(above) <= cost(below) ? above : below;
  const left = Math.min(...best.passed.map((b) => b.x)) - CLEAR;
  const right = Math.max(...best.passed.map((b) => b.x + b.width)) + CLEAR;
  // (The lane starts and ends in the gaps beside the cards it passes, never behind an end.)
  return {
    y: best.y,
    fromX: Math.max(left, s.x + CLEAR),
    toX: Math.min(right, t.x - CLEAR),
    side: best === above ? -1 : 1,
  };
}

/** A lane past `hit` on one side (-1 above, 1 below), moved on past any other card between that it would cross. */
function lane(hit: readonly Box[], between: readonly Box[], side: -1 | 1): { y: number; passed: Box[] } {
  const edgeOf = (b: Box): number => (side < 0 ? b.y - CLEAR : b.y + b.height + CLEAR);
  let y = side < 0 ? Math.min(...hit.map(edgeOf)) : Math.max(...hit.map(edgeOf));
  const passed = [...hit];
  for (let moved = true; moved;) {
    moved = false;
    for (const b of between) {
      if (y > b.y - CLEAR && y < b.y + b.height + CLEAR) {
        y = edgeOf(b);
        if (!passed.includes(b)) passed.push(b);
        moved = true;
      }
    }
  }
  return { y, passed };
}

/** The SVG path of an edge along its detour, and where its label sits (the middle of the lane). */
export function detourPath(s: Point, t: Point, d: Detour): { path: string; labelX: number; labelY: number } {
  const into = (s.x + d.fromX) / 2;
  const out = (d.toX + t.x) / 2;
  const path = [`M ${s.x},${s.y}`, `C ${into},${s.y} ${into},${d.y} ${d.fromX},${d.y}`, `L ${d.toX},${d.y}`, `C ${out},${d.y} ${out},${t.y} ${t.x},${t.y}`].join(' ');
  return { path, labelX: (d.fromX + d.toX) / 2, labelY: d.y };
}
