/**
 * Is the runner of a "running" run still alive? Its pid plus its start time (so a reused pid
 * is not mistaken for it). Runs whose runner died are marked interrupted, ready for `resume`.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { containerName, removeContainerNow, runtimeOf } from './exec/container.ts';
import type { RunStore } from './store/run-store.ts';
import { transaction } from './store/database.ts';

/** The fields of /proc/PID/stat after the command's name (Linux): [0] its state, [19] its start time. */
function statFields(pid: number): string[] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return [];
  }
}

/** The kernel's start time of a process (Linux), or '' where it cannot be read. */
export function processStart(pid: number): string {
  return statFields(pid)[19] ?? '';
}

export function isAlive(pid: number | null, start: string | null): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(pid);
  // A runner killed outright stays a zombie until its parent reaps it, which some parents never do
  // (a container's first process, a script that started it and went on): gone all the same.
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  const now = fields[19] ?? '';
  return !start || !now || now === start;
}

/** Marks runs whose runner is gone as interrupted; returns their ids. */
export function markInterrupted(store: RunStore): string[] {
  const dead = store.runningRuns().filter((r) => !isAlive(r.runnerPid, r.runnerStart));
  for (const run of dead) {
    const runtime = runtimeOf(run.optionsJson);
    const running = runtime ? store.getExecutions(run.id).filter((e) => e.status === 'running') : [];
    transaction(store.db, () => store.interruptRun(run.id, 'the runner stopped before the run finished'));
    // A container outlives its runtime's client, which went with the runner: it goes by its name.
    if (runtime) for (const e of running) removeContainerNow(runtime, containerName(dirname(dirname(e.dir)), e.id));
  }
  return dead.map((r) => r.id);
}
