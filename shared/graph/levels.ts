/**
 * Dependency levels of a pipeline: level 0 holds the nodes with nothing upstream, level n the
 * nodes whose upstream all lies in levels < n. Every edge kind orders its two nodes.
 */
import type { Pipeline } from '../valohai/model/pipeline.ts';

export interface PipelineLevels {
  readonly levels: readonly (readonly string[])[];
  /** One node cycle per strongly tangled group, as `a → b → a`; empty for a DAG. */
  readonly cycles: readonly (readonly string[])[];
}

/** Upstream node names of each node, from all edges between known nodes (self-edges included). */
export function upstreamOf(pipeline: Pipeline): Map<string, Set<string>> {
  const upstream = new Map<string, Set<string>>();
  for (const node of pipeline.nodes) if (!upstream.has(node.name)) upstream.set(node.name, new Set());
  for (const edge of pipeline.edges) {
    const target = upstream.get(edge.target.node);
    if (target && upstream.has(edge.source.node)) target.add(edge.source.node);
  }
  return upstream;
}

/**
 * Kahn's algorithm, in time linear in nodes and edges (a chain of 1,000 nodes took 100 ms the
 * way the definition reads, a round over all remaining nodes per level). A node's level is the
 * longest path to it from a node with nothing upstream; each level lists its nodes in file order.
 */
export function pipelineLevels(pipeline: Pipeline): PipelineLevels {
  const upstream = upstreamOf(pipeline);
  const downstream = new Map<string, string[]>();
  const waitingOn = new Map<string, number>();
  for (const [name, ups] of upstream) {
    waitingOn.set(name, ups.size);
    for (const up of ups) {
      const list = downstream.get(up);
      if (list) list.push(name);
      else downstream.set(up, [name]);
    }
  }
  const level = new Map<string, number>();
  const queue = [...upstream.keys()].filter((name) => waitingOn.get(name) === 0);
  for (const name of queue) level.set(name, 0);
  for (let i = 0; i < queue.length; i += 1) {
    const name = queue[i] as string;
    const next = (level.get(name) ?? 0) + 1;
    for (const down of downstream.get(name) ?? []) {
      level.set(down, Math.max(level.get(down) ?? 0, next));
      const left = (waitingOn.get(down) ?? 0) - 1;
      waitingOn.set(down, left);
      if (left === 0) queue.push(down);
    }
  }
  const levels: string[][] = [];
  const remaining: string[] = [];
  for (const name of upstream.keys()) {
    if (waitingOn.get(name) !== 0) {
      remaining.push(name);
      continue;
    }
    const at = level.get(name) ?? 0;
    (levels[at] ??= []).push(name);
  }
  return { levels, cycles: findCycles(upstream, remaining) };
}

/**
 * Walks upstream links among the unplaced nodes until a node repeats, once per tangle. Each node's
 * next step is fixed (its first unplaced upstream), so a walk that reaches a node an earlier walk
 * passed would end in the loop that walk found: it stops there, and the walks stay linear.
 */
function findCycles(upstream: Map<string, Set<string>>, unplaced: readonly string[]): string[][] {
  const stuck = new Set(unplaced);
  const order = new Map(unplaced.map((name, i) => [name, i]));
  const cycles: string[][] = [];
  const walked = new Set<string>();
  for (const start of unplaced) {
    if (walked.has(start)) continue;
    const trail = new Map<string, number>();
    let current: string | undefined = start;
    while (current !== undefined && !trail.has(current) && !walked.has(current)) {
      trail.set(current, trail.size);
      current = [...(upstream.get(current) ?? [])].find((u) => stuck.has(u));
    }
    for (const name of trail.keys()) walked.add(name);
    if (current === undefined || !trail.has(current)) continue;
    const path = [...trail.keys()];
    const reversed = path.slice(trail.get(current)).reverse();
    // Start the loop at its node declared first, so the message reads in file order.
    const first = reversed.reduce((best, n, i) => ((order.get(n) ?? 0) < (order.get(reversed[best] ?? n) ?? 0) ? i : best), 0);
    const loop = [...reversed.slice(first), ...reversed.slice(0, first)];
    cycles.push([...loop, loop[0] ?? current]);
  }
  return cycles;
}
