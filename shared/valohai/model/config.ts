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

/**
 * One item per name, as upstream's dict by name keeps them: in the place of the first of that
 * name, with the last one's value (the one findByName finds). `replaced`: the items a later one replaced.
 */
export function lastOfEachName<T extends { readonly name: string }>(items: readonly T[]): { readonly kept: T[]; readonly replaced: T[] } {
  const last = new Map<string, T>();
  for (const item of items) last.set(item.name, item);
  return { kept: [...last.values()], replaced: items.filter((item) => last.get(item.name) !== item) };
}

/** The config as upstream's parser leaves it: of each kind, one item per name, the one in effect. */
export function inEffect(config: ValohaiConfig): ValohaiConfig {
  return {
    steps: lastOfEachName(config.steps).kept,
    pipelines: lastOfEachName(config.pipelines).kept,
    tasks: lastOfEachName(config.tasks).kept,
    endpoints: lastOfEachName(config.endpoints).kept,
    deployments: lastOfEachName(config.deployments).kept,
  };
}
