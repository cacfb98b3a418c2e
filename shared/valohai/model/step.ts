import type { YamlPath } from '../diagnostic.ts';
import type { EnvironmentVariable, Mount, Resources } from './environment.ts';
import type { Input, Output } from './input.ts';
import type { Parameter } from './parameter.ts';

/** A `step`: one runnable unit with its command, parameters, inputs and runtime settings. */
export interface Step {
  readonly path: YamlPath;
  readonly name: string;
  readonly image?: string;
  /** Each item is interpolated on its own; a string command is a one-item list. */
  readonly command: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly inputs: readonly Input[];
  readonly outputs: readonly Output[];
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly environmentVariableGroups: readonly string[];
  readonly mounts: readonly Mount[];
  readonly cacheVolumes: readonly string[];
  readonly resources?: Resources;
  readonly environment?: string;
  /** Valohai restarts the execution when its spot instance goes away; undefined: not set. */
  readonly autorestart?: boolean;
  readonly runtimeConfigPreset?: string;
  /** Seconds; undefined means no limit. */
  readonly timeLimit?: number;
  readonly noOutputTimeout?: number;
  readonly description?: string;
  readonly icon?: string;
  readonly category?: string;
  readonly sourcePath?: string;
  readonly stopCondition?: string;
  readonly uploadStore?: string;
  /**
   * Parameters, inputs and environment variables that a later one of the same name replaces:
   * upstream keeps each kind in a dict by name (the first one's place, the last one's value).
   */
  readonly replaced: readonly Replaced[];
}

export interface Replaced {
  readonly kind: 'parameter' | 'input' | 'environment variable';
  readonly name: string;
  readonly path: YamlPath;
}

/** The parts of a step a pipeline node may override (`node.override`). */
export interface Override {
  readonly path: YamlPath;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly inputs: readonly Input[];
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly mounts?: readonly Mount[];
  readonly environment?: string;
  /** An explicit false wins over the step's true. */
  readonly autorestart?: boolean;
  readonly runtimeConfigPreset?: string;
}
