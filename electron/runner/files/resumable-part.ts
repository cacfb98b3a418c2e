/**
 * Resuming a download from where it stopped (a runner killed, a connection lost after 40 of 50
 * GB): the part it left is asked to be continued with `Range: bytes=SIZE-`, on the condition
 * (`If-Range`) that the content is still the version the part holds the start of; a server that
 * cannot, or whose content changed, answers with the whole body, which is fetched afresh. Only a
 * server that names the content's version (a strong ETag, or Last-Modified) gets a part kept.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { NO_OWNER, partName, validatorFile } from './stale-parts.ts';

/** What a part holds: its bytes so far, and the version of the content they begin. */
export interface Resumable {
  readonly size: number;
  readonly validator: string;
}

/**
 * Takes over one of `parts` (stale parts of the same target) as `temp`, the largest that can be
 * resumed, and removes the others; undefined when none can (no validator kept, empty, or taken by
 * another fetch meanwhile).
 */
export function claimPart(parts: readonly string[], temp: string): Resumable | undefined {
  const sized = parts.map((part) => ({ part, size: statSync(part, { throwIfNoEntry: false })?.size ?? 0 })).sort((a, b) => b.size - a.size);
  let claimed: Resumable | undefined;
  for (const { part, size } of sized) {
    const validator = claimed === undefined && size > 0 ? readValidator(part) : undefined;
    if (validator !== undefined) {
      try {
        renameSync(part, temp); // (atomic: of two fetches finding it, one takes it)
        claimed = { size, validator };
      } catch {
        // taken meanwhile
      }
    }
    // (The one taken is at `temp` now: what is left at its old name is the others'.)
    rmSync(validatorFile(part), { force: true });
    rmSync(part, { force: true });
  }
  return claimed;
}

function readValidator(part: string): string | undefined {
  try {
    const { validator } = JSON.parse(readFileSync(validatorFile(part), 'utf8')) as { validator?: unknown };
    return typeof validator === 'string' && validator !== '' ? validator : undefined;
  } catch {
    return undefined;
  }
}

/** The version an answer names, as If-Range takes it: a strong ETag, else Last-Modified. */
export function validatorOf(headers: Headers): string | undefined {
  const etag = headers.get('etag');
  if (etag && !etag.startsWith('W/')) return etag;
  return headers.get('last-modified') ?? undefined;
}

/** `temp` holds the start of the content of this version (a later fetch may resume it), or of one not named (none may). */
export function recordValidator(temp: string, validator: string | undefined): Promise<void> {
  return validator === undefined ? rm(validatorFile(temp), { force: true }) : writeFile(validatorFile(temp), JSON.stringify({ validator }));
}

/** A 206 answer's Content-Range: its first byte and the whole length (null: not said). */
export function contentRange(header: string | null): { start: number; total: number | null } | undefined {
  const found = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!found) return undefined;
  return { start: Number(found[1]), total: found[2] === '*' ? null : Number(found[2]) };
}

/**
 * A fetch into `target` through `temp` stopped (failed, cancelled): what it fetched is kept for a
 * later fetch to resume when the content's version is known and something came (and `keep`),
 * else removed.
 */
export async function leavePart(temp: string, target: string, keep = true): Promise<void> {
  const size = (await stat(temp).catch(() => undefined))?.size ?? 0;
  const known = await stat(validatorFile(temp)).then(() => true, () => false);
  if (keep && size > 0 && known) {
    const orphan = partName(target, randomUUID(), NO_OWNER);
    await rename(validatorFile(temp), validatorFile(orphan)).catch(() => undefined);
    await rename(temp, orphan).catch(() => undefined);
    return;
  }
  await rm(temp, { force: true });
  await rm(validatorFile(temp), { force: true });
}

/** The part is whole: its validator goes (the part itself is renamed into place). */
export function partDone(temp: string): Promise<void> {
  return rm(validatorFile(temp), { force: true });
}
