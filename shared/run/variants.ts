/**
 * The values a task blueprint's variant rules give (single, multiple, linear, logspace, random
 * with seed), and their grid; blueprint-children.ts makes a task's children of them.
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';
import type { VariantRules } from '../valohai/model/task-blueprint.ts';

export type ChildValues = Readonly<Record<string, ParameterValue>>;

/** A small seeded PRNG (mulberry32): the same seed gives the same sweep on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value as written back: twelve significant digits, so 0.1 + 0.2 reads 0.3. */
export const round = (value: number): number => Number(value.toPrecision(12));

type RandomRules = Extract<VariantRules, { style: 'random' }>;

/** Whether a `random` rule draws on a log scale (`distribution: loguniform`, over a positive range). */
export function isLogUniform(rules: RandomRules): boolean {
  return /^log[-_]?uniform$/i.test(rules.distribution) && rules.min > 0 && rules.max > 0;
}

/** A `random` rule's value at `u` ∈ [0, 1): within min…max, on a log scale when `logScale`, whole with integerify. */
export function randomRuleValue(rules: RandomRules, u: number, logScale: boolean): number {
  const { min, max } = rules;
  const value = logScale ? Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * u) : min + (max - min) * u;
  return rules.integerify ? Math.round(value) : round(value);
}

/** The values one variant parameter takes, in order. */
export function variantValues(rules: VariantRules): ParameterValue[] {
  switch (rules.style) {
    case 'single':
      return [rules.value];
    case 'multiple':
      return [...rules.items];
    case 'linear': {
      if (rules.step === 0 || Math.sign(rules.end - rules.start) * Math.sign(rules.step) < 0) return [rules.start];
      const out: number[] = [];
      for (let v = rules.start, i = 0; rules.step > 0 ? v <= rules.end + 1e-12 : v >= rules.end - 1e-12; i += 1, v = rules.start + i * rules.step) {
        out.push(round(v));
        if (out.length > 100_000) break;
      }
      return out;
    }
    case 'logspace': {
      const count = Math.max(1, Math.floor(rules.count));
      return Array.from({ length: count }, (_, i) => {
        const exponent = count === 1 ? rules.start : rules.start + ((rules.end - rules.start) * i) / (count - 1);
        const value = rules.base ** exponent;
        return rules.integerify ? Math.round(value) : round(value);
      });
    }
    case 'random': {
      const next = seededRandom(rules.seed ?? 0);
      return Array.from({ length: Math.max(1, Math.floor(rules.count)) }, () => randomRuleValue(rules, next(), false));
    }
    case 'other':
      return [];
  }
}

/** Every combination of the given value lists (grid search), in a stable order. */
export function grid(lists: Readonly<Record<string, readonly ParameterValue[]>>): ChildValues[] {
  let combos: Record<string, ParameterValue>[] = [{}];
  for (const [name, values] of Object.entries(lists)) {
    if (values.length === 0) continue;
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos;
}
