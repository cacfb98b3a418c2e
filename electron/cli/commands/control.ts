/** `pipewright approve|reject RUN NODE [--comment]` and `pipewright cancel RUN`. */
import { userInfo } from 'node:os';
import { RunnerError } from '../../runner/runner-error.ts';
import { decide, requestCancel } from '../../runner/stored-runs.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, printJson, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { projectOption } from '../shown-path.ts';

function who(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'someone';
  }
}

function failure(io: Io, verb: string, error: unknown): number {
  if (!(error instanceof RunnerError)) throw error;
  return refuse(io, verb, error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
}

export function decideCommand(options: { project: string; runId: string; node: string; decision: 'approved' | 'rejected'; comment: string; by?: string; json: boolean }, io: Io): number {
  const verb = options.decision === 'approved' ? 'approve' : 'reject';
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, verb, project.message, EXIT_USAGE);
  const by = options.by ?? who();
  let decided: { run: { id: string; status: string }; node: string };
  try {
    decided = decide(project.dir, options.runId, options.node, options.decision, by, options.comment);
  } catch (error) {
    return failure(io, verb, error);
  }
  const { run, node } = decided;
  if (options.json) printJson(io, { runId: run.id, node, decision: options.decision, by, comment: options.comment });
  else {
    // Recorded all the same; a run no runner drives (the editor closed, the runner was killed) takes it up when resumed.
    const idle = run.status === 'running' ? '' : `; run ${run.id} is ${run.status}, so it goes on only once resumed: pipewright resume ${run.id}${projectOption(project.dir, io.cwd)}`;
    io.err(`${node} of run ${run.id} ${options.decision} by ${by}${idle}\n`);
  }
  return EXIT_OK;
}

export function cancelCommand(options: { project: string; runId: string; json: boolean }, io: Io): number {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'cancel', project.message, EXIT_USAGE);
  let runId: string;
  try {
    runId = requestCancel(project.dir, options.runId).id;
  } catch (error) {
    return failure(io, 'cancel', error);
  }
  if (options.json) printJson(io, { runId, cancelRequested: true });
  else io.err(`cancel requested for run ${runId}; its runner stops every execution within a moment\n`);
  return EXIT_OK;
}
