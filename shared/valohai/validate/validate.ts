/**
 * The whole check of a valohai.yaml: the upstream schema, the upstream linter's semantic rules,
 * and Pipewright's own checks. `importValohaiYaml` runs it; callers rarely need it directly.
 */
import type { Finding } from '../diagnostic.ts';
import { inEffect, type ValohaiConfig } from '../model/config.ts';
import { lintEdges } from './lint-edges.ts';
import { lintNodes } from './lint-nodes.ts';
import { lintEndpoints } from './lint-endpoints.ts';
import { lintDuplicateNames, lintSteps } from './lint-steps.ts';
import { checkSchema, type SchemaFinding } from './schema-check.ts';

export function validateConfig(data: unknown, written: ValohaiConfig): (Finding | SchemaFinding)[] {
  // As upstream's linter: the items in effect; one a later one of its name replaces is said only to be so.
  const config = inEffect(written);
  return [
    ...checkSchema(data),
    ...lintDuplicateNames(written),
    ...lintEndpoints(config),
    ...lintSteps(config),
    ...config.pipelines.flatMap((pipeline) => [...lintNodes(pipeline, config), ...lintEdges(pipeline, config)]),
  ];
}
