/**
 * The GPUs an execution is given are leased, so no other Pipewright execution uses them; memory
 * already in use on one is another program's (a notebook, another user's training), and the step
 * may run out of GPU memory for it. Said as the execution starts, from nvidia-smi.
 */
import { execFile } from 'node:child_process';
import { mib } from '../../../shared/run/usage.ts';

/** Memory in use below this (a driver's own, a desktop's) is nothing to say. */
const QUIET_MB = 1024;

export function gpusInUse(indices: readonly number[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (indices.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['--query-gpu=index,memory.used,memory.total', '--format=csv,noheader,nounits'], { timeout: 5000, env }, (error, stdout) => {
      if (error) return resolve([]); // no nvidia-smi (GPUs stood in for), or it failed: nothing known
      const said: string[] = [];
      for (const line of stdout.split('\n')) {
        const [index, used, total] = line.split(',').map((part) => Number(part.trim()));
        if (index === undefined || used === undefined || total === undefined || !indices.includes(index) || !(used >= QUIET_MB && used >= total * 0.05)) continue;
        said.push(`GPU ${index} already has ${mib(used)} of its ${mib(total)} in use by a program outside Pipewright (nvidia-smi lists it): the step may run out of GPU memory`);
      }
      resolve(said);
    });
  });
}
