/** `pipewright run` and `pipewright resume`: run a pipeline here, reporting as it goes. */
import { groupingWarnings } from '../warning-groups.ts';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../../shared/run/events.ts';
import { resumeRun, startRun } from '../../runner/runner.ts';
import { RunnerError } from '../../runner/runner-error.ts';
import type { DatabaseSync } from 'node:sqlite';
import { stateDir, withReadOnlyDatabase } from '../../runner/store/database.ts';
import { readyEndpoints } from '../../runner/endpoint-server.ts';
import { deploymentsDir } from '../../runner/engine/deployment.ts';
import { namesGivenIn } from '../../runner/store/datum-index.ts';
import { RunStore } from '../../runner/store/run-store.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, refuse } from '../output.ts';
import { jsonReporter, lineReporter, ttyReporter, type Reporter } from '../progress.ts';
import { runProjectDir } from '../name-as-path.ts';
import { projectDir } from '../project-dir.ts';
import { projectOption, shownPath } from '../shown-path.ts';
import { runTarget, type RunArgs } from '../run-target.ts';

export const EXIT_STOPPED = 4;
export const EXIT_CANCELLED = 130;

export function exitCodeOf(status: RunStatus): number {
  switch (status) {
    case 'succeeded':
      return EXIT_OK;
    case 'stopped':
      return EXIT_STOPPED;
    case 'cancelled':
    case 'interrupted': // left for resume (SIGTERM while it waited for an approval)
      return EXIT_CANCELLED;
    default:
      return EXIT_FAILED;
  }
}

export interface RunFlags {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly jobs?: number;
}

function reporterFor(io: Io, flags: RunFlags, project: string): Reporter {
  if (flags.json) return jsonReporter(io);
  if (io.color && !flags.verbose) return groupingWarnings(ttyReporter(io, undefined, project));
  return groupingWarnings(lineReporter(io, flags.verbose, project));
}

const MAX_OUTPUT_LINES = 20;

/**
 * Where each node's outputs are, read from the store once the run ends: the executions that
 * succeeded, those a resume kept and those reused from an earlier run or the cache (their folder
 * is the one that made them). A sweep of many children is said by its count, its first and its
 * last folder, and a pipeline of many nodes by its first ones (show lists each).
 */
function outputLines(db: DatabaseSync, runId: string, cwd: string): string[] {
  const rows = new RunStore(db).getExecutions(runId).filter((e) => e.status === 'succeeded');
  const byNode = new Map<string, string[]>();
  // By node in the order they started, each node's children in execution order.
  for (const row of rows) byNode.set(row.node, [...(byNode.get(row.node) ?? []), join(row.dir, 'outputs')]);
  const lines = [...byNode].slice(0, MAX_OUTPUT_LINES).map(([node, dirs]) => {
    const shown = [...new Set(dirs)].map((d) => shownPath(d, cwd));
    return `  ${node}: ${shown.length <= 3 ? shown.join(', ') : `${shown.length} executions, ${shown[0] ?? ''} … ${shown.at(-1) ?? ''}`}`;
  });
  if (byNode.size > MAX_OUTPUT_LINES) lines.push(`  … and ${byNode.size - MAX_OUTPUT_LINES} more nodes`);
  return lines;
}

type Control = { cancel: (reason?: string) => void; leave: (reason: string) => void };

/**
 * Where the run's output goes, for as long as it runs. Output that can no longer be written
 * (`pipewright run | head` once head has quit; a closed terminal: EPIPE, EIO) does not end the
 * process on the spot, as it ends the other verbs: the run is left as a SIGHUP leaves it (its
 * steps stopped and why recorded; one only waiting for an approval left waiting), for resume to finish.
 */
function outputWatch(onGone: (code: string) => void): { silence: () => void; restore: () => void } {
  const streams = [process.stdout, process.stderr];
  const before = streams.map((stream) => stream.listeners('error'));
  let gone = false;
  const silence = (): void => void (gone = true);
  const onError = (error: NodeJS.ErrnoException): void => {
    if (gone) return;
    gone = true;
    onGone(error.code ?? 'an error');
  };
  for (const stream of streams) stream.removeAllListeners('error').on('error', onError);
  return {
    silence,
    // (Once gone, it stays silent: a late error must not turn the run's exit code into EPIPE's.)
    restore: () => {
      if (gone) return;
      streams.forEach((stream, i) => {
        stream.off('error', onError);
        for (const listener of before[i] ?? []) stream.on('error', listener as (error: Error) => void);
      });
    },
  };
}

