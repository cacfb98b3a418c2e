/**
 * `pipewright export [PATH] --pipeline NAME [--to argo]`: the pipeline as an Argo Workflow, for
 * when one machine is not enough. Parameter values are resolved now (`--param`, `--node-param`,
 * as for `run`); the code is cloned in each pod from the project's git remote at its commit
 * (`--repository`, `--revision` to choose). What cannot be compiled is said on stderr.
 */
import { exportArgo } from '../../runner/argo-export.ts';
import { RunnerError } from '../../runner/runner-error.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, printJson, refuse } from '../output.ts';
import { runProjectDir } from '../name-as-path.ts';
import { runTarget, type RunArgs } from '../run-target.ts';

export interface ExportOptions extends RunArgs {
  readonly path: string;
  readonly to: string | undefined;
  readonly repository: string | undefined;
  readonly revision: string | undefined;
  readonly json: boolean;
}

export async function exportCommand(options: ExportOptions, io: Io): Promise<number> {
  const fail = (message: string, code: number): number => refuse(io, 'export', message, code);
  const project = runProjectDir(options.path, io.cwd);
  if (!project.ok) return fail(project.message, EXIT_USAGE);
  if ((options.to ?? 'argo') !== 'argo') return fail(`--to ${options.to ?? ''}: the one target is argo (Argo Workflows)`, EXIT_USAGE);
  const target = runTarget(options, project.dir, io.cwd);
  if (!target.ok) return fail(target.message, target.why === 'file' ? EXIT_FAILED : EXIT_USAGE);
  try {
    const result = await exportArgo({
      projectDir: project.dir,
      pipeline: target.name,
      planOptions: target.options,
      ...(options.repository !== undefined ? { repository: options.repository } : {}),
      ...(options.revision !== undefined ? { revision: options.revision } : {}),
    });
    if (options.json) return (printJson(io, { workflow: result.workflow, warnings: result.warnings }), EXIT_OK);
    io.out(result.yaml);
    for (const note of result.warnings) io.err(`pipewright export: warning: ${note}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error;
    return fail(error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
  }
}
