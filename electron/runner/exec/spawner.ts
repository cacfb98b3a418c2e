/** Process start for executions: its own process group, piped output delivered to a sink. */
import { spawn } from 'node:child_process';

export interface Spawned {
  readonly pid: number;
  /** Resolves when the process has exited (its output may still be arriving). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type StreamName = 'stdout' | 'stderr';

/** Where output goes, from the first byte: attached before any data can arrive, so none is missed. */
export interface OutputSink {
  data(stream: StreamName, chunk: Buffer): void;
  end(stream: StreamName): void;
}

export interface SpawnRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly sink: OutputSink;
}

/**
 * Starts a process in a group of its own, output going to `sink` from the first byte.
 * (A helper process forking on the runner's behalf was tried and measured: it takes the fork off
 * the runner's thread but barely moves wall time per node; see docs/design.md.)
 */
export function spawnGrouped(request: SpawnRequest): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.file, [...request.args], { cwd: request.cwd, env: request.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('error', reject);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      stream?.on('data', (chunk: Buffer) => request.sink.data(name, chunk));
      stream?.on('end', () => request.sink.end(name));
      stream?.on('error', () => request.sink.end(name));
    }
    if (child.pid === undefined) return;
    resolve({ pid: child.pid, exited });
  });
}
