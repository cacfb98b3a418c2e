import type { YamlPath } from '../diagnostic.ts';
import type { ParameterValue } from './parameter.ts';

export const TASK_TYPES = ['grid_search', 'random_search', 'manual_search', 'bayesian_tpe', 'distributed'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const ON_CHILD_ERROR = ['continue-and-complete', 'continue-and-error', 'stop-all-and-error'] as const;
export type OnChildError = (typeof ON_CHILD_ERROR)[number];

/** How one parameter varies across a task's children. */
export type VariantRules =
  | { readonly style: 'single'; readonly value: ParameterValue }
  | { readonly style: 'multiple'; readonly items: readonly ParameterValue[] }
  | { readonly style: 'linear'; readonly start: number; readonly end: number; readonly step: number }
  | {
      readonly style: 'logspace';
      readonly start: number;
      readonly end: number;
      readonly count: number;
      readonly base: number;
      readonly integerify: boolean;
    }
  | {
      readonly style: 'random';
      readonly min: number;
      readonly max: number;
      readonly count: number;
      readonly seed?: number;
      readonly distribution: string;
      readonly integerify: boolean;
    }
  /** A style Pipewright does not know, kept as written. */
  | { readonly style: 'other'; readonly name: string; readonly rules: Readonly<Record<string, unknown>> };

export interface VariantParameter {
  readonly path: YamlPath;
  readonly name: string;
  readonly rules: VariantRules;
}

/** A top-level `task`: a sweep recipe over a step, usable by `type: task` nodes. */
export interface TaskBlueprint {
  readonly path: YamlPath;
  readonly name: string;
  readonly step: string;
  /** Normalised: lowercase, `-` → `_`; unknown types are kept as written. */
  readonly type: TaskType | string;
  readonly parameters: readonly VariantParameter[];
  readonly parameterSets: readonly Readonly<Record<string, ParameterValue>>[];
  readonly executionCount?: number;
  readonly executionBatchSize?: number;
  readonly maximumQueuedExecutions?: number;
  readonly optimizationTargetMetric?: string;
  readonly optimizationTargetValue?: number;
  readonly engine?: string;
  /** Normalised: lowercase, `_` → `-`. */
  readonly onChildError?: OnChildError | string;
  readonly stopCondition?: string;
  readonly reuseChildren: boolean;
  readonly description?: string;
}

/** `RANDOM-SEARCH` → `random_search`, as upstream normalises it. */
export function normaliseTaskType(value: string): string {
  return value.toLowerCase().replaceAll('-', '_');
}

/** `stop_all-AND_error` → `stop-all-and-error`. */
export function normaliseOnChildError(value: string): string {
  return value.toLowerCase().replaceAll('_', '-');
}
