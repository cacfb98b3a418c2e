import type { Override } from '../step.ts';
import type { EdgeMergeMode, NodeCommon } from './node-common.ts';

/** Runs one step once. */
export interface ExecutionNode extends NodeCommon {
  readonly type: 'execution';
  readonly step: string;
  /** Runs the step from another commit (or a `library:` ref); the step may then be absent here. */
  readonly commit?: string;
  readonly override?: Override;
  readonly edgeMergeMode: EdgeMergeMode;
}
