/** The nodes a pipeline node comes after, near and far, through edges of every kind (files, values, order). */
import type { Pipeline } from '../valohai/model/pipeline.ts';

export function upstreamOf(pipeline: Pick<Pipeline, 'edges'>, node: string): string[] {
  const before = new Map<string, string[]>();
  for (const edge of pipeline.edges) before.set(edge.target.node, [...(before.get(edge.target.node) ?? []), edge.source.node]);
  const seen = new Set<string>();
  const queue = [...(before.get(node) ?? [])];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (seen.has(next) || next === node) continue;
    seen.add(next);
    queue.push(...(before.get(next) ?? []));
  }
  return [...seen];
}
