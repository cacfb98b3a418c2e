/**
 * Runs one execution's command: `/bin/sh -c` (or its `#!` script) in the project folder, in a
 * process group of its own, with stdout/stderr captured line by line into the log file and
 * JSON-object lines on stdout turned into metadata. Enforces time-limit and no-output-timeout.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionStatus, LogLine, MetadataValue } from '../../../shared/run/events.ts';
import type { Runnable } from '../../../shared/run/build-command.ts';
import { LiveLines, MetadataScanner } from './capture.ts';
import { LogWriter } from './log-file.ts';
import { terminateGroup } from './process-group.ts';
import { CONTAINER_FOLDERS, containerArgs, removeContainer, runtimeExitNote, type ContainerExecution } from './container.ts';
import { spawnGrouped, type OutputSink, type Spawned } from './spawner.ts';

/** Metadata lines longer than this are not parsed. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Bytes of output per 100 ms that go out as live log events (all of it goes to the log file). */
export const LIVE_BYTES_PER_TICK = 64 * 1024;
/** How long output may go on arriving after the command exited, before what holds it is left to itself. */
export const OUTPUT_GRACE_MS = 2000;

export interface ProcessSpec {
  readonly runnable: Runnable;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly configDir: string;
  readonly logPath: string;
  /** Seconds. */
  readonly timeLimit?: number;
  readonly noOutputTimeout?: number;
  readonly onStart: (pid: number) => void;
  readonly onLines: (lines: LogLine[]) => void;
  readonly onMetadata: (at: number, values: Record<string, MetadataValue>) => void;
  /** A line that looked like metadata was too long to be read as such. */
  readonly onWarning: (message: string) => void;
  /** Run in the step's image (container.ts); `env` is then the runtime client's own. */
  readonly container?: ContainerExecution;
}

export interface ProcessResult {
  readonly status: ExecutionStatus;
  readonly exitCode: number | null;
  readonly error?: string;
}

export interface RunningProcess {
  readonly done: Promise<ProcessResult>;
  /** Kills the whole group; the result says `cancelled`. */
  cancel(): void;
  /** Ends it early as finished (a stop-condition held): the whole group goes, the result says `succeeded`. */
  stopEarly(): void;
}

