/**
 * Going beyond Valohai while staying valid YAML: a long-form edge out of a task may carry
 * `configuration: {pick: max|min, by: <metadata key>}` to pass on only its best child. One reading
 * and one rule for the runner (what it passes), the canvas (the edge's label) and the inspector
 * (the child it marks), so they never disagree.
 */
import type { Edge } from '../valohai/model/edge.ts';

export interface PickRule {
  readonly pick: 'max' | 'min';
  readonly by: string;
}

/** The edge's rule; `needs-by` when it picks without saying by what; undefined when it picks nothing. */
export function pickRuleOf(edge: Edge): PickRule | 'needs-by' | undefined {
  if (edge.form !== 'long') return undefined;
  const { pick, by } = edge.configuration;
  if (pick !== 'max' && pick !== 'min') return undefined;
  return typeof by === 'string' ? { pick, by } : 'needs-by';
}

/** The item with the highest (lowest) numeric `by`, the first one on a tie; undefined when none has it. */
export function pickBest<T>(items: readonly T[], rule: PickRule, metadata: (item: T) => Readonly<Record<string, unknown>>): T | undefined {
  let best: { item: T; value: number } | undefined;
  for (const item of items) {
    const value = metadata(item)[rule.by];
    if (typeof value !== 'number') continue;
    if (!best || (rule.pick === 'max' ? value > best.value : value < best.value)) best = { item, value };
  }
  return best?.item;
}
