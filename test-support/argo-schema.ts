/**
 * Argo Workflows' own published JSON schema (test-fixtures/argo-workflows-schema: v4.1.x,
 * byte for byte), as the check that an exported workflow is one Argo, its CLI and the editors
 * that read that schema accept.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA = fileURLToPath(new URL('../test-fixtures/argo-workflows-schema/schema.json', import.meta.url));
const WORKFLOW = 'io.argoproj.workflow.v1alpha1.Workflow';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // Kubernetes' extension keywords (x-kubernetes-*) are not JSON Schema's: not strict. Its number
  // formats are the Go types' (an int64 in JSON is a number like any other); times are RFC 3339.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const format of ['int32', 'int64', 'uint64', 'byte', 'date-time']) ajv.addFormat(format, true);
  ajv.addSchema(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object, 'argo');
  const workflow = ajv.getSchema(`argo#/definitions/${WORKFLOW}`);
  if (!workflow) throw new Error(`${SCHEMA} has no definition ${WORKFLOW}`);
  compiled = workflow;
  return workflow;
}

/** What Argo's schema finds wrong in `workflow`, each as `path: message`; empty when it accepts it. */
export function argoSchemaProblems(workflow: unknown): string[] {
  const validate = validator();
  if (validate(workflow)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`);
}

/** Throws, naming each path, where Argo's schema refuses `workflow`. */
export function assertArgoWorkflow(workflow: unknown): void {
  const problems = argoSchemaProblems(workflow);
  if (problems.length > 0) throw new Error(`Argo's schema refuses the workflow:\n  ${problems.join('\n  ')}`);
}
