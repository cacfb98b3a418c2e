/**
 * `output.read`: a look at one recorded output of a run's node, for the inspector. Only files the
 * store recorded as that execution's outputs can be read (the path is looked up, never joined
 * from the request), so no request reaches outside the outputs. Text comes as its first 64 KiB,
 * an image whole up to 4 MiB (shown as a data: URL), anything else as its size.
 */
import { open } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { OutputPreview } from '../../../shared/api/contract.ts';
import { RunnerError } from '../runner-error.ts';
import { findRun } from '../stored-runs.ts';
import type { RunStore } from '../store/run-store.ts';

export const PREVIEW_TEXT_BYTES = 64 * 1024;
export const PREVIEW_IMAGE_BYTES = 4 * 1024 * 1024;

const IMAGES: Readonly<Record<string, Extract<OutputPreview, { kind: 'image' }>['mime']>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readOutput(store: RunStore, request: { runId: string; node: string; execution: string; path: string }): Promise<OutputPreview> {
  const run = findRun(store, request.runId);
  const execution = store.getExecutions(run.id, request.node).find((e) => e.id === request.execution);
  if (!execution) throw new RunnerError(`run ${run.id} has no execution ${request.execution} of node "${request.node}"`, 2);
  const owner = execution.sourceExecution ?? execution.id;
  const recorded = store.getOutputs(owner).find((o) => o.path === request.path);
  if (!recorded) throw new RunnerError(`execution ${execution.id} has no output "${request.path}"`, 2);
  const file = await open(join(execution.dir, 'outputs', recorded.path), 'r').catch(() => {
    throw new RunnerError(`output "${recorded.path}" of execution ${execution.id} is no longer on disk`, 2);
  });
  try {
    const { size } = await file.stat();
    const mime = IMAGES[extname(recorded.path).toLowerCase()];
    if (mime && size <= PREVIEW_IMAGE_BYTES) {
      return { kind: 'image', size, mime, base64: (await file.readFile()).toString('base64') };
    }
    const head = Buffer.alloc(Math.min(size, PREVIEW_TEXT_BYTES));
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const text = asText(head.subarray(0, bytesRead), size > bytesRead);
    return text === undefined ? { kind: 'binary', size } : { kind: 'text', size, text, truncated: size > bytesRead };
  } finally {
    await file.close();
  }
}

/** The bytes as text, or undefined for binary (a NUL, or not UTF-8 save a character cut at the end). */
function asText(bytes: Buffer, cut: boolean): string | undefined {
  if (bytes.includes(0)) return undefined;
  // A multi-byte character cut by the 64 KiB limit is not a reason to call the file binary.
  for (let drop = 0; drop <= (cut ? 3 : 0); drop += 1) {
    try {
      return utf8.decode(bytes.subarray(0, bytes.length - drop));
    } catch {
      // try without the last bytes
    }
  }
  return undefined;
}
