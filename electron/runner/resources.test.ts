import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpuLeases } from './gpu-leases.ts';
import { detectGpus, detectMachine, needOf, neverFits, ResourcePool } from './resources.ts';

const GPU = needOf({ cpu: {}, memory: {}, devices: { 'nvidia.com/gpu': 1 } });
const GPU2 = needOf({ cpu: {}, memory: {}, devices: { 'nvidia.com/gpu': 2 } });
/** A folder holding an `nvidia-smi` that runs `script`, to put first on PATH. */
function fakeSmi(script: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'pipewright-smi-'));
  writeFileSync(join(bin, 'nvidia-smi'), script);
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  return bin;
}
/** Leases in a folder of the test's own, as two processes of one user would share theirs. */
const leaseFolder = (): string => mkdtempSync(join(tmpdir(), 'pipewright-leases-'));

describe('the machine budget', () => {
  it('reads GPUs from nvidia-smi, and finds none without it', () => {
    const bin = fakeSmi('#!/bin/sh\n[ "$1" = "--query-gpu=index,uuid" ] && printf "0, GPU-aa11\\n1, GPU-bb22\\n3, GPU-cc33\\n"\n');
    expect(detectGpus({ PATH: `${bin}:/usr/bin:/bin` })).toEqual([0, 1, 3]);
    expect(detectGpus({ PATH: '/nonexistent' })).toEqual([]);
    expect(detectGpus({ PATH: `${bin}:/usr/bin:/bin`, PIPEWRIGHT_GPUS: '2' })).toEqual([2]);
  });

  it('keeps to the GPUs a CUDA_VISIBLE_DEVICES set where it starts names, read as CUDA reads it', () => {
    const PATH = `${fakeSmi('#!/bin/sh\nprintf "0, GPU-aa11\\n1, GPU-bb22\\n3, GPU-cc33\\n"\n')}:/usr/bin:/bin`;
    expect(detectGpus({ PATH, CUDA_VISIBLE_DEVICES: '3,1' })).toEqual([3, 1]);
    expect(detectGpus({ PATH, CUDA_VISIBLE_DEVICES: 'GPU-bb, 0' })).toEqual([1, 0]); // a UUID's prefix, spaces
    expect(detectGpus({ PATH, CUDA_VISIBLE_DEVICES: '0,2,3' })).toEqual([0]); // CUDA stops at the first it cannot find
    expect(detectGpus({ PATH, CUDA_VISIBLE_DEVICES: '' })).toEqual([]);
    expect(detectGpus({ PATH, CUDA_VISIBLE_DEVICES: '-1' })).toEqual([]);
    // A step needing more than is left is refused with the reason, not as if the GPUs were not there.
    const machine = detectMachine(4, { PATH, CUDA_VISIBLE_DEVICES: '1' });
    expect(neverFits(GPU2, machine)).toBe("needs 2 GPUs; this machine has 1 (CUDA_VISIBLE_DEVICES=1 hides 2 of this machine's 3 GPU(s))");
  });

  it('says why a machine whose nvidia-smi fails has no GPU, and says nothing of one without GPUs', () => {
    const broken = fakeSmi('#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." ; exit 9\n');
    expect(neverFits(GPU, detectMachine(4, { PATH: `${broken}:/usr/bin:/bin` }))).toBe(
      "needs 1 GPU; this machine has 0 (nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.)",
    );
    const none = fakeSmi('#!/bin/sh\necho "No devices were found"; exit 6\n');
    expect(detectMachine(4, { PATH: `${none}:/usr/bin:/bin` })).toMatchObject({ gpus: [] });
    expect(neverFits(GPU, detectMachine(4, { PATH: `${none}:/usr/bin:/bin` }))).toBe('needs 1 GPU; this machine has 0');
  });

  it('hands out cores, memory and distinct GPUs, and takes them back', () => {
    const pool = new ResourcePool({ cpus: 4, memoryMb: 1000, gpus: [0, 1] }, { run: '1', project: '/p' }, gpuLeases({ PIPEWRIGHT_GPU_LEASES: leaseFolder() }));
    const a = pool.tryAcquire(needOf({ cpu: { min: 2 }, memory: { min: 600 }, devices: { 'nvidia.com/gpu': 1 } }));
    expect(a?.gpus).toEqual([0]);
    expect(pool.tryAcquire(needOf({ cpu: {}, memory: { min: 500 }, devices: {} }))).toBeUndefined();
    const b = pool.tryAcquire(needOf({ cpu: { min: 2 }, memory: {}, devices: { 'nvidia.com/gpu': 1 } }));
    expect(b?.gpus).toEqual([1]);
    expect(pool.tryAcquire(needOf(undefined))).toBeUndefined(); // cores used up
    if (a) pool.release(a);
    expect(pool.tryAcquire(GPU)?.gpus).toEqual([0]);
  });

  it('never gives one GPU to two runs, in this process or another, and says who holds it', () => {
    const folder = leaseFolder();
    const machine = { cpus: 4, memoryMb: 1000, gpus: [0, 1] };
    const first = new ResourcePool(machine, { run: '1', project: '/a' }, gpuLeases({ PIPEWRIGHT_GPU_LEASES: folder }));
    const second = new ResourcePool(machine, { run: '2', project: '/b' }, gpuLeases({ PIPEWRIGHT_GPU_LEASES: folder }));
    const a = first.tryAcquire(GPU);
    expect(second.tryAcquire(GPU)?.gpus).toEqual([1]);
    expect(second.tryAcquire(GPU)).toBeUndefined();
    expect(second.heldElsewhere()).toEqual([`GPU 0 is used by run 1 of /a (process ${process.pid})`]);
    if (a) first.release(a);
    expect(existsSync(join(folder, 'gpu-0.lock'))).toBe(false);
    expect(second.tryAcquire(GPU)?.gpus).toEqual([0]);
    // Another process's lease (its lock file) holds while it lives; a dead one's is taken over.
    const other = new ResourcePool(machine, { run: '9', project: '/c' }, gpuLeases({ PIPEWRIGHT_GPU_LEASES: leaseFolder() }));
    const folder2 = leaseFolder();
    writeFileSync(join(folder2, 'gpu-0.lock'), JSON.stringify({ pid: 1, started: null, run: '4', project: '/init' }));
    writeFileSync(join(folder2, 'gpu-1.lock'), JSON.stringify({ pid: 2 ** 22 + 1, started: null, run: '5', project: '/gone' }));
    const third = new ResourcePool(machine, { run: '3', project: '/d' }, gpuLeases({ PIPEWRIGHT_GPU_LEASES: folder2 }));
    expect(third.tryAcquire(GPU)?.gpus).toEqual([1]);
    expect(JSON.parse(readFileSync(join(folder2, 'gpu-1.lock'), 'utf8'))).toMatchObject({ pid: process.pid, run: '3', project: '/d' });
    expect(third.tryAcquire(GPU)).toBeUndefined();
    expect(other.tryAcquire(GPU)?.gpus).toEqual([0]); // another folder: other GPUs
  });

  it('says why a step can never fit', () => {
    const machine = { cpus: 2, memoryMb: 1024, gpus: [] };
    expect(neverFits(needOf({ cpu: {}, memory: { min: 4096 }, devices: {} }), machine)).toBe('needs 4096 MB of memory; this machine has 1024 MB');
    expect(neverFits(needOf(undefined), machine)).toBeUndefined();
    // Every shortfall at once, so one fix is enough.
    expect(neverFits(needOf({ cpu: { min: 8 }, memory: { min: 4096 }, devices: { 'nvidia.com/gpu': 1 } }), machine)).toBe(
      'needs 1 GPU; this machine has 0, and needs 4096 MB of memory; this machine has 1024 MB, and needs 8 CPU cores; 2 are available',
    );
  });
});
