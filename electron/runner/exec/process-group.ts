/**
 * Each execution runs in a process group of its own, so cancel kills everything it forked.
 * The launcher kills its groups when the runner dies; for executions Node starts itself, a
 * watchdog process holds a pipe from the runner: if the runner dies (even by SIGKILL), the
 * pipe closes and the watchdog kills every group the runner had started. No orphans.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { WATCHDOG_SOURCE } from './watchdog-source.ts';

export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, then SIGKILL after `graceMs` if anything of the group is still there. */
export function terminateGroup(pgid: number, graceMs = 3000): Promise<void> {
  if (!killGroup(pgid, 'SIGTERM')) return Promise.resolve();
  return new Promise((resolve) => {
    const started = Date.now();
    const check = setInterval(() => {
      if (!groupAlive(pgid) || Date.now() - started >= graceMs) {
        clearInterval(check);
        killGroup(pgid, 'SIGKILL');
        resolve();
      }
    }, 50);
  });
}

let watchdog: ChildProcess | undefined;

function ensureWatchdog(): ChildProcess | undefined {
  if (watchdog && watchdog.exitCode === null && watchdog.stdin?.writable) return watchdog;
  try {
    const child = spawn(process.execPath, ['-e', WATCHDOG_SOURCE], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    child.stdin?.on('error', () => undefined);
    watchdog = child;
    return child;
  } catch {
    return undefined;
  }
}

/** Tells the watchdog to kill this group should the runner die first. */
export function guardGroup(pgid: number): void {
  ensureWatchdog()?.stdin?.write(`+${pgid}\n`);
}

export function unguardGroup(pgid: number): void {
  if (watchdog?.stdin?.writable) watchdog.stdin.write(`-${pgid}\n`);
}
