import type { Override } from '../step.ts';
import type { EdgeMergeMode, NodeCommon } from './node-common.ts';

/** Where a task node's children come from: a step directly, or a top-level task blueprint. */
export type TaskSource =
  | { readonly kind: 'step'; readonly step: string }
  | { readonly kind: 'blueprint'; readonly task: string }
  /** Both given: the schema forbids it; kept so validation can point at it. */
  | { readonly kind: 'both'; readonly step: string; readonly task: string }
  | { readonly kind: 'none' };

/** Runs a step many times (a sweep), each child with other parameter values. */
export interface TaskNode extends NodeCommon {
  readonly type: 'task';
  readonly source: TaskSource;
  readonly commit?: string;
  readonly override?: Override;
  readonly edgeMergeMode: EdgeMergeMode;
}

/** The step the node's children run, if one can be named without the blueprint table. */
export function taskSourceStep(source: TaskSource): string | undefined {
  return source.kind === 'step' || source.kind === 'both' ? source.step : undefined;
}
