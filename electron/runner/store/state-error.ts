/**
 * The project's state folder cannot be used as it is (a damaged runs.db, one from a newer
 * Pipewright, a full disk): a problem to say as such, with what to do, not an internal error. Its
 * own module, so that the CLI can tell it without loading the database.
 */
import { statfsSync } from 'node:fs';

export class StateError extends Error {}

/** A step removed the state folder under a running run (`git clean -xfd`): nothing more can be recorded. */
export class StateGone extends Error {}

/** SQLite's result codes for a disk that is full or cannot be written. */
const FULL = 13;
const IO_ERROR = 10;

/**
 * What a failure of the database is to the user, when it is the disk's (full, failing) rather
 * than ours; null for anything else.
 */
export function diskProblem(error: unknown, folder?: string): string | null {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  const code = typeof errcode === 'number' ? errcode & 0xff : undefined; // the primary code of an extended one
  const message = error instanceof Error ? error.message : String(error);
  // A full disk can also come back as an I/O error (SQLite creating its -wal file): ask the disk.
  const full = code === FULL || /disk is full|ENOSPC/i.test(message) || (code === IO_ERROR && folder !== undefined && noSpaceLeft(folder));
  if (full) return `the disk holding .pipewright is full (${message}): free some space on it`;
  if (code === IO_ERROR) return `the disk holding .pipewright failed to read or write (${message})`;
  return null;
}

/** Why a run failed when Pipewright itself did, as its run:finish says it. */
export function failureReason(error: unknown, runId: string): string {
  const disk = diskProblem(error);
  if (disk) return `Pipewright failed: ${disk}, then continue the run with: pipewright resume ${runId}`;
  return `Pipewright failed: ${error instanceof Error ? error.message : String(error)}`;
}

function noSpaceLeft(folder: string): boolean {
  try {
    return statfsSync(folder).bavail === 0;
  } catch {
    return false;
  }
}
