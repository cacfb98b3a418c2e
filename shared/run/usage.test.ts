import { describe, expect, it } from 'vitest';
import { mergeSamples, requestsFromUse, summarizeUsage, summaryLine, together, usageLine, type UsageSample } from './usage.ts';

const at = (t: number, cpu: number | null, memoryMb: number | null, gpu?: [number | null, number | null]): UsageSample => ({
  at: t,
  spanMs: 1000,
  cpu,
  memoryMb,
  gpus: gpu ? [{ index: 0, utilization: gpu[0], memoryMb: gpu[1] }] : [],
});

describe('usage figures', () => {
  it('sums up readings as mean cores and utilization, weighted by how long each covers, and peak memory', () => {
    const long: UsageSample = { ...at(3000, 2, 100, [90, 4096]), spanMs: 3000 };
    const summary = summarizeUsage([at(1000, 0, 500, [10, 8192]), long]);
    expect(summary).toEqual({ cpuMean: 1.5, cpuPeak: 2, memoryPeakMb: 500, gpus: [{ index: 0, utilizationMean: 70, memoryPeakMb: 8192 }] });
    expect(summaryLine(summary ?? { cpuMean: null, cpuPeak: null, memoryPeakMb: null, gpus: [] })).toBe('cpu 1.5 cores on average (peak 2.0) · memory peak 500 MiB · GPU 0 70% on average, 8.0 GiB peak');
    expect(summarizeUsage([])).toBeNull();
  });

  it('leaves out what the system did not tell, rather than counting it as nothing', () => {
    const summary = summarizeUsage([at(1000, null, null, [null, 300]), at(2000, null, null, [50, null])]);
    expect(summary).toEqual({ cpuMean: null, cpuPeak: null, memoryPeakMb: null, gpus: [{ index: 0, utilizationMean: 50, memoryPeakMb: 300 }] });
    expect(summaryLine(summary ?? { cpuMean: null, cpuPeak: null, memoryPeakMb: null, gpus: [] })).toBe('GPU 0 50% on average, 300 MiB peak');
  });

  it('merges a window of readings into one that keeps its peak memory', () => {
    expect(mergeSamples([at(1000, 1, 200), at(2000, 3, 900), at(3000, 2, 300)])).toEqual({ at: 3000, spanMs: 3000, cpu: 2, memoryMb: 900, gpus: [] });
    expect(mergeSamples([])).toBeUndefined();
  });

  it('says a reading in a line, and a sweep’s children together', () => {
    expect(usageLine(at(0, 1, 2048, [87, 12390]))).toBe('1.0 core · 2.0 GiB · GPU 0 87% 12.1 GiB');
    expect(usageLine(together([at(0, 1.5, 100), at(0, 2, 50)]))).toBe('3.5 cores · 150 MiB');
    expect(usageLine(together([at(0, null, null)]))).toBe('');
  });

  it('sizes what a cluster should give a step from the largest use of its executions, with room', () => {
    const used = (cpuMean: number | null, memoryPeakMb: number | null) => ({ cpuMean, cpuPeak: cpuMean, memoryPeakMb, gpus: [] });
    expect(requestsFromUse([used(0.83, 265), used(1.21, 300)])).toEqual({ cpu: 1.3, memoryMb: 384 });
    expect(requestsFromUse([used(0, 10)])).toEqual({ cpu: 0.1, memoryMb: 64 });
    expect(requestsFromUse([used(1, null)])).toBeUndefined();
  });
});
