/**
 * The children of a task blueprint, by its `type`, as Valohai makes them:
 * - `grid_search` (the default) and `manual_search`: one child per combination of the variant
 *   values, or per parameter set; `execution-count` caps them.
 * - `random_search`: `execution-count` children, each drawing every parameter on its own (a
 *   `random` rule within min…max, any other rule one of its values), seeded, so a re-run draws the
 *   same values and the cache can reuse them.
 * - `bayesian_tpe`: Valohai seeds its optimiser with 20 random-search children and lets TPE choose
 *   the rest from their metadata; here every child is a random-search draw (said in `notes`).
 * - `distributed`: `execution-count` identical workers that run at the same time and know each
 *   other (config/distributed.json), for torch.distributed, Horovod and the like.
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';
import type { TaskBlueprint, VariantRules } from '../valohai/model/task-blueprint.ts';
import { grid, seededRandom, variantValues, type ChildValues } from './variants.ts';

export interface TaskChildren {
  readonly children: readonly ChildValues[];
  /** The children are one distributed group: they start together and each knows the others. */
  readonly distributed: boolean;
  /** What a run here does differently from Valohai for this blueprint, said when the run starts. */
  readonly notes: readonly string[];
}

/** Valohai's Bayesian tasks run this many random-search children before the optimiser chooses. */
export const BAYESIAN_SEED_CHILDREN = 20;

export function blueprintChildren(blueprint: TaskBlueprint): TaskChildren {
  const combinations =
    blueprint.parameterSets.length > 0
      ? blueprint.parameterSets.map((row) => ({ ...row }))
      : grid(Object.fromEntries(blueprint.parameters.map((p) => [p.name, variantValues(p.rules)])));
  const count = blueprint.executionCount !== undefined && blueprint.executionCount > 0 ? blueprint.executionCount : undefined;
  const task = `task "${blueprint.name}"`;
  switch (blueprint.type) {
    case 'random_search':
      return { children: drawn(blueprint, count ?? combinations.length), distributed: false, notes: [] };
    case 'bayesian_tpe': {
      const n = count ?? combinations.length;
      const notes =
        n > BAYESIAN_SEED_CHILDREN
          ? [`${task} is a Bayesian (TPE) search: Valohai lets its optimiser choose the values of children ${BAYESIAN_SEED_CHILDREN + 1}–${n} from the metadata of those before; here all ${n} are random draws, as Valohai's first ${BAYESIAN_SEED_CHILDREN} are`]
          : [];
      return { children: drawn(blueprint, n), distributed: false, notes };
    }
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

/** `n` children, each drawing every variant parameter on its own. */
function drawn(blueprint: TaskBlueprint, n: number): ChildValues[] {
  const draws = blueprint.parameters.flatMap((p, index) => {
    const draw = drawer(p.rules, index);
    return draw ? [[p.name, draw] as const] : [];
  });
  return Array.from({ length: n }, () => Object.fromEntries(draws.map(([name, draw]) => [name, draw()])));
}

const round = (value: number): number => Number(value.toPrecision(12));

/** How one parameter is drawn: a `random` rule within its range, any other rule among its values. */
function drawer(rules: VariantRules, index: number): (() => ParameterValue) | undefined {
  if (rules.style === 'random') {
    // Unseeded parameters each get a sequence of their own, so that two are not drawn in step.
    const next = seededRandom(rules.seed ?? Math.imul(index + 1, 0x9e3779b9));
    const { min, max } = rules;
    const logarithmic = /^log[-_]?uniform$/i.test(rules.distribution) && min > 0 && max > 0;
    return () => {
      const u = next();
      const value = logarithmic ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * u) : min + (max - min) * u;
      return rules.integerify ? Math.round(value) : round(value);
    };
  }
  const values = variantValues(rules);
  if (values.length === 0) return undefined;
  const next = seededRandom(Math.imul(index + 1, 0x85ebca6b));
  return () => values[Math.min(values.length - 1, Math.floor(next() * values.length))] as ParameterValue;
}