export function startProcess(spec: ProcessSpec): RunningProcess {
  let command: string[];
  if (spec.runnable.kind === 'script') {
    const script = join(spec.configDir, 'command.sh');
    writeFileSync(script, spec.runnable.script);
    chmodSync(script, 0o755);
    command = [spec.container ? `${CONTAINER_FOLDERS.config}/command.sh` : script];
  } else {
    command = ['/bin/sh', '-c', spec.runnable.command];
  }
  const container = spec.container;
  if (container) {
    const client = containerArgs(container, command);
    command = [client.file, ...client.args];
  }
  const log = new LogWriter(spec.logPath);
  const live = new LiveLines(LIVE_BYTES_PER_TICK);
  let pid: number | undefined;
  let ending: ExecutionStatus | undefined;
  let endingError: string | undefined;
  let removal: Promise<void> | undefined;
  let lastOutput = Date.now();
  const flushBatch = (): void => {
    const lines = live.take();
    if (lines.length > 0) spec.onLines(lines);
    log.flush(); // other processes (`logs --follow`, an editor that did not start the run) read the file
  };
  const batchTimer = setInterval(flushBatch, 100);
  const stop = (status: ExecutionStatus, error?: string): void => {
    if (ending) return;
    ending = status;
    endingError = error;
    if (pid) void terminateGroup(pid);
    // The client's end leaves its container running: it goes by name (and the execution ends once it has).
    if (container) removal = removeContainer(container.runtime, container.name, spec.env);
  };
  const timers: NodeJS.Timeout[] = [];
  if (spec.timeLimit !== undefined && spec.timeLimit > 0) {
    timers.push(setTimeout(() => stop('timed-out', `time limit of ${spec.timeLimit}s reached`), spec.timeLimit * 1000));
  }
  if (spec.noOutputTimeout !== undefined && spec.noOutputTimeout > 0) {
    const limit = spec.noOutputTimeout * 1000;
    timers.push(
      setInterval(() => {
        if (Date.now() - lastOutput >= limit) stop('timed-out', `no output for ${spec.noOutputTimeout}s`);
      }, Math.min(1000, limit / 4)),
    );
  }
  const metadata = new MetadataScanner(
    MAX_LINE_BYTES,
    (values, t) => spec.onMetadata(t, values),
    (bytes) => spec.onWarning(`a metadata line of ${bytes} bytes is longer than ${MAX_LINE_BYTES} and was not recorded (it is in the log)`),
  );
  let open = 2;
  let closed: () => void = () => undefined;
  const streams = new Promise<void>((resolve) => (closed = resolve));
  const sink: OutputSink = {
    data: (stream, chunk) => {
      const t = Date.now();
      lastOutput = t;
      log.append(stream, chunk, t);
      if (stream === 'stdout') metadata.push(chunk, t);
      live.push(stream, chunk, t);
    },
    end: (stream) => {
      if (stream === 'stdout') metadata.end();
      live.end(stream, Date.now());
      open -= 1;
      if (open === 0) closed();
    },
  };
  const finish = (result: ProcessResult): ProcessResult => {
    for (const timer of timers) clearTimeout(timer);
    clearInterval(batchTimer);
    flushBatch();
    log.close();
    if (log.failure !== undefined) spec.onWarning(`its log could not be written (${log.failure}): ${log.lostBytes} bytes of its output were not kept`);
    return result;
  };
  const run = async (): Promise<ProcessResult> => {
    let spawned: Spawned;
    try {
      spawned = await spawnGrouped({ file: command[0] as string, args: command.slice(1), cwd: spec.cwd, env: spec.env, sink });
    } catch (error) {
      return finish({ status: 'failed', exitCode: null, error: `could not start: ${error instanceof Error ? error.message : String(error)}` });
    }
    pid = spawned.pid;
    spec.onStart(pid);
    if (ending) void terminateGroup(pid); // cancelled while it was starting
    // Whatever the command left running in its group is gone with it (see Spawned.exited).
    const { code, signal } = await spawned.exited;
    // Its group is gone: a process that still holds its output left the group (setsid, a daemon;
    // the launcher ends those, Node's spawn cannot), and would keep the execution from ending.
    let grace: NodeJS.Timeout | undefined;
    // (Decided after the loop's next reads: a runner busy past the grace still reads what was already there.)
    const held = await Promise.race([streams.then(() => false), new Promise<boolean>((done) => (grace = setTimeout(() => setImmediate(() => done(true)), OUTPUT_GRACE_MS)))]);
    clearTimeout(grace);
    if (held) {
      spec.onWarning(`a process it started outside its process group (setsid, a daemon) still held its output ${OUTPUT_GRACE_MS / 1000} s after it ended: it was left running, and what it writes is not kept`);
      spawned.detach();
    }
    await streams;
    await removal;
    // Stopped as its client was starting, the container may have been made after that removal: once more.
    if (container && ending) await removeContainer(container.runtime, container.name, spec.env);
    if (ending === 'succeeded') return finish({ status: ending, exitCode: code });
    if (ending) return finish({ status: ending, exitCode: code, error: endingError });
    if (code === 0) return finish({ status: 'succeeded', exitCode: 0 });
    const note = container ? runtimeExitNote(code, container.limits.memoryMb) : undefined;
    return finish({ status: 'failed', exitCode: code, error: signal ? `killed by ${signal}` : `exit code ${code}${note ? `: ${note}` : ''}` });
  };
  const done = run();
  return { done, cancel: () => stop('cancelled', 'cancelled'), stopEarly: () => stop('succeeded') };
}
