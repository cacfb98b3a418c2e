/**
 * The machine's budget (cores, memory, GPUs) and a first-fit allocator over it. GPUs come from
 * `nvidia-smi` when present; `PIPEWRIGHT_GPUS=0,1` stands in for them (tests, or to restrict).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, totalmem } from 'node:os';
import type { Resources } from '../../shared/valohai/model/environment.ts';
import { gpuCount } from '../../shared/valohai/model/environment.ts';

export interface Machine {
  readonly cpus: number;
  readonly memoryMb: number;
  readonly gpus: readonly number[];
}

export function detectGpus(env: NodeJS.ProcessEnv = process.env): number[] {
  const injected = env['PIPEWRIGHT_GPUS'];
  if (injected !== undefined) return injected.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)).map(Number);
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'], env });
    return out.split('\n').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)).map(Number);
  } catch {
    return [];
  }
}

export function detectMachine(jobs?: number): Machine {
  const cpus = jobs ?? availableParallelism();
  return { cpus, memoryMb: Math.floor(totalmem() / 1024 / 1024), gpus: detectGpus() };
}

export interface Need {
  readonly cpus: number;
  readonly memoryMb: number;
  readonly gpus: number;
}

/** What one execution of a step takes from the budget: at least one core's worth by default. */
export function needOf(resources: Resources | undefined): Need {
  return {
    cpus: Math.max(resources?.cpu.min ?? 1, 0.01),
    memoryMb: resources?.memory.min ?? 0,
    gpus: gpuCount(resources),
  };
}

/** Why a step can never run here, or undefined when it fits an empty machine. */
export function neverFits(need: Need, machine: Machine): string | undefined {
  const short: string[] = [];
  if (need.gpus > machine.gpus.length) short.push(`needs ${need.gpus} GPU(s); this machine has ${machine.gpus.length}`);
  if (need.memoryMb > machine.memoryMb) short.push(`needs ${need.memoryMb} MB of memory; this machine has ${machine.memoryMb} MB`);
  if (need.cpus > machine.cpus) short.push(`needs ${need.cpus} CPU cores; ${machine.cpus} are available`);
  return short.length > 0 ? short.join(', and ') : undefined;
}

export interface Grant {
  readonly need: Need;
  readonly gpus: readonly number[];
}

export class ResourcePool {
  private cpusFree: number;
  private memoryFree: number;
  private readonly gpusFree: number[];

  constructor(machine: Machine) {
    this.cpusFree = machine.cpus;
    this.memoryFree = machine.memoryMb;
    this.gpusFree = [...machine.gpus];
  }

  tryAcquire(need: Need): Grant | undefined {
    if (need.cpus > this.cpusFree + 1e-9 || need.memoryMb > this.memoryFree || need.gpus > this.gpusFree.length) return undefined;
    this.cpusFree -= need.cpus;
    this.memoryFree -= need.memoryMb;
    const gpus = this.gpusFree.splice(0, need.gpus);
    return { need, gpus };
  }

  release(grant: Grant): void {
    this.cpusFree += grant.need.cpus;
    this.memoryFree += grant.need.memoryMb;
    this.gpusFree.push(...grant.gpus);
    this.gpusFree.sort((a, b) => a - b);
  }
}
