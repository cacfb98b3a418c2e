/**
 * A pipeline of a project as an Argo Workflow (shared/export/argo), with the project's own git
 * source: what `pipewright export` prints and the editor's "Export to Argo" downloads.
 */
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { PlanOptions } from '../../shared/run/plan.ts';
import { toArgoWorkflow, unexportable } from '../../shared/export/argo/workflow.ts';
import { gitSource } from './git-source.ts';
import { loadPlan } from './runner.ts';

export interface ArgoRequest {
  readonly projectDir: string;
  readonly pipeline: string;
  readonly planOptions: PlanOptions;
  readonly repository?: string;
  readonly revision?: string;
}

export interface ArgoResult {
  readonly workflow: Record<string, unknown>;
  readonly yaml: string;
  readonly warnings: readonly string[];
}

/** Throws RunnerError (exit code 2: no such pipeline; 1: the plan is refused) as `run` does. */
export async function exportArgo(request: ArgoRequest): Promise<ArgoResult> {
  const plan = await loadPlan(request.projectDir, request.pipeline, { ...request.planOptions, unfetchable: unexportable, environment: undefined, occasion: 'export' }, 'the pipeline cannot be exported');
  const found = gitSource(request.projectDir);
  const repository = request.repository ?? found.repository;
  const revision = request.revision ?? found.revision;
  const project = basename(request.projectDir);
  const { workflow, warnings } = toArgoWorkflow(plan, {
    projectName: project,
    subfolder: found.subfolder,
    ...(repository ? { repository } : {}),
    ...(revision ? { revision } : {}),
  });
  const notes = [...warnings];
  if (repository && /^(ssh:\/\/|[\w.-]+@[\w.-]+:)/.test(repository)) {
    // Argo's git artifact clones an SSH address only with a key from a secret.
    notes.push(`the repository ${repository} is an SSH address: the pods clone it only with a key (add sshPrivateKeySecret to each "code" artifact), or give --repository https://… for a public or token clone`);
  }
  if (request.repository === undefined && request.revision === undefined && found.dirty && repository) {
    notes.unshift(`the project has uncommitted changes: the pods clone ${revision ?? 'HEAD'}, without them (commit and push first)`);
  }
  const yaml = [
    `# Argo Workflow for pipeline "${plan.pipeline}" of ${project}/valohai.yaml, written by pipewright export.`,
    '# Submit it with: argo submit FILE (or kubectl create -f FILE); approval gates wait for: argo resume.',
    ...notes.map((note) => `# warning: ${note}`),
    stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false }),
  ].join('\n');
  return { workflow, yaml, warnings: notes };
}
