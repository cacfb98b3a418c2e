/**
 * Cache keys: an execution is reused only when everything that could change its result is the
 * same: step definition, resolved command, parameter values, the content of every input file,
 * a fingerprint of the project's code, and the image.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { codeFiles, type CodeEntry } from './project-code.ts';

/**
 * Paths, sizes and modification times of the project's code files (project-code.ts), not their
 * bytes: fast, and any edit changes it. What is ignored (a data folder, plots a step writes into
 * the project, experiment trackers' folders) is not code, and changing it does not spoil the cache.
 */
export async function codeState(projectDir: string, listed?: readonly CodeEntry[]): Promise<{ hash: string; entries: string[] }> {
  const hash = createHash('sha256');
  const entries = (listed ?? (await codeFiles(projectDir))).map((file) => (file.kind === 'file' ? `${file.path}\t${file.size}\t${file.mtimeMs}` : `${file.path}\tdeleted`));
  for (const entry of entries) hash.update(`${entry}\n`);
  return { hash: hash.digest('hex'), entries };
}

/** Listings kept at most this long: enough to say which files changed in any project of code. */
const MAX_KEPT_ENTRIES = 5000;

/**
 * The code fingerprint a run's cache keys carry: of `listed` (the run's listing as it started,
 * project-writes.ts) where that is whole, else of a listing made now. With `stateDir`, the listing
 * it was made from is kept (`code/<hash>`, once per code state), so that `plan` can later say
 * which files changed.
 */
export async function codeFingerprint(projectDir: string, stateDir?: string, listed?: Promise<readonly CodeEntry[] | null>): Promise<string> {
  const { hash, entries } = await codeState(projectDir, (await listed) ?? undefined);
  if (stateDir !== undefined && entries.length <= MAX_KEPT_ENTRIES) {
    const file = join(stateDir, 'code', hash);
    await mkdir(dirname(file), { recursive: true })
      .then(() => writeFile(file, entries.join('\n'), { flag: 'wx' }))
      .catch(() => undefined); // kept already, or not keepable: plan then only says that the code changed
  }
  return hash;
}

/** Which files differ from the code state `before` (as kept by codeFingerprint): `a.py changed, r1.txt new`; null when unknown. */
export async function codeChanges(stateDir: string, before: string, now: readonly string[]): Promise<string | null> {
  const kept = await readFile(join(stateDir, 'code', before), 'utf8').catch(() => null);
  if (kept === null) return null;
  const split = (entries: readonly string[]): Map<string, string> => new Map(entries.filter(Boolean).map((e) => [e.slice(0, e.indexOf('\t')), e.slice(e.indexOf('\t') + 1)]));
  const was = split(kept.split('\n'));
  const is = split(now);
  const said: string[] = [];
  for (const [path, state] of is) if (was.get(path) !== state) said.push(`${path} ${!was.has(path) ? 'new' : state === 'deleted' ? 'deleted' : 'changed'}`);
  for (const path of was.keys()) if (!is.has(path)) said.push(`${path} gone`);
  if (said.length === 0) return null;
  return `${said.slice(0, 5).join(', ')}${said.length > 5 ? `, and ${said.length - 5} more` : ''}`;
}

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export interface CacheMaterial {
  readonly step: unknown;
  readonly command: string;
  readonly parameters: unknown;
  readonly environment: unknown;
  /** `input/path` → sha256 of the file. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly code: string;
  readonly image: string | undefined;
  /** Run in that image (`--container`); absent for a run on this machine, whose keys stay as they were. */
  readonly container?: true;
}

export function canonicalJson(material: CacheMaterial): string {
  return JSON.stringify(canonical(material));
}

export function cacheKey(material: CacheMaterial): string {
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}
