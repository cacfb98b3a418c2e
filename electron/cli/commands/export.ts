/**
 * `pipewright export [PATH] --pipeline NAME [--to argo]`: the pipeline as an Argo Workflow, for
 * when one machine is not enough. Parameter values are resolved now (`--param`, `--node-param`,
 * as for `run`); the code is cloned in each pod from the project's git remote at its commit
 * (`--repository`, `--revision` to choose). What cannot be compiled is said on stderr.
 */
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { toArgoWorkflow, unexportable } from '../../../shared/export/argo/workflow.ts';
import { loadPlan, RunnerError } from '../../runner/runner.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printJson, type Io } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { parseParams } from '../run-args.ts';

export interface ExportOptions {
  readonly path: string;
  readonly pipeline: string | undefined;
  readonly to: string | undefined;
  readonly params: readonly string[];
  readonly nodeParams: readonly string[];
  readonly repository: string | undefined;
  readonly revision: string | undefined;
  readonly json: boolean;
}

function git(dir: string, args: readonly string[]): string | undefined {
  const result = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The project's own remote and commit, and whether files changed since (they would not be cloned). */
function gitSource(dir: string): { repository?: string; revision?: string; dirty: boolean } {
  const repository = git(dir, ['remote', 'get-url', 'origin']);
  const revision = git(dir, ['rev-parse', 'HEAD']);
  const status = git(dir, ['status', '--porcelain', '--untracked-files=no']);
  return { ...(repository ? { repository } : {}), ...(revision ? { revision } : {}), dirty: status !== undefined && status !== '' };
}

export async function exportCommand(options: ExportOptions, io: Io): Promise<number> {
  const fail = (message: string, code: number): number => {
    if (options.json) printJson(io, { error: { message } });
    else io.err(`pipewright export: ${message}\n`);
    return code;
  };
  const project = projectDir(options.path, io.cwd);
  if (!project.ok) return fail(project.message, EXIT_USAGE);
  if (!options.pipeline) return fail('--pipeline NAME is required', EXIT_USAGE);
  if ((options.to ?? 'argo') !== 'argo') return fail(`--to ${options.to ?? ''}: the one target is argo (Argo Workflows)`, EXIT_USAGE);
  const parsed = parseParams(options.params, options.nodeParams);
  if (!parsed.ok) return fail(parsed.message, EXIT_USAGE);
  let plan;
  try {
    plan = await loadPlan(project.dir, options.pipeline, { ...parsed.options, unfetchable: unexportable }, 'the pipeline cannot be exported');
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error;
    return fail(error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
  }
  const found = gitSource(project.dir);
  const repository = options.repository ?? found.repository;
  const revision = options.revision ?? found.revision;
  const { workflow, warnings } = toArgoWorkflow(plan, { projectName: basename(project.dir), ...(repository ? { repository } : {}), ...(revision ? { revision } : {}) });
  const notes = [...warnings];
  if (options.repository === undefined && options.revision === undefined && found.dirty && repository) {
    notes.unshift(`the project has uncommitted changes: the pods clone ${revision ?? 'HEAD'}, without them (commit and push first)`);
  }
  if (options.json) return printJson(io, { workflow, warnings: notes }), EXIT_OK;
  io.out(`# Argo Workflow for pipeline "${plan.pipeline}" of ${basename(project.dir)}/valohai.yaml, written by pipewright export.\n`);
  io.out(`# Submit it with: argo submit FILE (or kubectl create -f FILE); approval gates wait for: argo resume.\n`);
  io.out(stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false }));
  for (const note of notes) io.err(`pipewright export: warning: ${note}\n`);
  return EXIT_OK;
}
