/**
 * A fetch writes into `TARGET.PID.UUID.part` and renames it into place once whole. A part can
 * outlive its fetch: a runner killed outright (SIGKILL, a power cut) leaves it as large as it had
 * come, and a fetch that failed or was cancelled leaves it on purpose when it can be resumed (the
 * server named the content's version: `PART.json` holds it), under PID 0, which no process has.
 * Either is stale once the process named in its name is gone: the next fetch of its target resumes
 * it from where it stopped (resumable-part.ts) or removes it, and `pipewright prune` removes it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../liveness.ts';

const PART = /\.(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part(\.json)?$/;

/** The owner of a part left for a later fetch to resume: none. */
export const NO_OWNER = 0;

/** The temporary name a fetch into `target` writes first (`owner`: the process writing it). */
export function partName(target: string, uuid: string, owner: number = process.pid): string {
  return `${target}.${owner}.${uuid}.part`;
}

/** Where a part says which version of the content it holds the start of. */
export function validatorFile(part: string): string {
  return `${part}.json`;
}

/** Whether `name` is a fetch's temporary file (or its validator) whose process is gone. */
export function isStalePart(name: string): boolean {
  const found = PART.exec(name);
  return found !== null && !isAlive(Number(found[1]), null);
}

/** The stale parts (not their validators) in `folder`, and with `deep` its subfolders', by the target each was for. */
export function stalePartsByTarget(folder: string, deep = false, byTarget = new Map<string, string[]>()): Map<string, string[]> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return byTarget; // not there (yet): none
  }
  for (const entry of entries) {
    if (deep && entry.isDirectory()) stalePartsByTarget(join(folder, entry.name), true, byTarget);
    if (!entry.isFile() || !entry.name.endsWith('.part') || !isStalePart(entry.name)) continue;
    const target = join(folder, entry.name.replace(PART, ''));
    const parts = byTarget.get(target);
    if (parts) parts.push(join(folder, entry.name));
    else byTarget.set(target, [join(folder, entry.name)]);
  }
  return byTarget;
}

/** Removes parts (and their validators) that will not be resumed. */
export function dropParts(parts: readonly string[]): void {
  for (const part of parts) {
    rmSync(part, { force: true });
    rmSync(validatorFile(part), { force: true });
  }
}

/** Removes the stale temporary files under `folder` and its subfolders, their version notes too (prune). */
export function removeStaleParts(folder: string): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // not there: nothing to remove
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) removeStaleParts(path);
    else if (entry.isFile() && isStalePart(entry.name)) rmSync(path, { force: true });
  }
}
