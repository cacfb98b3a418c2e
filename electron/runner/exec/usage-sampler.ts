/**
 * Reads, about once a second, what each running execution uses of the machine (shared/run/usage.ts):
 * the CPU time and resident memory of every process in its process group and of their descendants,
 * also those that left the group (`setsid`: a server a step starts beside its work) (Linux: /proc;
 * elsewhere `ps`), and the utilization and memory of the GPUs it was given (`nvidia-smi`, asked only while
 * an execution holds a GPU). Nothing is read while no execution runs, and nothing at an
 * execution's start, so a run of many short steps pays nothing for it.
 *
 * One that left the group and lost its parent (a daemon's double fork: it then belongs to the
 * launcher, or to init) is found by an entry of the environment only the execution's processes
 * have (`mark`: its VH_CONFIG_DIR), read only for such orphans (Linux). A process that ends between
 * two readings is not counted for that interval; a GPU's figures are the whole GPU's, which the
 * execution holds alone (gpu-leases.ts).
 * `PIPEWRIGHT_USAGE_MS` sets the interval (tests use less); 0 turns sampling off.
 */
import { execFile } from 'node:child_process';
import { querySmi, smiRows } from './nvidia-smi.ts';
import { readdirSync, readFileSync } from 'node:fs';
import type { GpuUse, UsageSample } from '../../../shared/run/usage.ts';

export interface Watched {
  readonly executionId: string;
  readonly node: string;
  /** The execution's process group (its first process's pid). */
  readonly pgid: number;
  /** An entry of its environment that only its processes have (`VH_CONFIG_DIR=…`): finds its orphans. */
  readonly mark?: string;
  readonly gpus: readonly number[];
}

export interface ProcessReading {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** CPU time used since it started, seconds. */
  readonly cpuSeconds: number;
  readonly rssMb: number;
}

interface WatchState {
  readonly watched: Watched;
  readonly onSample: (sample: UsageSample) => void;
  lastAt: number;
  cpuByPid: Map<number, number>;
}

const DEFAULT_INTERVAL_MS = 1000;

export function usageInterval(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env['PIPEWRIGHT_USAGE_MS']);
  return env['PIPEWRIGHT_USAGE_MS'] !== undefined && Number.isFinite(set) && set >= 0 ? set : DEFAULT_INTERVAL_MS;
}

/** One sampler per process: the runs side by side in the editor's host share its readings. */
let shared: UsageSampler | undefined;
export function usageSampler(): UsageSampler {
  return (shared ??= new UsageSampler(usageInterval()));
}

export class UsageSampler {
  private readonly states = new Map<string, WatchState>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  /** False once nvidia-smi turned out to be absent: it is not asked again. */
  private smiThere = true;

