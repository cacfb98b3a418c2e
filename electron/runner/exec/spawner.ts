/**
 * Process start for executions: a process group of its own, output delivered to a sink from the
 * first byte. Through the launcher (launcher.ts) where it runs, else by Node's own spawn.
 */
import { spawn } from 'node:child_process';
import { Launcher } from './launcher.ts';
import { guardGroup, killGroup, unguardGroup } from './process-group.ts';

export interface Spawned {
  readonly pid: number;
  /**
   * Resolves when the process has exited and what it left running in its group has been killed
   * (as in a container; that also closes the streams a background child held open). Its output
   * may still be arriving.
   */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Stops reading its output, ending both streams now: what still holds them once it has exited
   * is a process outside its group (setsid, a daemon), left to itself.
   */
  detach(): void;
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

let starting: Promise<Launcher | null> | undefined;
/** Once started, used without a turn of waiting: the request goes out at once. */
let started: Launcher | null | undefined;

export function spawnGrouped(request: SpawnRequest): Promise<Spawned> {
  if (started !== undefined) return started?.usable ? started.spawn(request) : spawnFromNode(request);
  const hold = setInterval(() => undefined, 60_000); // the start keeps nothing alive; this request does
  return warmSpawner()
    .finally(() => clearInterval(hold))
    .then((launcher) => (launcher?.usable ? launcher.spawn(request) : spawnFromNode(request)));
}

/**
 * Starts the launcher now, so that its start-up (the system python3's, ~10 ms)
 * overlaps the run's own (reading the file, planning, opening the database) instead of delaying
 * the first execution. Idle, it keeps nothing alive.
 */
export function warmSpawner(): Promise<Launcher | null> {
  starting ??= Launcher.start().then((launcher) => (started = launcher));
  return starting;
}

/** Node's spawn, with the watchdog standing in for the launcher should the runner die. */
function spawnFromNode(request: SpawnRequest): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.file, [...request.args], { cwd: request.cwd, env: request.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('error', reject);
    const ended = new Set<StreamName>();
    const end = (name: StreamName): void => {
      if (ended.has(name)) return;
      ended.add(name);
      request.sink.end(name);
    };
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      stream?.on('data', (chunk: Buffer) => request.sink.data(name, chunk));
      stream?.on('end', () => end(name));
      stream?.on('error', () => end(name));
    }
    const pid = child.pid;
    if (pid === undefined) return;
    guardGroup(pid);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => {
        killGroup(pid, 'SIGKILL');
        unguardGroup(pid);
        done({ code, signal });
      }),
    );
    const detach = (): void => {
      for (const name of ['stdout', 'stderr'] as const) {
        child[name]?.destroy();
        end(name);
      }
    };
    resolve({ pid, exited, detach });
  });
}
