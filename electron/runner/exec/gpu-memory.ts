/**
 * The GPUs an execution is given are leased, so no other Pipewright execution uses them; memory
 * already in use on one is another program's (a notebook, another user's training), and the step
 * may run out of GPU memory for it. Said as the execution starts, from nvidia-smi.
 */
import { mib } from '../../../shared/run/usage.ts';
import { querySmi } from './nvidia-smi.ts';

/** Memory in use below this (a driver's own, a desktop's) is nothing to say. */
const QUIET_MB = 1024;

export async function gpusInUse(indices: readonly number[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (indices.length === 0) return [];
  const answer = await querySmi(['index', 'memory.used', 'memory.total'], env);
  if (!answer.ok) return []; // no nvidia-smi (GPUs stood in for), or it failed: nothing known
  const said: string[] = [];
  for (const [index, used, total] of answer.rows) {
    if (index == null || used == null || total == null || !indices.includes(index) || !(used >= QUIET_MB && used >= total * 0.05)) continue;
    said.push(`GPU ${index} already has ${mib(used)} of its ${mib(total)} in use by a program outside Pipewright (nvidia-smi lists it): the step may run out of GPU memory`);
  }
  return said;
}
