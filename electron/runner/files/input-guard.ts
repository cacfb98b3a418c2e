/**
 * Inputs are hard links to upstream outputs (and to the store's copy of them): one file. A step
 * that writes into such an input changes the upstream's output under everyone's feet. Outputs are
 * read-only, which stops that for everyone but root (and a step that chmods first); for them,
 * each linked input's size and modification time are taken when it is placed and compared when
 * the execution ends, so the change is at least reported and the cache stops serving it.
 */
import { lstat } from 'node:fs/promises';
import { relative } from 'node:path';
import { inParallel } from './in-parallel.ts';
import type { ResolvedInput } from './inputs.ts';

interface Taken {
  readonly path: string;
  readonly from: string;
  readonly sha256: string | undefined;
  readonly size: number;
  readonly mtimeNs: bigint;
}

export interface ChangedInput {
  /** Relative to the execution's inputs folder, e.g. `model/model.bin`. */
  readonly path: string;
  /** The file it is one with: an upstream output, or a project file. */
  readonly from: string;
  /** The content's hash when it was placed, if known (stored outputs): its cache entries go. */
  readonly sha256: string | undefined;
}

export type InputSnapshot = readonly Taken[];

/** Size and modification time of every input file placed as a hard link to its source. */
export async function snapshotInputs(inputs: readonly ResolvedInput[], inputsDir: string): Promise<InputSnapshot> {
  const linked = inputs.flatMap((input) => input.links.map((link, i) => ({ link, sha256: input.records[i]?.checksums?.sha256 })));
  const taken = await inParallel(linked, async ({ link, sha256 }) => {
    const placed = await lstat(link.to, { bigint: true }).catch(() => undefined);
    // One link only: it was cloned or copied, and changing it harms nobody.
    if (!placed || placed.nlink < 2n) return undefined;
    return { path: relative(inputsDir, link.to), from: link.from, sha256, size: Number(placed.size), mtimeNs: placed.mtimeNs };
  });
  return taken.filter((t): t is Taken => t !== undefined);
}

/** The linked inputs whose content changed since the snapshot. */
export async function changedInputs(snapshot: InputSnapshot): Promise<ChangedInput[]> {
  const now = await inParallel(snapshot, (taken) => lstat(taken.from, { bigint: true }).catch(() => undefined));
  return snapshot
    .filter((taken, i) => {
      const stat = now[i];
      return stat !== undefined && (Number(stat.size) !== taken.size || stat.mtimeNs !== taken.mtimeNs);
    })
    .map(({ path, from, sha256 }) => ({ path, from, sha256 }));
}
