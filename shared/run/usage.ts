/**
 * What an execution uses of the machine while it runs: the cores its processes keep busy, the
 * memory they hold, and each of its GPUs' utilization and memory. Sampled by the runner
 * (electron/runner/exec/usage-sampler.ts), announced live, kept per execution, and summed up here
 * for `show` and the node panel ("peak 3.1 GiB": what `resources.memory` should ask for).
 */

export interface GpuUse {
  readonly index: number;
  /** Percent of the time a kernel ran, as nvidia-smi reports it; null when it reports none. */
  readonly utilization: number | null;
  readonly memoryMb: number | null;
}

/** One reading, or several merged (a stored window): `cpu` is their mean, the rest their peaks. */
export interface UsageSample {
  /** When the reading (or the window) ended, ms since the epoch. */
  readonly at: number;
  /** How long it covers, ms. */
  readonly spanMs: number;
  /** Cores kept busy: 1.0 is one core all the time. Null where the system does not tell. */
  readonly cpu: number | null;
  /** Resident memory of all its processes, MiB. Null where the system does not tell. */
  readonly memoryMb: number | null;
  readonly gpus: readonly GpuUse[];
}

export interface GpuUseSummary {
  readonly index: number;
  readonly utilizationMean: number | null;
  readonly memoryPeakMb: number | null;
}

export interface UsageSummary {
  readonly cpuMean: number | null;
  readonly cpuPeak: number | null;
  readonly memoryPeakMb: number | null;
  readonly gpus: readonly GpuUseSummary[];
}

const peak = (values: readonly (number | null)[]): number | null => values.reduce<number | null>((max, v) => (v === null ? max : max === null ? v : Math.max(max, v)), null);

const round2 = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);

/** The mean of `values`, each weighted by its sample's span; null when none is known. */
function weightedMean(pairs: readonly (readonly [number | null, number])[]): number | null {
  let sum = 0;
  let weight = 0;
  for (const [value, span] of pairs) {
    if (value === null) continue;
    sum += value * Math.max(span, 1);
    weight += Math.max(span, 1);
  }
  return weight > 0 ? sum / weight : null;
}

export function summarizeUsage(samples: readonly UsageSample[]): UsageSummary | null {
  if (samples.length === 0) return null;
  const indices = [...new Set(samples.flatMap((s) => s.gpus.map((g) => g.index)))].sort((a, b) => a - b);
  return {
    cpuMean: round2(weightedMean(samples.map((s) => [s.cpu, s.spanMs]))),
    cpuPeak: peak(samples.map((s) => s.cpu)),
    memoryPeakMb: peak(samples.map((s) => s.memoryMb)),
    gpus: indices.map((index) => {
      const uses = samples.flatMap((s) => s.gpus.filter((g) => g.index === index).map((g) => [g, s.spanMs] as const));
      return { index, utilizationMean: round2(weightedMean(uses.map(([g, span]) => [g.utilization, span]))), memoryPeakMb: peak(uses.map(([g]) => g.memoryMb)) };
    }),
  };
}

/** Several readings as one stored window: mean CPU and GPU utilization, peak memory. */
export function mergeSamples(samples: readonly UsageSample[]): UsageSample | undefined {
  const summary = summarizeUsage(samples);
  const last = samples.at(-1);
  if (!summary || !last) return undefined;
  return {
    at: last.at,
    spanMs: samples.reduce((sum, s) => sum + s.spanMs, 0),
    cpu: summary.cpuMean,
    memoryMb: summary.memoryPeakMb,
    gpus: summary.gpus.map((g) => ({ index: g.index, utilization: g.utilizationMean, memoryMb: g.memoryPeakMb })),
  };
}

/** Several executions' readings at one moment as one (a sweep's children): their sums. */
export function together(samples: readonly UsageSample[]): { cpu: number | null; memoryMb: number | null; gpus: readonly GpuUse[] } {
  const sum = (values: (number | null)[]): number | null => (values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null);
  return { cpu: sum(samples.map((s) => s.cpu)), memoryMb: sum(samples.map((s) => s.memoryMb)), gpus: samples.flatMap((s) => s.gpus) };
}

export function mib(value: number): string {
  return value >= 1024 ? `${(value / 1024).toFixed(1)} GiB` : `${Math.round(value)} MiB`;
}

/** "1.9 cores · 312 MiB · GPU 0 87% 12.1 GiB": a reading (live) or a summary's peaks, in a line. */
export function usageLine(use: { readonly cpu: number | null; readonly memoryMb: number | null; readonly gpus: readonly GpuUse[] }): string {
  const parts: string[] = [];
  if (use.cpu !== null) parts.push(`${use.cpu.toFixed(1)} ${use.cpu >= 0.95 && use.cpu < 1.05 ? 'core' : 'cores'}`);
  if (use.memoryMb !== null) parts.push(mib(use.memoryMb));
  for (const g of use.gpus) parts.push(`GPU ${g.index}${g.utilization !== null ? ` ${Math.round(g.utilization)}%` : ''}${g.memoryMb !== null ? ` ${mib(g.memoryMb)}` : ''}`);
  return parts.join(' · ');
}

/** What `show` prints under an execution: "cpu 1.2 cores on average (peak 2.0) · memory peak 312 MiB · GPU 0 87% on average, 12.1 GiB peak". */
export function summaryLine(summary: UsageSummary): string {
  const parts: string[] = [];
  if (summary.cpuMean !== null) parts.push(`cpu ${summary.cpuMean.toFixed(1)} cores on average${summary.cpuPeak !== null ? ` (peak ${summary.cpuPeak.toFixed(1)})` : ''}`);
  if (summary.memoryPeakMb !== null) parts.push(`memory peak ${mib(summary.memoryPeakMb)}`);
  for (const g of summary.gpus) {
    const said = [g.utilizationMean !== null ? `${Math.round(g.utilizationMean)}% on average` : '', g.memoryPeakMb !== null ? `${mib(g.memoryPeakMb)} peak` : ''].filter((s) => s !== '');
    parts.push(`GPU ${g.index}${said.length > 0 ? ` ${said.join(', ')}` : ''}`);
  }
  return parts.join(' · ');
}

/**
 * What a step could ask a cluster for, from what its executions used here: the cores they kept
 * busy on average (a Kubernetes request is what it is given, not a cap; 0.1 at least) and their
 * peak memory with a quarter more for room, rounded up to 64 MB. The largest over the summaries
 * (a sweep's children); none when no memory was read.
 */
export function requestsFromUse(summaries: readonly UsageSummary[]): { readonly cpu: number; readonly memoryMb: number } | undefined {
  const memory = peak(summaries.map((s) => s.memoryPeakMb));
  if (memory === null) return undefined;
  const cpu = peak(summaries.map((s) => s.cpuMean)) ?? 0;
  return { cpu: Math.max(0.1, Math.ceil(cpu * 10) / 10), memoryMb: Math.ceil((memory * 1.25) / 64) * 64 };
}
