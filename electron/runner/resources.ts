/**
 * The machine's budget (cores, memory, GPUs) and a first-fit allocator over it. GPUs come from
 * `nvidia-smi` and `CUDA_VISIBLE_DEVICES` (gpu-detect.ts).
 */
import { availableParallelism, totalmem } from 'node:os';
import type { Resources } from '../../shared/valohai/model/environment.ts';
import { gpuCount } from '../../shared/valohai/model/environment.ts';
import { environmentGpus } from '../../shared/run/environment-gpus.ts';
import { gpuLeases, type GpuLeases } from './gpu-leases.ts';
import { detectGpusFrom } from './gpu-detect.ts';

export interface Machine {
  readonly cpus: number;
  readonly memoryMb: number;
  readonly gpus: readonly number[];
  /** Why the machine lends fewer GPUs than it might (CUDA_VISIBLE_DEVICES, a failing nvidia-smi). */
  readonly gpuNote?: string;
}

export function detectGpus(env: NodeJS.ProcessEnv = process.env): number[] {
  return [...detectGpusFrom(env).gpus];
}

export function detectMachine(jobs?: number, env: NodeJS.ProcessEnv = process.env): Machine {
  const cpus = jobs ?? availableParallelism();
  const { gpus, note } = detectGpusFrom(env);
  return { cpus, memoryMb: Math.floor(totalmem() / 1024 / 1024), gpus, ...(note !== null ? { gpuNote: note } : {}) };
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

/**
 * What one execution of a step takes here: its `resources`, and when those name no GPU, the GPUs
 * its Valohai environment names (environment-gpus.ts), as many as this machine has at the most.
 */
export function stepNeed(step: { readonly resources?: Resources | undefined; readonly environment?: string | undefined }, machine: Machine): Need {
  const need = needOf(step.resources);
  if (need.gpus > 0) return need;
  const guessed = Math.min(environmentGpus(step.environment), machine.gpus.length);
  return guessed > 0 ? { ...need, gpus: guessed } : need;
}

/** Why a step can never run here, or undefined when it fits an empty machine. */
export function neverFits(need: Need, machine: Machine): string | undefined {
  const short: string[] = [];
  if (need.gpus > machine.gpus.length) short.push(`needs ${need.gpus} GPU${need.gpus === 1 ? '' : 's'}; this machine has ${machine.gpus.length}${machine.gpuNote !== undefined ? ` (${machine.gpuNote})` : ''}`);
  if (need.memoryMb > machine.memoryMb) short.push(`needs ${need.memoryMb} MB of memory; this machine has ${machine.memoryMb} MB`);
  if (need.cpus > machine.cpus) short.push(`needs ${need.cpus} CPU cores; ${machine.cpus} ${machine.cpus === 1 ? 'is' : 'are'} available`);
  return short.length > 0 ? short.join(', and ') : undefined;
}

export interface Grant {
  readonly need: Need;
  readonly gpus: readonly number[];
}

/**
 * A run's share of the machine. Cores and memory are the run's budget (`--jobs`); GPUs are
 * leased from the machine (gpu-leases.ts), so runs side by side never share one.
 */
export class ResourcePool {
  private cpusFree: number;
  private memoryFree: number;
  private readonly gpus: readonly number[];
  private readonly leases: GpuLeases;
  private readonly owner: { run: string; project: string };

  constructor(machine: Machine, owner: { run: string; project: string }, leases: GpuLeases = gpuLeases()) {
    this.cpusFree = machine.cpus;
    this.memoryFree = machine.memoryMb;
    this.gpus = machine.gpus;
    this.leases = leases;
    this.owner = owner;
  }

  tryAcquire(need: Need): Grant | undefined {
    if (need.cpus > this.cpusFree + 1e-9 || need.memoryMb > this.memoryFree) return undefined;
    const gpus: number[] = [];
    for (const index of this.gpus) {
      if (gpus.length >= need.gpus) break;
      if (this.leases.take(index, this.owner)) gpus.push(index);
    }
    if (gpus.length < need.gpus) {
      for (const index of gpus) this.leases.give(index);
      return undefined;
    }
    this.cpusFree -= need.cpus;
    this.memoryFree -= need.memoryMb;
    return { need, gpus };
  }

  /** `count` grants at once, or none (a distributed task's workers start together). */
  tryAcquireAll(need: Need, count: number): Grant[] | undefined {
    const grants: Grant[] = [];
    for (let i = 0; i < count; i += 1) {
      const grant = this.tryAcquire(need);
      if (!grant) {
        for (const taken of grants) this.release(taken);
        return undefined;
      }
      grants.push(grant);
    }
    return grants;
  }

  release(grant: Grant): void {
    this.cpusFree += grant.need.cpus;
    this.memoryFree += grant.need.memoryMb;
    for (const index of grant.gpus) this.leases.give(index);
  }

  /** What holds the GPUs a step waits for, as the user should hear it; empty when nothing else does. */
  heldElsewhere(): string[] {
    const held: string[] = [];
    for (const index of this.gpus) {
      const holder = this.leases.holder(index);
      if (holder === null || (holder.pid === process.pid && holder.run === this.owner.run)) continue;
      held.push(`GPU ${index} is used by run ${holder.run} of ${holder.project} (process ${holder.pid})`);
    }
    return held;
  }
}
