/**
 * A download kept in `.pipewright/downloads/` is checked against its server once per run, as a
 * browser checks its cache: a conditional request with the version the copy was fetched at (its
 * ETag or Last-Modified), answered 304 Not Modified while it is the same, and with the new content
 * when it changed. What the copy is, and when it was last checked, is in `downloads/HASH.version.json`
 * beside its folder (not in it: a URL may name a file `.version.json`).
 * A server that names no version cannot be asked: its copy is used as it is. What "checked once
 * per run" means (`RunCheck`) is shared with a bucket's listings and lookups (bucket-fetch.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where what is fetched for a URL is kept: `downloads/<hash of URL>/`. */
export function urlFolder(downloadsDir: string, url: string): string {
  return join(downloadsDir, createHash('sha256').update(url).digest('hex').slice(0, 24));
}

/**
 * A run's check of what downloads/ keeps (a copy, a bucket wildcard's listing): what was not
 * checked since `since` (the run's start) is checked again, once; so a run, and its resume, read
 * one version of each URL.
 */
export interface RunCheck {
  readonly since: number;
  /** Hears that something kept could not be checked (offline), so it was used as it is. */
  readonly onNotice: (message: string) => void;
}

/** When this process last used something kept that it could not check, by URL: not asked again in the same run. */
const usedUnchecked = new Map<string, number>();

/** Whether what `url` keeps, last checked at `checkedAt`, counts as checked for `check`'s run. */
export function checkedForRun(url: string, checkedAt: number, check: RunCheck): boolean {
  return Math.max(checkedAt, usedUnchecked.get(url) ?? 0) >= check.since;
}

/** What `url` keeps could not be checked (`why`): it is used as it is, this run does not ask again, and says so. */
export function usedAsKept(url: string, check: RunCheck, message: string): void {
  usedUnchecked.set(url, Date.now());
  check.onNotice(message);
}

/** A time as the notices say it: `2026-11-30 05:58 UTC`. */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

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