  private readonly intervalMs: number;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** Starts reading an execution that has just started; the returned function stops it. */
  watch(watched: Watched, onSample: (sample: UsageSample) => void): () => void {
    if (this.intervalMs === 0) return () => undefined;
    this.states.set(watched.executionId, { watched, onSample, lastAt: Date.now(), cpuByPid: new Map() });
    // Unref'd: readings never keep a process alive that has nothing else left to do.
    this.timer ??= setInterval(() => void this.read(), this.intervalMs).unref();
    return () => {
      this.states.delete(watched.executionId);
      if (this.states.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private async read(): Promise<void> {
    if (this.reading) return; // a slow nvidia-smi: this turn is skipped
    this.reading = true;
    try {
      const wanted = new Set([...this.states.values()].flatMap((s) => s.watched.gpus));
      const gpus = wanted.size > 0 && this.smiThere ? await this.readGpus() : undefined;
      const processes = await readProcesses();
      const orphans = processes && process.platform === 'linux' ? this.orphansByMark(processes) : new Map<string, number[]>();
      // Indexed once per reading, not once per execution: a wide sweep watches many at a time.
      const index = processes && indexProcesses(processes);
      const now = Date.now();
      for (const state of this.states.values()) {
        const members = index && membersOf(index, state.watched.pgid, orphans.get(state.watched.mark ?? '') ?? []);
        if (members?.length === 0) continue; // it is ending
        const spanMs = Math.max(now - state.lastAt, 1);
        let cpu: number | null = null;
        let memoryMb: number | null = null;
        if (members) {
          const cpuByPid = new Map(members.map((p) => [p.pid, p.cpuSeconds]));
          const used = members.reduce((sum, p) => sum + Math.max(p.cpuSeconds - (state.cpuByPid.get(p.pid) ?? 0), 0), 0);
          state.cpuByPid = cpuByPid;
          cpu = round2((used * 1000) / spanMs);
          memoryMb = round2(members.reduce((sum, p) => sum + p.rssMb, 0));
        }
        const own = gpus ? state.watched.gpus.flatMap((index) => gpus.get(index) ?? []) : [];
        state.lastAt = now;
        state.onSample({ at: now, spanMs, cpu, memoryMb, gpus: own });
      }
    } finally {
      this.reading = false;
    }
  }

  /** What each orphan's environment said (null: no execution's mark), by pid: an environment does not change. */
  private readonly marks = new Map<number, string | null>();

  /**
   * The processes outside every watched group whose parent is init or one of this process's children
   * (the launcher, their subreaper), by the mark in their environment.
   */
  private orphansByMark(processes: readonly ProcessReading[]): Map<string, number[]> {
    const found = new Map<string, number[]>();
    const watched = [...this.states.values()].map((s) => s.watched);
    const marks = watched.flatMap((w) => (w.mark ? [w.mark] : []));
    if (marks.length === 0) return found;
    const groups = new Set(watched.map((w) => w.pgid));
    const adopters = new Set([1, ...processes.filter((p) => p.ppid === process.pid).map((p) => p.pid)]);
    const live = new Set<number>();
    for (const p of processes) {
      if (groups.has(p.pgid) || !adopters.has(p.ppid) || p.pid === process.pid) continue;
      live.add(p.pid);
      if (!this.marks.has(p.pid)) this.marks.set(p.pid, markOf(p.pid, marks));
      const mark = this.marks.get(p.pid);
      if (!mark) continue;
      const pids = found.get(mark);
      if (pids) pids.push(p.pid);
      else found.set(mark, [p.pid]);
    }
    for (const pid of this.marks.keys()) if (!live.has(pid)) this.marks.delete(pid);
    return found;
  }

  private async readGpus(): Promise<Map<number, GpuUse> | undefined> {
    const answer = await querySmi(['index', 'utilization.gpu', 'memory.used']);
    if (!answer.ok && answer.absent) this.smiThere = false;
    return answer.ok ? gpuUses(answer.rows) : undefined;
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Which of `marks` a process's environment holds (null: none, or it cannot be read: not ours, gone). */
function markOf(pid: number, marks: readonly string[]): string | null {
  let environ: string[];
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return null;
  }
  return marks.find((mark) => environ.includes(mark)) ?? null;
}

/** One reading of the processes, by pid, by parent and by group. */
export interface ProcessIndex {
  readonly byPid: ReadonlyMap<number, ProcessReading>;
  readonly children: ReadonlyMap<number, readonly ProcessReading[]>;
  readonly groups: ReadonlyMap<number, readonly ProcessReading[]>;
}

export function indexProcesses(processes: readonly ProcessReading[]): ProcessIndex {
  const byPid = new Map<number, ProcessReading>();
  const children = new Map<number, ProcessReading[]>();
  const groups = new Map<number, ProcessReading[]>();
  for (const p of processes) {
    byPid.set(p.pid, p);
    for (const [map, key] of [[children, p.ppid], [groups, p.pgid]] as const) {
      const list = map.get(key);
      if (list) list.push(p);
      else map.set(key, [p]);
    }
  }
  return { byPid, children, groups };
}

/** The processes of group `pgid`, and `roots` (its orphans), and every descendant of theirs, in the group or not. */
export function membersOf(index: ProcessIndex, pgid: number, roots: readonly number[] = []): ProcessReading[] {
  const { children } = index;
  const rooted = roots.flatMap((pid) => index.byPid.get(pid) ?? []);
  const members = new Map([...(index.groups.get(pgid) ?? []), ...rooted].map((p) => [p.pid, p]));
  const pending = [...members.keys()];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (members.has(child.pid)) continue;
      members.set(child.pid, child);
      pending.push(child.pid);
    }
  }
  return [...members.values()];
}
/** nvidia-smi's `index, utilization, memory` lines ("[N/A]" where it cannot tell). */
export function parseGpus(text: string): Map<number, GpuUse> {
  return gpuUses(smiRows(text));
}

function gpuUses(rows: readonly (number | null)[][]): Map<number, GpuUse> {
  const out = new Map<number, GpuUse>();
  for (const [index, utilization = null, memoryMb = null] of rows) if (index != null) out.set(index, { index, utilization, memoryMb });
  return out;
}

/** Every process's group, CPU time and resident memory; undefined where neither /proc nor ps tells. */
async function readProcesses(): Promise<ProcessReading[] | undefined> {
  return process.platform === 'linux' ? readProc() : readPs();
}

/** Linux reports CPU time in clock ticks of 1/100 s to user space on every architecture. */
const USER_HZ = 100;
let pageMb: number | undefined;

export function readProc(): ProcessReading[] {
  pageMb ??= pageSizeMb();
  const out: ProcessReading[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // it ended
    }
    // pid (comm) state ppid pgrp … utime stime … rss: fields after the command's closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    out.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / USER_HZ, rssMb: Number(fields[21]) * pageMb });
  }
  return out;
}

/** The page size, from this process's own resident memory told both ways. */
function pageSizeMb(): number {
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const bytes = 2 ** Math.round(Math.log2(process.memoryUsage().rss / pages));
    return Number.isFinite(bytes) && bytes >= 4096 ? bytes / 1024 / 1024 : 4096 / 1024 / 1024;
  } catch {
    return 4096 / 1024 / 1024;
  }
}

export function readPs(): Promise<ProcessReading[] | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=,time='], { timeout: 5000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const out: ProcessReading[] = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, rss, time] = line.trim().split(/\s+/);
        const seconds = cpuTime(time ?? '');
        if (pid && ppid && pgid && rss && seconds !== null) out.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), cpuSeconds: seconds, rssMb: Number(rss) / 1024 });
      }
      resolve(out);
    });
  });
}

/** `ps`'s cumulative CPU time: [[dd-]hh:]mm:ss[.ss]. */
export function cpuTime(text: string): number | null {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}
