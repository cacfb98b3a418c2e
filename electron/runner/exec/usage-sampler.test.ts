import { describe, expect, it } from 'vitest';
import { windowDue } from '../engine/usage-record.ts';
import { cpuTime, indexProcesses, membersOf, parseGpus, readProc, readPs, usageInterval, type ProcessReading } from './usage-sampler.ts';

describe('reading machine use', () => {
  it("reads nvidia-smi's figures, with [N/A] as unknown", () => {
    expect([...parseGpus('0, 87, 12034\n1, [N/A], [N/A]\n\n').values()]).toEqual([
      { index: 0, utilization: 87, memoryMb: 12034 },
      { index: 1, utilization: null, memoryMb: null },
    ]);
  });

  it("reads ps's CPU time in each of its forms", () => {
    expect(cpuTime('0:01.50')).toBe(1.5);
    expect(cpuTime('12:03')).toBe(723);
    expect(cpuTime('01:02:03')).toBe(3723);
    expect(cpuTime('2-01:00:00')).toBe(2 * 86400 + 3600);
    expect(cpuTime('-')).toBeNull();
  });

  it('keeps every reading for five minutes, then windows of 1/300 of the age, a minute at most', () => {
    const start = 0;
    expect(windowDue(start, 59_000, 60_000)).toBe(true); // 1 s old window at 1 min: kept
    expect(windowDue(start, 3_599_000, 3_600_000)).toBe(false); // at 1 h a window spans 12 s
    expect(windowDue(start, 3_588_000, 3_600_000)).toBe(true);
    expect(windowDue(start, 86_340_000 - 1, 86_400_000)).toBe(true); // a day in: a minute at most
    expect(windowDue(start, 86_350_000, 86_400_000)).toBe(false);
  });

  it('reads PIPEWRIGHT_USAGE_MS, ignoring what is no interval', () => {
    expect(usageInterval({})).toBe(1000);
    expect(usageInterval({ PIPEWRIGHT_USAGE_MS: '250' })).toBe(250);
    expect(usageInterval({ PIPEWRIGHT_USAGE_MS: '0' })).toBe(0);
    expect(usageInterval({ PIPEWRIGHT_USAGE_MS: 'often' })).toBe(1000);
    expect(usageInterval({ PIPEWRIGHT_USAGE_MS: '-5' })).toBe(1000);
  });

  it('reads every process\'s group, CPU time and memory from /proc, and alike from ps (what macOS has)', async () => {
    const self = (readings: readonly ProcessReading[] | undefined) => readings?.find((r) => r.pid === process.pid);
    const fromProc = self(readProc());
    const fromPs = self(await readPs());
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    expect(fromProc?.cpuSeconds).toBeGreaterThan(0);
    // (Linux's ps says CPU time in whole seconds; macOS's, which this path is for, in hundredths.)
    expect(fromPs?.cpuSeconds).toBeGreaterThanOrEqual(0);
    for (const reading of [fromProc, fromPs]) {
      expect(reading?.pgid).toBeGreaterThan(0);
      expect(reading?.rssMb).toBeGreaterThan(rssMb / 2);
      expect(reading?.rssMb).toBeLessThan(rssMb * 2);
    }
    expect(fromPs?.pgid).toBe(fromProc?.pgid);
    expect(fromProc?.ppid).toBe(process.ppid);
    expect(fromPs?.ppid).toBe(process.ppid);
  });

  it("takes a group's processes and all their descendants, also those in groups of their own, and nothing else", () => {
    const p = (pid: number, ppid: number, pgid: number): ProcessReading => ({ pid, ppid, pgid, cpuSeconds: 0, rssMb: 1 });
    // 10 leads group 10; 11 is its child in the group; 20 left it (setsid) and started 21; 30 is another's.
    const all = indexProcesses([p(1, 0, 1), p(10, 1, 10), p(11, 10, 10), p(20, 11, 20), p(21, 20, 20), p(30, 1, 30), p(31, 30, 30), p(40, 1, 40), p(41, 40, 40)]);
    expect(membersOf(all, 10).map((r) => r.pid).sort()).toEqual([10, 11, 20, 21]);
    expect(membersOf(all, 30).map((r) => r.pid).sort()).toEqual([30, 31]);
    expect(membersOf(all, 99)).toEqual([]);
    // An orphan it is given (found by its mark, adopted by init) counts with its descendants.
    expect(membersOf(all, 30, [40]).map((r) => r.pid).sort()).toEqual([30, 31, 40, 41]);
  });
});
