import type { Deployment } from './deployment.ts';
import type { Endpoint } from './endpoint.ts';
import type { Pipeline } from './pipeline.ts';
import type { Step } from './step.ts';
import type { TaskBlueprint } from './task-blueprint.ts';

/** Everything a valohai.yaml defines, each kind in file order (duplicates kept for lint). */
export interface ValohaiConfig {
  readonly steps: readonly Step[];
  readonly pipelines: readonly Pipeline[];
  readonly tasks: readonly TaskBlueprint[];
  readonly endpoints: readonly Endpoint[];
  readonly deployments: readonly Deployment[];
}

export const EMPTY_CONFIG: ValohaiConfig = { steps: [], pipelines: [], tasks: [], endpoints: [], deployments: [] };

/**
 * The item of a kind with that name that is in effect: the last one written, as upstream's parser
 * keeps items in a dict by name, a later one replacing an earlier (which is warned of).
 */
export function findByName<T extends { readonly name: string }>(items: readonly T[], name: string | undefined): T | undefined {
  return items.findLast((item) => item.name === name);
}
