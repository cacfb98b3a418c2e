/**
 * Editing a top-level task (a sweep recipe over a step) from its panel: its type and counts, and
 * how each parameter varies across its children. Text → text by source splicing, like every edit.
 */
import { findByName } from '../model/config.ts';
import type { ParameterValue } from '../model/parameter.ts';
import { ON_CHILD_ERROR, TASK_TYPES, type TaskBlueprint } from '../model/task-blueprint.ts';
import { nodeIn, readPlace, valueAt } from './find.ts';
import { setNodeKey } from './node-edits.ts';
import { appendItem, removeItem, removeKey, replaceItem, setKey, type EditResult } from './yaml-splice.ts';
import { parseExpression } from '../../expression/parse.ts';

const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

export type TaskKey =
  | 'type'
  | 'execution-count'
  | 'maximum-queued-executions'
  | 'execution-batch-size'
  | 'optimization-target-metric'
  | 'optimization-target-value'
  | 'on-child-error'
  | 'engine'
  | 'stop-condition'
  | 'reuse-children'
  | 'description';

/** The Bayesian engines Valohai offers (its UI: Optuna, the default, and HyperOpt). */
export const ENGINES = ['optuna', 'hyperopt'] as const;

/** The keys that count something: whole numbers of at least 1. */
const COUNTS: readonly TaskKey[] = ['execution-count', 'maximum-queued-executions', 'execution-batch-size'];

/** How one parameter varies, as written under the task's `parameters:` (`rules` per style). */
export type VariantInput =
  | { readonly style: 'single'; readonly value: ParameterValue }
  | { readonly style: 'multiple'; readonly items: readonly ParameterValue[] }
  | { readonly style: 'linear'; readonly start: number; readonly end: number; readonly step: number }
  | { readonly style: 'logspace'; readonly start: number; readonly end: number; readonly count: number; readonly base: number; readonly integerify: boolean }
  | {
      readonly style: 'random';
      readonly min: number;
      readonly max: number;
      readonly count: number;
      /** null: not seeded (each run draws the same all the same: Pipewright seeds by position). */
      readonly seed: number | null;
      readonly distribution: string;
      readonly integerify: boolean;
    };

/** What a rule the panel sets is when the file does not write it: then it is not written either. */
const RULE_DEFAULTS: Readonly<Record<string, unknown>> = { base: 10, integerify: false, seed: null, distribution: 'uniform' };

/** `base`, or `base-2`, `base-3`… : the first name no task has. */
export function freeTaskName(tasks: readonly { readonly name: string }[], base: string): string {
  const taken = new Set(tasks.map((t) => t.name));
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(name)) return name;
  }
}

/**
 * Appends `- task: {name, step, type: grid_search, parameters: []}`: a sweep of the step that
 * varies nothing yet (one execution), for its panel to fill in.
 */
export function addTask(text: string, task: { readonly name: string; readonly step: string }): EditResult {
  const place = readPlace(text);
  if (!place.ok) return place;
  const { config, data } = place.value;
  if (!TASK_NAME.test(task.name)) return { ok: false, message: `"${task.name}" is not a usable task name` };
  if (findByName(config.tasks, task.name)) return { ok: false, message: `there is already a task "${task.name}"` };
  if (!findByName(config.steps, task.step)) return { ok: false, message: `no step named "${task.step}"` };
  if (!Array.isArray(data) || data.length === 0) return { ok: false, message: 'the file is not a list of steps and pipelines' };
  return appendItem(text, [], { task: { name: task.name, step: task.step, type: 'grid_search', parameters: [] } });
}

/**
 * A task node that names its step directly sweeps only the lists that reach it; this gives it a
 * blueprint of its own (`taskName`, over the same step, varying nothing yet) to set its sweep in,
 * and points the node at it instead of at the step.
 */
export function blueprintForNode(text: string, pipeline: string, nodeName: string, taskName: string): EditResult {
  const found = nodeIn(text, pipeline, nodeName);
  if (!found.ok) return found;
  const { node } = found.value;
  if (node.type !== 'task' || node.source.kind !== 'step') return { ok: false, message: `node "${nodeName}" is not a task node that names its step` };
  const made = addTask(text, { name: taskName, step: node.source.step });
  if (!made.ok) return made;
  const pointed = setNodeKey(made.text, pipeline, nodeName, 'task', taskName);
  return pointed.ok ? setNodeKey(pointed.text, pipeline, nodeName, 'step', undefined) : pointed;
}

