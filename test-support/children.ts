/**
 * Child processes tests start and may leave running when they fail or time out (a runner waiting
 * for an approval never ends by itself). After each test of a file that starts them (the hook is
 * registered when runner.ts imports this), any still running is killed, as a crash would kill it
 * (its launcher then stops what it ran).
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';

const running = new Set<ChildProcess>();

/** Keeps `child` to be killed if it outlives its test. */
export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});
