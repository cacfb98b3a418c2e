/**
 * The children of a task blueprint, by its `type`, as Valohai makes them:
 * - `grid_search` (the default) and `manual_search`: one child per combination of the variant
 *   values, or per parameter set; `execution-count` caps them.
 * - `random_search`: `execution-count` children, each drawing every parameter on its own (a
 *   `random` rule within min…max, any other rule one of its values), seeded, so a re-run draws the
 *   same values and the cache can reuse them.
 * - `bayesian_tpe`: as on Valohai, 20 random-search children seed the optimiser, and TPE (tpe.ts)
 *   chooses each later child's values, as it starts, from the finished children's
 *   `optimization-target-metric` (toward `optimization-target-value`).
 * - `distributed`: `execution-count` identical workers that run at the same time and know each
 *   other (config/distributed.json), for torch.distributed, Horovod and the like.
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';
import type { TaskBlueprint, VariantRules } from '../valohai/model/task-blueprint.ts';
import { dimensionOf, type SearchDimension } from './tpe.ts';
import { grid, isLogUniform, randomRuleValue, seededRandom, variantValues, type ChildValues } from './variants.ts';

export interface TaskChildren {
  readonly children: readonly ChildValues[];
  /** The children are one distributed group: they start together and each knows the others. */
  readonly distributed: boolean;
  /** A Bayesian task's optimiser, which chooses the values of its later children as they start. */
  readonly optimizer?: BayesianSearch;
  /** What a run here does differently from Valohai for this blueprint, said when the run starts. */
  readonly notes: readonly string[];
}

/** A Bayesian (TPE) search: children from `firstProposed` on take the values tpe.ts proposes. */
export interface BayesianSearch {
  readonly firstProposed: number;
  readonly space: Readonly<Record<string, SearchDimension>>;
  /** The metadata key each finished child is scored by. */
  readonly metric: string;
  readonly goal: { readonly kind: 'toward'; readonly value: number } | { readonly kind: 'lowest' } | { readonly kind: 'highest' };
}

/** A finished child's score for the search (lower is better), or undefined without a number to score. */
export function scoreOf(search: BayesianSearch, metadata: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const value = metadata?.[search.metric];
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return search.goal.kind === 'toward' ? Math.abs(value - search.goal.value) : search.goal.kind === 'lowest' ? value : -value;
}

/** Valohai's Bayesian tasks run this many random-search children before the optimiser chooses. */
export const BAYESIAN_SEED_CHILDREN = 20;

/** Without optimization-target-value, which way a metric is better, from its name. */
const LOWER_IS_BETTER = /loss|err|mse|mae|rmse|perplexity|latency|time|cost|distance/i;

export function blueprintChildren(blueprint: TaskBlueprint): TaskChildren {
  const combinations =
    blueprint.parameterSets.length > 0
      ? blueprint.parameterSets.map((row) => ({ ...row }))
      : grid(Object.fromEntries(blueprint.parameters.map((p) => [p.name, variantValues(p.rules)])));
  const count = blueprint.executionCount !== undefined && blueprint.executionCount > 0 ? blueprint.executionCount : undefined;
  const task = `task "${blueprint.name}"`;
  // Nothing to draw (parameter sets alone, which the linter says belong to a manual search): as written.
  const type = blueprint.parameters.length === 0 && (blueprint.type === 'random_search' || blueprint.type === 'bayesian_tpe') ? 'manual_search' : blueprint.type;
  switch (type) {
    case 'random_search':
      return { children: drawn(blueprint, count ?? combinations.length), distributed: false, notes: [] };
    case 'bayesian_tpe':
      return bayesian(blueprint, count ?? combinations.length, task);
    case 'distributed': {
      const notes: string[] = [];
      if (count === undefined) notes.push(`${task} is distributed and sets no execution-count, so its group has one worker (execution-count: N runs N)`);
      if (combinations.length > 1) notes.push(`${task} is distributed: its workers are identical, so each runs the first of its ${combinations.length} parameter combinations`);
      const values = combinations[0] ?? {};
      return { children: Array.from({ length: count ?? 1 }, () => ({ ...values })), distributed: true, notes };
    }
    default:
      return { children: count !== undefined ? combinations.slice(0, count) : combinations, distributed: false, notes: [] };
  }
}

/** Random draws first, as Valohai seeds its optimiser; then children whose values TPE proposes as they start. */
function bayesian(blueprint: TaskBlueprint, n: number, task: string): TaskChildren {
  const children = drawn(blueprint, n);
  const metric = blueprint.optimizationTargetMetric;
  if (n <= BAYESIAN_SEED_CHILDREN) return { children, distributed: false, notes: [] };
  if (metric === undefined) return { children, distributed: false, notes: [`${task} is a Bayesian (TPE) search without optimization-target-metric: all ${n} children are random draws`] };
  const space = Object.fromEntries(blueprint.parameters.flatMap((p) => {
    const dimension = dimensionOf(p.rules);
    return dimension ? [[p.name, dimension] as const] : [];
  }));
  const target = blueprint.optimizationTargetValue;
  const goal = target !== undefined ? ({ kind: 'toward', value: target } as const) : LOWER_IS_BETTER.test(metric) ? ({ kind: 'lowest' } as const) : ({ kind: 'highest' } as const);
  const aim = goal.kind === 'toward' ? `toward ${goal.value}` : `toward the ${goal.kind} (from its name; optimization-target-value sets a value to aim for)`;
  return {
    children,
    distributed: false,
    optimizer: { firstProposed: BAYESIAN_SEED_CHILDREN, space, metric, goal },
    notes: [`${task} is a Bayesian (TPE) search: its first ${BAYESIAN_SEED_CHILDREN} children are random draws, and each later one takes the values TPE proposes from the finished children's ${metric}, ${aim}`],
  };
}

/** `n` children, each drawing every variant parameter on its own. */
function drawn(blueprint: TaskBlueprint, n: number): ChildValues[] {
  const draws = blueprint.parameters.flatMap((p, index) => {
    const draw = drawer(p.rules, index);
    return draw ? [[p.name, draw] as const] : [];
  });
  return Array.from({ length: n }, () => Object.fromEntries(draws.map(([name, draw]) => [name, draw()])));
}

/** How one parameter is drawn: a `random` rule within its range, any other rule among its values. */
function drawer(rules: VariantRules, index: number): (() => ParameterValue) | undefined {
  if (rules.style === 'random') {
    // Unseeded parameters each get a sequence of their own, so that two are not drawn in step.
    const next = seededRandom(rules.seed ?? Math.imul(index + 1, 0x9e3779b9));
    const logScale = isLogUniform(rules);
    return () => randomRuleValue(rules, next(), logScale);
  }
  const values = variantValues(rules);
  if (values.length === 0) return undefined;
  const next = seededRandom(Math.imul(index + 1, 0x85ebca6b));
  return () => values[Math.min(values.length - 1, Math.floor(next() * values.length))] as ParameterValue;
}
