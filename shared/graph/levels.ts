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

export function pipelineLevels(pipeline: Pipeline): PipelineLevels {
  const upstream = upstreamOf(pipeline);
  const levels: string[][] = [];
  const placed = new Set<string>();
  let remaining = [...upstream.keys()];
  while (remaining.length > 0) {
    const ready = remaining.filter((name) => [...(upstream.get(name) ?? [])].every((u) => placed.has(u)));
    if (ready.length === 0) break;
    levels.push(ready);
    for (const name of ready) placed.add(name);
    remaining = remaining.filter((name) => !placed.has(name));
  }
  return { levels, cycles: findCycles(upstream, new Set(remaining)) };
}

/** Walks upstream links among the unplaced nodes until a node repeats, once per tangle. */
function findCycles(upstream: Map<string, Set<string>>, stuck: Set<string>): string[][] {
  const cycles: string[][] = [];
  const reported = new Set<string>();
  for (const start of stuck) {
    if (reported.has(start)) continue;
    const trail: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !trail.includes(current)) {
      trail.push(current);
      current = [...(upstream.get(current) ?? [])].find((u) => stuck.has(u));
    }
    if (current === undefined) continue;
    const reversed = trail.slice(trail.indexOf(current)).reverse();
    // Start the loop at its node declared first, so the message reads in file order.
    const order = [...stuck];
    const first = reversed.reduce((best, n, i) => (order.indexOf(n) < order.indexOf(reversed[best] ?? n) ? i : best), 0);
    const loop = [...reversed.slice(first), ...reversed.slice(0, first)];
    if (loop.some((n) => reported.has(n))) continue;
    for (const n of loop) reported.add(n);
    cycles.push([...loop, loop[0] ?? current]);
  }
  return cycles;
}
