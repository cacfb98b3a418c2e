/** Asking `nvidia-smi` about the GPUs, without blocking: what the usage sampler and an execution's start read. */
import { execFile } from 'node:child_process';

/** nvidia-smi's CSV answer to `--query-gpu=…`: one row of numbers per GPU, null where it says "[N/A]". */
export function smiRows(text: string): (number | null)[][] {
  const known = (part: string): number | null => (/^\d+(\.\d+)?$/.test(part.trim()) ? Number(part.trim()) : null);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map(known));
}

/** The rows for `fields` (the first being `index`), or why there are none: no nvidia-smi here, or it failed. */
export function querySmi(fields: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ readonly ok: true; readonly rows: (number | null)[][] } | { readonly ok: false; readonly absent: boolean }> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'], { timeout: 5000, env }, (error, stdout) => {
      resolve(error ? { ok: false, absent: (error as NodeJS.ErrnoException).code === 'ENOENT' } : { ok: true, rows: smiRows(stdout) });
    });
  });
}
