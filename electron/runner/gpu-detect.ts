/**
 * Which GPUs this machine lends to runs. `nvidia-smi` lists them (index and UUID, in PCI bus
 * order); a `CUDA_VISIBLE_DEVICES` set where Pipewright starts keeps to the GPUs it names, as
 * CUDA itself would (indices or `GPU-…` UUID prefixes, enumeration ending at the first entry that
 * names no GPU), so `CUDA_VISIBLE_DEVICES=2,3 pipewright run …` shares a box with another job.
 * `PIPEWRIGHT_GPUS=0,1` stands in for all of this (tests, or to restrict by hand).
 *
 * The indices given to executions are nvidia-smi's, so each execution also gets
 * `CUDA_DEVICE_ORDER=PCI_BUS_ID` (prepare-execution.ts): CUDA's own default order (fastest
 * first) differs from nvidia-smi's on a machine with GPUs of two models.
 */
import { execFileSync } from 'node:child_process';

export interface GpuDetection {
  readonly gpus: readonly number[];
  /** Why GPUs the machine has are not all lent, or why none were found though a tool is there; null when nothing to say. */
  readonly note: string | null;
}

interface Listed {
  readonly index: number;
  readonly uuid: string;
}

/** How long nvidia-smi may take: its first call after boot wakes each GPU, seconds on a big box. */
const SMI_TIMEOUT_MS = 20_000;

export function detectGpusFrom(env: NodeJS.ProcessEnv): GpuDetection {
  const injected = env['PIPEWRIGHT_GPUS'];
  if (injected !== undefined) return { gpus: injected.split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)).map(Number), note: null };
  const listed = listGpus(env);
  if (!Array.isArray(listed)) return { gpus: [], note: listed.problem };
  const visible = env['CUDA_VISIBLE_DEVICES'];
  if (visible === undefined) return { gpus: listed.map((g) => g.index), note: null };
  const gpus = visibleGpus(listed, visible);
  const hidden = listed.length - gpus.length;
  return { gpus, note: hidden > 0 ? `CUDA_VISIBLE_DEVICES=${visible} hides ${hidden} of this machine's ${listed.length} GPU(s)` : null };
}

/** The GPUs `CUDA_VISIBLE_DEVICES` leaves, in its order, as CUDA reads it. */
export function visibleGpus(listed: readonly Listed[], visible: string): number[] {
  const out: number[] = [];
  for (const raw of visible.split(',')) {
    const entry = raw.trim();
    const found = /^\d+$/.test(entry) ? listed.filter((g) => g.index === Number(entry)) : entry.startsWith('GPU-') ? listed.filter((g) => g.uuid.startsWith(entry)) : [];
    // CUDA stops at the first entry naming no GPU (or, for a UUID prefix, more than one).
    if (found.length !== 1 || !found[0]) break;
    if (!out.includes(found[0].index)) out.push(found[0].index);
  }
  return out;
}

function listGpus(env: NodeJS.ProcessEnv): Listed[] | { problem: string | null } {
  let text: string;
  try {
    text = execFileSync('nvidia-smi', ['--query-gpu=index,uuid', '--format=csv,noheader'], { encoding: 'utf8', timeout: SMI_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'], env });
  } catch (error) {
    return { problem: smiProblem(error) };
  }
  const listed: Listed[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s*,\s*(\S+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) listed.push({ index: Number(match[1]), uuid: match[2] });
  }
  return listed;
}

/** nvidia-smi absent says nothing (a machine without NVIDIA GPUs); one that fails says why. */
function smiProblem(error: unknown): string | null {
  const e = error as { code?: string; signal?: string | null; stdout?: string; stderr?: string };
  if (e.code === 'ENOENT') return null;
  if (e.signal === 'SIGTERM' || e.code === 'ETIMEDOUT') return `nvidia-smi did not answer within ${SMI_TIMEOUT_MS / 1000} s`;
  const said = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.split('\n').map((s) => s.trim()).find((s) => s !== '');
  if (said === undefined || /no devices were found/i.test(said)) return null;
  return `nvidia-smi failed: ${said.slice(0, 200)}`;
}
