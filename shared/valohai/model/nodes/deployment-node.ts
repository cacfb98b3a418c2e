import type { NodeCommon } from './node-common.ts';

/** Creates a new version of a deployment from endpoints, with files fed by `output→file` edges. */
export interface DeploymentNode extends NodeCommon {
  readonly type: 'deployment';
  readonly deployment: string;
  readonly endpoints: readonly string[];
  readonly aliases: readonly string[];
}
