/** Which nodes of a pipeline "find a node" (Ctrl+K) offers for what was typed, best first. */
import type { PipelineNode } from '../../../shared/valohai/model/nodes/node.ts';
import { subtitleOf } from './flow-model.ts';

export interface NodeMatch {
  readonly name: string;
  /** What the node runs: `step train`, `task lr-sweep`, `deployment api`. */
  readonly runs: string;
}

const SHOWN = 50;

/** What a node runs, as its card says it without a sweep's detail. */
const runsOf = (node: PipelineNode): string => subtitleOf(node, undefined);

/**
 * The nodes whose name (or what they run) holds `typed`, case aside: a name that starts with it
 * first, then one where a word of it does (`eval` finds `model-evaluate`), then any other; in the
 * pipeline's order within each. Nothing typed: every node, as listed.
 */
export function findNodes(nodes: readonly PipelineNode[], typed: string): NodeMatch[] {
  const q = typed.trim().toLowerCase();
  const rank = (node: PipelineNode): number => {
    const name = node.name.toLowerCase();
    if (q === '' || name.startsWith(q)) return 0;
    if (name.split(/[^a-z0-9]+/).some((word) => word.startsWith(q))) return 1;
    if (name.includes(q)) return 2;
    return runsOf(node).toLowerCase().includes(q) ? 3 : -1;
  };
  return nodes
    .map((node, i) => ({ node, i, rank: rank(node) }))
    .filter((m) => m.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, SHOWN)
    .map((m) => ({ name: m.node.name, runs: runsOf(m.node) }));
}
