/**
 * Runs one execution's command: `/bin/sh -c` (or its `#!` script) in the project folder, in a
 * process group of its own, with stdout/stderr captured line by line into the log file and
 * JSON-object lines on stdout turned into metadata. Enforces time-limit and no-output-timeout.
 */
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionStatus, LogLine, MetadataValue } from '../../../shared/run/events.ts';
import type { Runnable } from '../../../shared/run/build-command.ts';
import { LiveLines, MetadataScanner } from './capture.ts';
import { LogWriter } from './log-file.ts';
import { guardGroup, killGroup, terminateGroup, unguardGroup } from './process-group.ts';

/** Metadata lines longer than this are not parsed. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** Bytes of output per 100 ms that go out as live log events (all of it goes to the log file). */
export const LIVE_BYTES_PER_TICK = 64 * 1024;

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
}

export function startProcess(spec: ProcessSpec): RunningProcess {
  let command: string[];
  if (spec.runnable.kind === 'script') {
    const script = join(spec.configDir, 'command.sh');
    writeFileSync(script, spec.runnable.script);
    chmodSync(script, 0o755);
    command = [script];
  } else {
    command = ['/bin/sh', '-c', spec.runnable.command];
  }
  const log = new LogWriter(spec.logPath);
  const live = new LiveLines(LIVE_BYTES_PER_TICK);
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: spec.cwd,
    env: spec.env,
    detached: true, // its own process group: cancel reaches every descendant
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ending: ExecutionStatus | undefined;
  let endingError: string | undefined;
  let lastOutput = Date.now();
  const flushBatch = (): void => {
    const lines = live.take();
    if (lines.length > 0) spec.onLines(lines);
  };
  const batchTimer = setInterval(flushBatch, 100);
  const stop = (status: ExecutionStatus, error?: string): void => {
    if (ending) return;
    ending = status;
    endingError = error;
    if (child.pid) void terminateGroup(child.pid);
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
  const capture = (stream: 'stdout' | 'stderr', source: NodeJS.ReadableStream | null): Promise<void> => {
    const metadata =
      stream === 'stdout'
        ? new MetadataScanner(
            MAX_LINE_BYTES,
            (values, t) => spec.onMetadata(t, values),
            (bytes) => spec.onWarning(`a metadata line of ${bytes} bytes is longer than ${MAX_LINE_BYTES} and was not recorded (it is in the log)`),
          )
        : undefined;
    return new Promise((resolve) => {
      if (!source) return resolve();
      source.on('data', (chunk: Buffer) => {
        const t = Date.now();
        lastOutput = t;
        log.append(stream, chunk, t);
        metadata?.push(chunk, t);
        live.push(stream, chunk, t);
      });
      source.on('end', () => {
        metadata?.end();
        live.end(stream, Date.now());
        resolve();
      });
      source.on('error', () => resolve());
    });
  };
  const streams = Promise.all([capture('stdout', child.stdout), capture('stderr', child.stderr)]);
  const done = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (error) => {
      spawnError = error.message;
    });
    if (child.pid) {
      guardGroup(child.pid);
      spec.onStart(child.pid);
    }
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      // Whatever the command left running in its group goes with it, as in a container; that
      // also closes pipes a background child held open.
      if (child.pid) killGroup(child.pid, 'SIGKILL');
      void streams.then(() => {
        for (const timer of timers) clearTimeout(timer);
        clearInterval(batchTimer);
        flushBatch();
        log.close();
        if (child.pid) unguardGroup(child.pid);
        if (ending) return resolve({ status: ending, exitCode: code, error: endingError });
        if (spawnError) return resolve({ status: 'failed', exitCode: null, error: `could not start: ${spawnError}` });
        if (code === 0) return resolve({ status: 'succeeded', exitCode: 0 });
        return resolve({ status: 'failed', exitCode: code, error: signal ? `killed by ${signal}` : `exit code ${code}` });
      });
    };
    child.on('exit', finish);
    child.on('error', () => {
      if (child.pid === undefined) finish(null, null); // never started: no exit event comes
    });
  });
  return { done, cancel: () => stop('cancelled', 'cancelled') };
}
