import type { YamlPath } from '../diagnostic.ts';

export interface EnvironmentVariable {
  readonly path: YamlPath;
  readonly name: string;
  readonly default?: string;
  /** Valohai's default is `true`. */
  readonly optional: boolean;
  readonly description?: string;
}

export type Mount =
  | { readonly form: 'short'; readonly path: YamlPath; readonly source: string; readonly destination: string; readonly readonly: false }
  | {
      readonly form: 'long';
      readonly path: YamlPath;
      readonly source: string;
      readonly destination: string;
      readonly readonly: boolean;
      readonly type?: string;
      readonly options: Readonly<Record<string, unknown>>;
    };

export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** `step.resources`: cpu in vCPUs, memory in MB, devices by name (e.g. `nvidia.com/gpu`). */
export interface Resources {
  readonly cpu: Range;
  readonly memory: Range;
  readonly devices: Readonly<Record<string, number>>;
}

/** Number of GPUs a resources block asks for (any device whose name mentions gpu). */
export function gpuCount(resources: Resources | undefined): number {
  if (!resources) return 0;
  let n = 0;
  for (const [name, count] of Object.entries(resources.devices)) if (/gpu/i.test(name)) n += count;
  return n;
}
