import type { YamlPath } from '../diagnostic.ts';
import type { Edge } from './edge.ts';
import type { PipelineNode } from './nodes/node.ts';
import type { ParameterValue } from './parameter.ts';

/** A pipeline-level parameter that fans its value out to node parameters. */
export interface PipelineParameter {
  readonly path: YamlPath;
  readonly name: string;
  readonly default?: ParameterValue;
  /** `node.parameter.name` strings as written (`target` and `targets` merged). */
  readonly targets: readonly string[];
  /** Where each of `targets` is written, in the same order (`targets: x` is the key's value, a list's item its own); none for a pipeline not read from the file. */
  readonly targetPaths: readonly YamlPath[];
  readonly description?: string;
  readonly category?: string;
}

export interface Pipeline {
  readonly path: YamlPath;
  readonly name: string;
  readonly nodes: readonly PipelineNode[];
  readonly edges: readonly Edge[];
  readonly parameters: readonly PipelineParameter[];
  readonly reuseExecutions: boolean;
  /** Written as the legacy `blueprint:` key. */
  readonly legacyKey: boolean;
}
