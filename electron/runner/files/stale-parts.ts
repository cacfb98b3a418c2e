/**
 * A fetch writes into `TARGET.PID.UUID.part` and renames it into place once whole; a runner killed
 * outright (SIGKILL, a power cut) leaves that file behind, as large as it had come. Such a file is
 * stale once the process named in its name is gone: the next fetch into the same folder, and
 * `pipewright prune`, remove it.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../liveness.ts';

const PART = /\.(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

/** The temporary name a fetch into `target` writes first. */
export function partName(target: string, uuid: string): string {
  return `${target}.${process.pid}.${uuid}.part`;
}

/** Whether `name` is a fetch's temporary file whose process is gone. */
export function isStalePart(name: string): boolean {
  const found = PART.exec(name);
  return found !== null && !isAlive(Number(found[1]), null);
}

/**
 * Removes the stale temporary files under `folder` (and its subfolders); the bytes they held.
 * (Synchronous: a fetch's own folder is small, and prune works synchronously.)
 */
export function removeStaleParts(folder: string): number {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0; // not there (yet): nothing to remove
  }
  let freed = 0;
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) freed += removeStaleParts(path);
    else if (entry.isFile() && isStalePart(entry.name)) {
      freed += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      rmSync(path, { force: true });
    }
  }
  return freed;
}
