/**
 * GPUs belong to the machine, not to a run: two runs (two pipelines started in the editor, or
 * `pipewright run` in two terminals, in any projects) must never be given the same GPU, or both
 * trainings share its memory and one dies of it. Each GPU an execution is given is leased:
 * within this process by a table, across this user's Pipewright processes by a lock file per GPU
 * in a folder they share (created 0700). A lease whose process is gone (killed, crashed) is taken
 * over by the next one who asks.
 *
 * The folder is `$TMPDIR/pipewright-gpus-<uid>`, or `PIPEWRIGHT_GPU_LEASES`. GPUs stood in for by
 * `PIPEWRIGHT_GPUS` are not the machine's: they are leased within the process only, unless
 * `PIPEWRIGHT_GPU_LEASES` names a folder to share.
 *
 * Known limit: two processes that find the same stale lock at the same instant may both take it
 * (POSIX has no compare-and-delete); each checks the file after writing it, which narrows this to
 * a window of microseconds right after a crash.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, processStart } from './liveness.ts';

/** Who holds a GPU, as its lock file says. */
export interface Holder {
  readonly pid: number;
  /** The process's start time (Linux, /proc): a pid reused by another process is not the holder. */
  readonly started: string | null;
  readonly run: string;
  readonly project: string;
}

export interface GpuLeases {
  /** Takes GPU `index` for `owner`; false when it is held (here or by another process). */
  take(index: number, owner: { run: string; project: string }): boolean;
  give(index: number): void;
  /** Who holds `index` (a live process), for telling the user why a step waits; null when none or unknown. */
  holder(index: number): Holder | null;
}

/** GPUs held by this process, per lease folder ('' for GPUs leased within the process only). */
const heldHere = new Map<string, Set<number>>();

export function gpuLeases(env: NodeJS.ProcessEnv = process.env): GpuLeases {
  const shared = env['PIPEWRIGHT_GPU_LEASES'] ?? (env['PIPEWRIGHT_GPUS'] === undefined ? join(tmpdir(), `pipewright-gpus-${process.getuid?.() ?? 'user'}`) : '');
  let held = heldHere.get(shared);
  if (!held) heldHere.set(shared, (held = new Set()));
  const mine = held;
  const file = (index: number): string => join(shared, `gpu-${index}.lock`);
  return {
    take(index, owner) {
      if (mine.has(index)) return false;
      if (shared !== '' && !takeFile(shared, file(index), owner)) return false;
      mine.add(index);
      return true;
    },
    give(index) {
      if (!mine.delete(index) || shared === '') return;
      const holder = readHolder(file(index));
      if (holder?.pid === process.pid) unlinkQuietly(file(index));
    },
    holder(index) {
      const holder = shared === '' ? null : readHolder(file(index));
      return holder !== null && isAlive(holder.pid, holder.started) ? holder : null; // a stale lease holds nothing
    },
  };
}

function takeFile(folder: string, path: string, owner: { run: string; project: string }): boolean {
  const me: Holder = { pid: process.pid, started: processStart(process.pid) || null, run: owner.run, project: owner.project };
  const text = `${JSON.stringify(me)}\n`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // A folder someone else made (to steer or block our GPUs) is not used.
    const uid = process.getuid?.();
    if (uid !== undefined && statSync(folder).uid !== uid) return true;
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true; // no lock folder usable: lease within the process only
  }
  const holder = readHolder(path);
  if (holder !== null && isAlive(holder.pid, holder.started)) return false;
  // The holder is gone: put a lock of ours in its place whole, then check that it stayed ours.
  const temp = `${path}.${process.pid}`;
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, path);
  } catch {
    unlinkQuietly(temp);
    return false;
  }
  return readHolder(path)?.pid === process.pid;
}

function readHolder(path: string): Holder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid !== 'number') return null;
    return { pid: value.pid, started: typeof value.started === 'string' ? value.started : null, run: String(value.run ?? '?'), project: String(value.project ?? '?') };
  } catch {
    return null; // unreadable or half written: taken as stale, the writer checks its own lock
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
