/**
 * Tree-structured Parzen Estimator (TPE), the optimiser of Valohai's Bayesian tasks (Optuna's
 * default): the finished children are split into the best few and the rest by their score, each
 * parameter's values in either group are smoothed into a density (Gaussians around each value, a
 * flat prior beside them), and of candidates drawn near the best, the one most likely among the
 * best and least among the rest is the next child's. Parameters are chosen independently, as
 * Optuna's default TPE does. Pure and seeded: the same history gives the same proposal.
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';
import type { VariantRules } from '../valohai/model/task-blueprint.ts';
import { isLogUniform, round, seededRandom, variantValues, type ChildValues } from './variants.ts';

/** Where one parameter is searched: a range (log-scaled, whole numbers), or a set of values. */
export type SearchDimension =
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly log: boolean; readonly integer: boolean }
  | { readonly kind: 'choice'; readonly values: readonly ParameterValue[] };

/** A finished child: its values and its score (lower is better). */
export interface Observation {
  readonly values: ChildValues;
  readonly score: number;
}

const CANDIDATES = 24;

/** The search space of a variant rule: a `random` rule's range, any other rule's values. */
export function dimensionOf(rules: VariantRules): SearchDimension | undefined {
  if (rules.style === 'random') {
    return { kind: 'range', min: Math.min(rules.min, rules.max), max: Math.max(rules.min, rules.max), log: isLogUniform(rules), integer: rules.integerify };
  }
  const values = variantValues(rules);
  return values.length > 0 ? { kind: 'choice', values } : undefined;
}

/** The next child's values, from the children finished so far (`seed`: which proposal this is). */
export function proposeTpe(space: Readonly<Record<string, SearchDimension>>, observations: readonly Observation[], seed: number): ChildValues {
  const next = seededRandom(Math.imul(seed + 1, 0x27d4eb2d));
  const sorted = [...observations].sort((a, b) => a.score - b.score);
  // Optuna's default split: the best 10% (at least one, at most 25) against the rest.
  const good = sorted.slice(0, Math.min(25, Math.max(1, Math.ceil(0.1 * sorted.length))));
  const bad = sorted.slice(good.length);
  const proposal: Record<string, ParameterValue> = {};
  for (const [name, dimension] of Object.entries(space)) {
    const seen = (group: readonly Observation[]): ParameterValue[] => group.map((o) => o.values[name]).filter((v): v is ParameterValue => v !== undefined);
    proposal[name] = dimension.kind === 'range' ? proposeRange(dimension, seen(good), seen(bad), next) : proposeChoice(dimension, seen(good), seen(bad), next);
  }
  return proposal;
}

function proposeRange(dimension: Extract<SearchDimension, { kind: 'range' }>, good: readonly ParameterValue[], bad: readonly ParameterValue[], next: () => number): number {
  const to = (v: number): number => (dimension.log ? Math.log(v) : v);
  const from = (x: number): number => (dimension.log ? Math.exp(x) : x);
  const low = to(dimension.min);
  const high = to(dimension.max);
  if (!(high > low)) return dimension.integer ? Math.round(dimension.min) : dimension.min;
  const points = (values: readonly ParameterValue[]): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => Math.min(high, Math.max(low, to(v))));
  const l = parzen(points(good), low, high);
  const g = parzen(points(bad), low, high);
  let best = { x: low + (high - low) * next(), ratio: Number.NEGATIVE_INFINITY };
  for (let i = 0; i < CANDIDATES; i += 1) {
    const x = l.sample(next);
    const ratio = Math.log(l.density(x)) - Math.log(g.density(x));
    if (ratio > best.ratio) best = { x, ratio };
  }
  const value = from(best.x);
  return dimension.integer ? Math.round(value) : round(value);
}

/**
 * Gaussians around each point, each as wide as the larger gap to its neighbours, clipped as Optuna
 * clips them, and a wide one over the middle of the range as a prior.
 */
function parzen(points: readonly number[], low: number, high: number): { sample: (next: () => number) => number; density: (x: number) => number } {
  const span = high - low || 1;
  const prior = low + span / 2;
  // Neighbours among the points and the prior's centre; the range's ends are not (Optuna's default).
  const sorted = [...points, prior].sort((a, b) => a - b);
  const floor = span / Math.min(100, points.length + 1);
  const widthOf = (mu: number): number => {
    const i = sorted.indexOf(mu);
    const left = i > 0 ? mu - (sorted[i - 1] as number) : 0;
    const right = i < sorted.length - 1 ? (sorted[i + 1] as number) - mu : 0;
    return Math.min(span, Math.max(floor, left, right));
  };
  const kernels = [...points.map((mu) => ({ mu, width: widthOf(mu) })), { mu: prior, width: span }];
  const weight = 1 / kernels.length;
  const normal = (x: number, mu: number, width: number): number => Math.exp(-0.5 * ((x - mu) / width) ** 2) / (width * Math.sqrt(2 * Math.PI));
  return {
    sample: (next) => {
      const kernel = kernels[Math.min(kernels.length - 1, Math.floor(next() * kernels.length))] as { mu: number; width: number };
      // Box–Muller, drawn again when it falls outside the range (a truncated normal).
      for (let tries = 0; tries < 16; tries += 1) {
        const x = kernel.mu + kernel.width * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        if (x >= low && x <= high) return x;
      }
      return low + span * next();
    },
    density: (x) => weight * kernels.reduce((sum, k) => sum + normal(x, k.mu, k.width), 0) + 1e-12,
  };
}

function proposeChoice(dimension: Extract<SearchDimension, { kind: 'choice' }>, good: readonly ParameterValue[], bad: readonly ParameterValue[], next: () => number): ParameterValue {
  const key = (v: ParameterValue): string => JSON.stringify(v);
  const weights = (group: readonly ParameterValue[]): number[] => dimension.values.map((v) => 1 + group.filter((g) => key(g) === key(v)).length);
  const l = weights(good);
  const g = weights(bad);
  const lTotal = l.reduce((a, b) => a + b, 0);
  const gTotal = g.reduce((a, b) => a + b, 0);
  let best = { index: 0, ratio: Number.NEGATIVE_INFINITY };
  for (let i = 0; i < CANDIDATES; i += 1) {
    // Drawn in proportion to how often each value was among the best.
    let u = next() * lTotal;
    let index = 0;
    while (index < l.length - 1 && u >= (l[index] as number)) u -= l[index++] as number;
    const ratio = Math.log((l[index] as number) / lTotal) - Math.log((g[index] as number) / gTotal);
    if (ratio > best.ratio) best = { index, ratio };
  }
  return dimension.values[best.index] as ParameterValue;
}
