/**
 * `pipewright machine`: what a run here may use, as the runner sees it: cores, memory, and each
 * GPU (nvidia-smi's, kept to a CUDA_VISIBLE_DEVICES set where pipewright starts) with the run that
 * holds it now, if any; and the container runtime `run --container` would use. For "why does my
 * step wait, or get refused?".
 */
import { availability, detectRuntime, type RuntimeAvailability } from '../../runner/exec/container.ts';
import { gpuLeases } from '../../runner/gpu-leases.ts';
import { detectMachine } from '../../runner/resources.ts';
import { mib } from '../../../shared/run/usage.ts';
import { EXIT_OK, printJson, type Io } from '../output.ts';

export interface MachineReport {
  readonly cpus: number;
  readonly memoryMb: number;
  readonly gpus: readonly { readonly index: number; readonly heldBy: { readonly run: string; readonly project: string; readonly pid: number } | null }[];
  /** Why fewer GPUs are lent than the machine may have (CUDA_VISIBLE_DEVICES, a failing nvidia-smi); null when nothing to say. */
  readonly note: string | null;
  /** What `run --container` would run steps with, or why it cannot. */
  readonly container: RuntimeAvailability;
}

export async function machineReport(env: NodeJS.ProcessEnv = process.env): Promise<MachineReport> {
  const machine = detectMachine(undefined, env);
  const leases = gpuLeases(env);
  const gpus = machine.gpus.map((index) => {
    const holder = leases.holder(index);
    return { index, heldBy: holder ? { run: holder.run, project: holder.project, pid: holder.pid } : null };
  });
  const container = availability(await detectRuntime(env));
  return { cpus: machine.cpus, memoryMb: machine.memoryMb, gpus, note: machine.gpuNote ?? null, container };
}

export async function machineCommand(options: { json: boolean }, io: Io): Promise<number> {
  const report = await machineReport();
  if (options.json) return printJson(io, report), EXIT_OK;
  io.out(`${report.cpus} cores, ${mib(report.memoryMb)} of memory; ${report.gpus.length === 0 ? 'no GPU' : `${report.gpus.length} GPU(s)`}\n`);
  for (const gpu of report.gpus) io.out(`  GPU ${gpu.index}  ${gpu.heldBy ? `held by run ${gpu.heldBy.run} of ${gpu.heldBy.project} (process ${gpu.heldBy.pid})` : 'free'}\n`);
  if (report.note !== null) io.out(`  (${report.note})\n`);
  io.out(report.container.available ? `steps in their images (run --container): ${report.container.runtime} ${report.container.version}\n` : `steps in their images (run --container): no (${report.container.why})\n`);
  return EXIT_OK;
}
