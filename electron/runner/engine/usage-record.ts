/**
 * An execution's readings of what it uses (exec/usage-sampler.ts): each is announced as it comes
 * (`execution:usage`), and kept in the run store in windows that grow with the execution's age
 * (every reading for its first five minutes, then windows of 1/300 of its age, a minute at most),
 * so a day-long training keeps a few thousand rows and still shows its whole curve. A window
 * keeps its mean CPU and GPU utilization and its peak memory: no peak is lost.
 */
import type { RunEvent } from '../../../shared/run/events.ts';
import { mergeSamples, type UsageSample } from '../../../shared/run/usage.ts';
import { usageSampler, type Watched } from '../exec/usage-sampler.ts';
import type { RunStore } from '../store/run-store.ts';

const MAX_WINDOW_MS = 60_000;

/** Whether the window opened at `openedAt` is kept at `at`: it spans 1/300 of the execution's age, a minute at most. */
export function windowDue(startedAt: number, openedAt: number, at: number): boolean {
  return at - openedAt >= Math.min((at - startedAt) / 300, MAX_WINDOW_MS);
}

/** The entry of an execution's environment that marks its processes (its config folder is its own alone). */
export function usageMark(env: Readonly<Record<string, string | undefined>>): { readonly mark?: string } {
  const dir = env['VH_CONFIG_DIR'];
  return dir ? { mark: `VH_CONFIG_DIR=${dir}` } : {};
}

/** Reads an execution from now on; the returned function stops, keeps what is left and says its peak memory (MiB; null if never read). */
export function recordUsage(run: { readonly runId: string; readonly store: RunStore; readonly emit: (event: RunEvent) => void }, watched: Watched): () => number | null {
  const startedAt = Date.now();
  let memoryPeak: number | null = null;
  let openedAt = startedAt;
  let pending: UsageSample[] = [];
  const keep = (): void => {
    const merged = mergeSamples(pending);
    if (!merged) return;
    run.store.addUsage(watched.executionId, merged);
    pending = [];
    openedAt = merged.at;
  };
  const unwatch = usageSampler().watch(watched, (sample) => {
    run.emit({ type: 'execution:usage', runId: run.runId, at: sample.at, node: watched.node, executionId: watched.executionId, sample });
    pending.push(sample);
    if (sample.memoryMb !== null) memoryPeak = Math.max(memoryPeak ?? 0, sample.memoryMb);
    if (windowDue(startedAt, openedAt, sample.at)) keep();
  });
  return () => {
    unwatch();
    keep();
    return memoryPeak;
  };
}
