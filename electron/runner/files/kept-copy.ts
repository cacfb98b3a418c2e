/**
 * A download kept in `.pipewright/downloads/` is checked against its server once per run, as a
 * browser checks its cache: a conditional request with the version the copy was fetched at (its
 * ETag or Last-Modified), answered 304 Not Modified while it is the same, and with the new content
 * when it changed. What the copy is, and when it was last checked, is in `downloads/HASH.version.json`
 * beside its folder (not in it: a URL may name a file `.version.json`).
 * A server that names no version cannot be asked: its copy is used as it is.
 */
import { readFileSync, statSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface KeptCopy {
  /** The version it was fetched at; undefined: its server named none. */
  readonly validator: string | undefined;
  /** When it was fetched or last found the same (ms). */
  readonly checkedAt: number;
}

const versionFile = (target: string): string => `${dirname(target)}.version.json`;

export function keptCopy(target: string): KeptCopy {
  try {
    const file = versionFile(target);
    const { validator } = JSON.parse(readFileSync(file, 'utf8')) as { validator?: unknown };
    return { validator: typeof validator === 'string' && validator !== '' ? validator : undefined, checkedAt: statSync(file).mtimeMs };
  } catch {
    return { validator: undefined, checkedAt: 0 }; // fetched before versions were kept
  }
}

/** The copy at `target` was just fetched, at this version (undefined: none named). */
export function recordCopy(target: string, validator: string | undefined): Promise<void> {
  return writeFile(versionFile(target), JSON.stringify({ validator: validator ?? null }));
}

/** The copy was found the same just now. */
export function copyChecked(target: string): Promise<void> {
  const now = new Date();
  return utimes(versionFile(target), now, now).catch(() => undefined);
}

/** The request headers that ask for the content only if it is no longer `validator`'s version. */
export function ifChangedHeaders(validator: string): Record<string, string> {
  return /^(W\/)?"/.test(validator) ? { 'if-none-match': validator } : { 'if-modified-since': validator };
}
