import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectGpus, needOf, neverFits, ResourcePool } from './resources.ts';

describe('the machine budget', () => {
  it('reads GPUs from nvidia-smi, and finds none without it', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pipewright-smi-'));
    const smi = join(bin, 'nvidia-smi');
    writeFileSync(smi, '#!/bin/sh\n[ "$1" = "--query-gpu=index" ] && printf "0\\n1\\n3\\n"\n');
    chmodSync(smi, 0o755);
    expect(detectGpus({ PATH: `${bin}:/usr/bin:/bin` })).toEqual([0, 1, 3]);
    expect(detectGpus({ PATH: '/nonexistent' })).toEqual([]);
    expect(detectGpus({ PATH: `${bin}:/usr/bin:/bin`, PIPEWRIGHT_GPUS: '2' })).toEqual([2]);
  });

  it('hands out cores, memory and distinct GPUs, and takes them back', () => {
    const pool = new ResourcePool({ cpus: 4, memoryMb: 1000, gpus: [0, 1] });
    const a = pool.tryAcquire(needOf({ cpu: { min: 2 }, memory: { min: 600 }, devices: { 'nvidia.com/gpu': 1 } }));
    expect(a?.gpus).toEqual([0]);
    expect(pool.tryAcquire(needOf({ cpu: {}, memory: { min: 500 }, devices: {} }))).toBeUndefined();
    const b = pool.tryAcquire(needOf({ cpu: { min: 2 }, memory: {}, devices: { 'nvidia.com/gpu': 1 } }));
    expect(b?.gpus).toEqual([1]);
    expect(pool.tryAcquire(needOf(undefined))).toBeUndefined(); // cores used up
    if (a) pool.release(a);
    expect(pool.tryAcquire(needOf({ cpu: {}, memory: {}, devices: { 'nvidia.com/gpu': 1 } }))?.gpus).toEqual([0]);
  });

  it('says why a step can never fit', () => {
    const machine = { cpus: 2, memoryMb: 1024, gpus: [] };
    expect(neverFits(needOf({ cpu: {}, memory: { min: 4096 }, devices: {} }), machine)).toBe('needs 4096 MB of memory; this machine has 1024 MB');
    expect(neverFits(needOf(undefined), machine)).toBeUndefined();
    // Every shortfall at once, so one fix is enough.
    expect(neverFits(needOf({ cpu: { min: 8 }, memory: { min: 4096 }, devices: { 'nvidia.com/gpu': 1 } }), machine)).toBe(
      'needs 1 GPU(s); this machine has 0, and needs 4096 MB of memory; this machine has 1024 MB, and needs 8 CPU cores; 2 are available',
    );
  });
});