type Found = { readonly ok: true; readonly task: TaskBlueprint; readonly data: unknown } | { readonly ok: false; readonly message: string };

function taskIn(text: string, taskName: string): Found {
  const place = readPlace(text);
  if (!place.ok) return place;
  const task = findByName(place.value.config.tasks, taskName);
  return task ? { ok: true, task, data: place.value.data } : { ok: false, message: `no task named "${taskName}"` };
}

/** Sets a plain key of a task; `undefined` removes it. Counts are whole numbers of at least 1. */
export function setTaskKey(text: string, taskName: string, key: TaskKey, value: string | number | boolean | undefined): EditResult {
  const found = taskIn(text, taskName);
  if (!found.ok) return found;
  if (value === undefined) return removeKey(text, found.task.path, key);
  if (key === 'type' && !(TASK_TYPES as readonly unknown[]).includes(value)) return { ok: false, message: `a task's type is one of ${TASK_TYPES.join(', ')}` };
  if (COUNTS.includes(key) && !(typeof value === 'number' && Number.isInteger(value) && value >= 1)) return { ok: false, message: `${key} is a whole number of at least 1` };
  if (key === 'optimization-target-value' && !(typeof value === 'number' && Number.isFinite(value))) return { ok: false, message: `${key} is a number` };
  if (key === 'optimization-target-metric' && (typeof value !== 'string' || value.trim() === '')) return { ok: false, message: `${key} is the name of a metadata key the step prints` };
  if (key === 'on-child-error' && !(ON_CHILD_ERROR as readonly unknown[]).includes(value)) return { ok: false, message: `on-child-error is one of ${ON_CHILD_ERROR.join(', ')}` };
  if (key === 'engine' && !(ENGINES as readonly unknown[]).includes(value)) return { ok: false, message: `a Bayesian engine is one of ${ENGINES.join(', ')}` };
  if (key === 'stop-condition') {
    const parsed = typeof value === 'string' ? parseExpression(value) : undefined;
    if (!parsed?.ok) return { ok: false, message: `stop-condition is a condition on the children's metadata, as \`loss < 0.05\`${parsed ? `: ${parsed.message}` : ''}` };
  }
  if (key === 'reuse-children' && typeof value !== 'boolean') return { ok: false, message: 'reuse-children is true or false' };
  if (key === 'description' && typeof value !== 'string') return { ok: false, message: 'a description is text' };
  if (typeof value === 'boolean' && key !== 'reuse-children') return { ok: false, message: `${key} is not true or false` };
  return setKey(text, found.task.path, key, value);
}

/** Why a variant would not run (a step that never reaches the end, no values), or undefined. */
export function variantProblem(variant: VariantInput): string | undefined {
  const finite = (values: readonly number[]): boolean => values.every((v) => Number.isFinite(v));
  switch (variant.style) {
    case 'single':
      return undefined;
    case 'multiple':
      return variant.items.length === 0 ? 'a multiple variant needs at least one value' : undefined;
    case 'linear':
      if (!finite([variant.start, variant.end, variant.step])) return 'start, end and step are numbers';
      if (variant.step === 0 || Math.sign(variant.end - variant.start) * Math.sign(variant.step) < 0) return 'the step goes from start toward end (not 0, and negative to count down)';
      return (variant.end - variant.start) / variant.step >= 100_000 ? 'that makes over 100 000 values; take a larger step' : undefined;
    case 'logspace':
    case 'random': {
      const [low, high] = variant.style === 'logspace' ? [variant.start, variant.end] : [variant.min, variant.max];
      if (!finite([low, high, variant.count])) return 'every field is a number';
      if (!Number.isInteger(variant.count) || variant.count < 1) return 'count is a whole number of at least 1';
      if (variant.style === 'logspace') return Number.isFinite(variant.base) && variant.base > 0 && variant.base !== 1 ? undefined : 'base is a positive number other than 1';
      if (variant.seed !== null && !Number.isSafeInteger(variant.seed)) return 'seed is a whole number';
      if (variant.distribution.trim() === '') return 'distribution names one (uniform or loguniform)';
      return /^log[-_]?uniform$/i.test(variant.distribution) && (variant.min <= 0 || variant.max <= 0) ? 'a loguniform range is above 0 (min and max)' : undefined;
    }
  }
}

