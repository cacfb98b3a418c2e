import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../test-support/runner.ts';
import { processStart } from '../runner/liveness.ts';

describe('pipewright machine', () => {
  it('lists the cores, memory and GPUs a run may use, and which run holds each GPU now', () => {
    const leases = mkdtempSync(join(tmpdir(), 'pipewright-leases-'));
    // GPU 1 held by a live process (this one), GPU 2 by one long gone: that lease is stale, the GPU free.
    writeFileSync(join(leases, 'gpu-1.lock'), JSON.stringify({ pid: process.pid, started: processStart(process.pid) || null, run: '7', project: '/work/p' }));
    writeFileSync(join(leases, 'gpu-2.lock'), JSON.stringify({ pid: 999_999_999, started: null, run: '3', project: '/work/q' }));
    const env = { PIPEWRIGHT_GPUS: '0,1,2', PIPEWRIGHT_GPU_LEASES: leases, PIPEWRIGHT_CONTAINER_RUNTIME: 'docker', DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const text = cli(['machine'], tmpdir(), env);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^\d+ cores, [\d.]+ GiB of memory; 3 GPU\(s\)\n {2}GPU 0 {2}free\n {2}GPU 1 {2}held by run 7 of \/work\/p \(process \d+\)\n {2}GPU 2 {2}free\nsteps in their images \(run --container\): no \(running steps in their images needs Docker or Podman: docker (is not installed|cannot run containers here: .+)\)\n$/);
    const json = JSON.parse(cli(['machine', '--json'], tmpdir(), env).out) as { cpus: number; gpus: unknown[]; note: unknown; container: unknown };
    expect(json.cpus).toBeGreaterThan(0);
    expect(json.gpus).toEqual([
      { index: 0, heldBy: null },
      { index: 1, heldBy: { run: '7', project: '/work/p', pid: process.pid } },
      { index: 2, heldBy: null },
    ]);
    expect(json.note).toBeNull();
    expect(json.container).toEqual({ available: false, why: expect.stringMatching(/^running steps in their images needs Docker or Podman: docker/) as unknown });
  });

  it('says what a CUDA_VISIBLE_DEVICES set here hides', () => {
    const bin = mkdtempSync(join(tmpdir(), 'pipewright-smi-'));
    writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\nprintf "0, GPU-aa\\n1, GPU-bb\\n"\n');
    chmodSync(join(bin, 'nvidia-smi'), 0o755);
    const out = cli(['machine'], tmpdir(), { PATH: `${bin}:${process.env['PATH'] ?? ''}`, CUDA_VISIBLE_DEVICES: '1', PIPEWRIGHT_GPU_LEASES: mkdtempSync(join(tmpdir(), 'pipewright-leases-')) }).out;
    expect(out).toContain('; 1 GPU(s)\n  GPU 1  free\n  (CUDA_VISIBLE_DEVICES=1 hides 1 of this machine\'s 2 GPU(s))\n');
    expect(cli(['machine', 'x'], tmpdir()).code).toBe(2);
  });
});