export async function driveRun(io: Io, flags: RunFlags, dir: string, start: (onEvent: (e: RunEvent) => void, onStarted: (run: Control) => void) => Promise<{ runId: string; status: RunStatus }>): Promise<number> {
  const project = projectOption(dir, io.cwd);
  const reporter = reporterFor(io, flags, project);
  /** The run's nodes, from its start: one node's logs need no NODE. */
  let nodes: readonly string[] = [];
  let control: Control | undefined;
  /** Why the run is to be left, when that came before the run had started. */
  let leaving: string | undefined;
  const leave = (reason: string): void => (control ? control.leave(reason) : void (leaving = reason));
  const output = outputWatch((code) => leave(`the runner's output closed (${code}); resume continues the run`));
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) {
      reporter.close(); // what was announced goes out before leaving
      process.exit(EXIT_CANCELLED);
    }
    if (signal === 'SIGINT') {
      io.err('\ncancelling the run (press Ctrl+C again to leave at once)…\n');
      return control?.cancel('cancelled with Ctrl+C');
    }
    // Not the user's own ^C but the system's (a shutdown, a kill, the terminal closed): a run only
    // waiting for an approval is left waiting, as a crash would leave it; steps running are stopped.
    if (signal === 'SIGHUP') output.silence(); // the terminal is gone: writing to it fails
    io.err(`\n${signal}: stopping (a run waiting for an approval stays waiting: approve, then pipewright resume)…\n`);
    leave(`the runner got ${signal}; resume continues the run`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    const result = await start(
      (event) => {
        if (event.type === 'run:start') nodes = event.nodes;
        reporter.onEvent(event);
      },
      (run) => {
        control = run;
        if (leaving !== undefined) run.leave(leaving);
      },
    );
    reporter.close();
    if (!flags.json) {
      // Read once, read-only: it needs no write lock, nor the state folder's set-up a run's store does.
      const { lines, named } = withReadOnlyDatabase(dir, (db) => (db ? { lines: outputLines(db, result.runId, io.cwd), named: namesGivenIn(db, result.runId) } : { lines: [], named: [] }));
      if (lines.length > 0) io.err(`outputs:\n${lines.join('\n')}\n`);
      // A deployment node's endpoints, made ready here: where each is, and the command that serves it.
      const state = stateDir(dir);
      const ready = nodes.flatMap((node) => readyEndpoints(state, result.runId, node).map((name, _, all) => `  ${node}: ${name} in ${shownPath(join(deploymentsDir(state, result.runId, node), name), io.cwd)}; serve it: pipewright endpoint ${result.runId} ${node}${all.length > 1 ? ` ${name}` : ''}${project}`));
      if (ready.length > 0) io.err(`endpoints:\n${ready.join('\n')}\n`);
      // `named`: what later runs may take by name (FILE.metadata.json gave them).
      if (named.length > 0) io.err(`named:\n${named.map((n) => `  ${n}`).join('\n')}\n`);
      io.err(`details: pipewright show ${result.runId}${project}    logs: pipewright logs ${result.runId}${nodes.length === 1 ? '' : ' NODE'}${project}\n`);
    }
    return exitCodeOf(result.status);
  } catch (error) {
    reporter.close();
    if (error instanceof RunnerError) return refuse(io, '', error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
    throw error; // said by the CLI's own catch, as for every verb (a damaged runs.db, an internal error)
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

export interface RunOptions extends RunFlags, RunArgs {
  readonly path: string;
  readonly reuse: string | undefined;
  readonly cache: boolean;
  readonly container: boolean;
}

export async function runCommand(options: RunOptions, io: Io): Promise<number> {
  const project = runProjectDir(options.path, io.cwd);
  if (!project.ok) return refuse(io, 'run', project.message, EXIT_USAGE);
  const target = runTarget(options, project.dir, io.cwd);
  if (!target.ok) return refuse(io, 'run', target.message, target.why === 'file' ? EXIT_FAILED : EXIT_USAGE);
  return driveRun(
    io,
    options,
    project.dir,
    (onEvent, onStarted) =>
      startRun({ projectDir: project.dir, pipeline: target.name, planOptions: target.options, cache: options.cache, reuse: options.reuse, jobs: options.jobs, container: options.container, onEvent, onStarted }),
  );
}

export async function resumeCommand(options: RunFlags & { readonly project: string; readonly runId: string }, io: Io): Promise<number> {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'resume', project.message, EXIT_USAGE);
  return driveRun(io, options, project.dir, (onEvent, onStarted) => resumeRun({ projectDir: project.dir, runId: options.runId, jobs: options.jobs, onEvent, onStarted }));
}