function rulesOf(variant: VariantInput): Record<string, unknown> {
  switch (variant.style) {
    case 'single':
      return { value: variant.value };
    case 'multiple':
      return { items: [...variant.items] };
    case 'linear':
      return { start: variant.start, end: variant.end, step: variant.step };
    case 'logspace':
      return { start: variant.start, end: variant.end, count: variant.count, base: variant.base, integerify: variant.integerify };
    case 'random':
      return { min: variant.min, max: variant.max, count: variant.count, seed: variant.seed, distribution: variant.distribution, integerify: variant.integerify };
  }
}

/**
 * The rules to write: a rule the panel sets is left out when it is its default and the file did
 * not write it (a seed cleared is removed); rules it does not set stay as written.
 */
function mergedRules(before: Readonly<Record<string, unknown>>, set: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(set)) {
    const isDefault = key in RULE_DEFAULTS && RULE_DEFAULTS[key] === value;
    if (value === null || (isDefault && !(key in before))) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Sets how `parameter` varies across the task's children; `undefined` stops varying it (its value is the step's). */
export function setVariant(text: string, taskName: string, parameter: string, variant: VariantInput | undefined): EditResult {
  const found = taskIn(text, taskName);
  if (!found.ok) return found;
  const { task } = found;
  const listPath = [...task.path, 'parameters'];
  const list = valueAt(found.data, listPath);
  const index = Array.isArray(list) ? list.findIndex((item) => (item as { name?: unknown } | null)?.name === parameter) : -1;
  // (A task needs its `parameters:` key, even empty: the last one removed leaves `[]`.)
  if (variant === undefined) return index < 0 ? { ok: true, text } : removeItem(text, listPath, index);
  const problem = variantProblem(variant);
  if (problem) return { ok: false, message: `${parameter}: ${problem}` };
  const item = { name: parameter, style: variant.style, rules: rulesOf(variant) };
  if (index >= 0) {
    // Rules the panel does not set (numberify, say) stay as written.
    const before = (list as unknown[])[index] as { style?: unknown; rules?: unknown };
    const kept = before.style === variant.style && before.rules !== null && typeof before.rules === 'object' ? { ...(before.rules as Record<string, unknown>) } : {};
    if (variant.style === 'logspace') for (const alias of ['min', 'max']) delete kept[alias];
    return replaceItem(text, listPath, index, { ...before, ...item, rules: mergedRules(kept, item.rules) });
  }
  const fresh = { ...item, rules: mergedRules({}, item.rules) };
  if (Array.isArray(list) && list.length > 0) return appendItem(text, listPath, fresh);
  // Into `parameters: []` (or none): written afresh as a block list, as the others are.
  const without = Array.isArray(list) ? removeKey(text, task.path, 'parameters') : { ok: true as const, text };
  return without.ok ? setKey(without.text, task.path, 'parameters', [fresh]) : without;
}

/**
 * Sets the task's `parameter-sets`: one execution per row, each row the values it gives (what a
 * row leaves out is the step's value). No rows removes the key, and the task varies its
 * parameters as `parameters:` says again. A task given sets becomes a manual search, the only
 * type Valohai reads them in.
 */
export function setParameterSets(text: string, taskName: string, rows: readonly Readonly<Record<string, ParameterValue>>[]): EditResult {
  const found = taskIn(text, taskName);
  if (!found.ok) return found;
  if (rows.length === 0) return removeKey(text, found.task.path, 'parameter-sets');
  if (rows.some((row) => Object.keys(row).length === 0)) return { ok: false, message: 'a parameter set gives at least one parameter a value' };
  const written = setKey(text, found.task.path, 'parameter-sets', rows.map((row) => ({ ...row })));
  // Valohai reads parameter sets in a manual search only (its linter warns otherwise).
  return written.ok && found.task.type !== 'manual_search' ? setTaskKey(written.text, taskName, 'type', 'manual_search') : written;
}
