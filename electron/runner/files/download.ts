/**
 * http(s) input defaults, fetched once into `.pipewright/downloads/<hash of URL>/<name>`. The
 * body streams to disk (a dataset of many GB holds at most read-ahead.ts's 16 MiB in memory), a
 * server that goes quiet for DOWNLOAD_IDLE_MS fails the download instead of holding the run
 * forever, and a failure says why in words (the host was not found, the connection was refused)
 * rather than "fetch failed".
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readAhead, type ReadAhead } from './read-ahead.ts';
import { partName, stalePartsByTarget } from './stale-parts.ts';
import { claimPart, contentRange, leavePart, partDone, recordValidator, validatorOf, type Resumable } from './resumable-part.ts';
import { checkedForRun, copyChecked, ifChangedHeaders, keptCopy, recordCopy, urlFolder, usedAsKept, utcMinute, type KeptCopy, type RunCheck } from './kept-copy.ts';
import { FetchCancelled, progressTally, SharedFetches, type FetchControl, type FetchOptions } from './shared-fetch.ts';

/** How long a download may receive nothing (headers or bytes) before it is given up. */
export const DOWNLOAD_IDLE_MS = 60_000;

export class DownloadError extends Error {}

/** Downloads under way in this process, by target: a sweep's children asking at once share one. */
const inFlight = new SharedFetches<string>();

/**
 * The local copy of `url`, downloaded on first use and, with `check`, checked once per run against
 * its server; `signal`: the asking execution's cancel (FetchCancelled); `onProgress`: how far the
 * download has come, while it comes.
 */
export function download(url: string, downloadsDir: string, options: FetchOptions & { readonly idleMs?: number } = {}): Promise<string> {
  const { idleMs = DOWNLOAD_IDLE_MS, signal, onProgress, check } = options;
  const target = join(urlFolder(downloadsDir, url), basename(new URL(url).pathname) || 'download');
  if (existsSync(target)) {
    const copy = keptCopy(target);
    if (!check || copy.validator === undefined || checkedForRun(url, copy.checkedAt, check)) return Promise.resolve(target);
    return inFlight.get(target, url, (control) => fetchTo(url, target, idleMs, control, { copy, check }), signal, onProgress);
  }
  // (Each child fetching it for itself wrote into the same temporary file: a corrupt download.)
  return inFlight.get(target, url, (control) => fetchTo(url, target, idleMs, control), signal, onProgress);
}

async function fetchTo(url: string, target: string, idleMs: number, { signal: cancelled, report }: FetchControl, kept?: { copy: KeptCopy; check: RunCheck }): Promise<string> {
  // What an earlier fetch of it left (a killed runner, a lost connection): resumed where it can be.
  const resumeFrom = stalePartsByTarget(dirname(target)).get(target) ?? [];
  const tally = progressTally(report);
  let fetched: Fetched;
  try {
    fetched = await fetchToFile(url, target, { idleMs, cancelled, onLength: tally.size, onBytes: tally.add, resumeFrom, ...(kept?.copy.validator ? { ifChanged: kept.copy.validator } : {}) });
  } catch (error) {
    if (!kept || !(error instanceof DownloadError)) throw error;
    const why = error.message.replace(`cannot download ${url}: `, '');
    usedAsKept(url, kept.check, `cannot check ${url} for a newer version: ${why}; using the copy kept, last checked ${utcMinute(kept.copy.checkedAt)}`);
    return target;
  }
  if (fetched.changed) {
    await recordCopy(target, fetched.validator);
    tally.done();
  } else await copyChecked(target);
  return target;
}

export interface FileFetch {
  /** How long nothing may arrive (headers or bytes) before the fetch is given up. */
  readonly idleMs: number;
  /** Stops it (FetchCancelled). */
  readonly cancelled: AbortSignal;
  /** Its headers, or how to make them from those the fetch adds (Range: a store that signs each request signs them too). */
  readonly headers?: Readonly<Record<string, string>> | ((added: Readonly<Record<string, string>>) => Record<string, string>);
  /** Parts an earlier fetch of the same target left (stale-parts.ts): one is resumed if it can be, the others removed. */
  readonly resumeFrom?: readonly string[];
  /** The URL the user wrote, for messages (a gs:// URL fetched from its https:// address). */
  readonly named?: string;
  /** What to add to the message of an HTTP error status (how to sign in, for 401 and 403). */
  readonly advice?: (status: number) => string | undefined;
  /** The whole content's length as the server said it (null: not said), before any byte; `already`: what a resumed part holds. */
  readonly onLength?: (length: number | null, already: number) => void;
  readonly onBytes?: (bytes: number) => void;
  /** The version of the copy at `target`: fetched only if the content is no longer that (else 304, nothing written). */
  readonly ifChanged?: string;
}

/** What a fetch into a file did: fetched it (at this version: undefined when not named), or found the copy the same. */
export interface Fetched {
  readonly changed: boolean;
  readonly validator: string | undefined;
}

/**
 * Streams `url`'s body into `target` (its folder made), read-only, through a temporary file: a
 * failure or a cancel leaves nothing at `target` (what came may be left as a part to resume:
 * resumable-part.ts). Throws DownloadError (said in words) or FetchCancelled.
 */
export async function fetchToFile(url: string, target: string, options: FileFetch): Promise<Fetched> {
  const temp = partName(target, randomUUID());
  const from = options.resumeFrom && options.resumeFrom.length > 0 ? claimPart(options.resumeFrom, temp) : undefined;
  // (Still resumable should this attempt fail before its answer.)
  if (from) await recordValidator(temp, from.validator);
  const done = await fetchInto(url, target, temp, from, options);
  // (A part that was the whole already gets 416: it is fetched afresh.)
  return done === 'out-of-range' ? ((await fetchInto(url, target, temp, undefined, options)) as Fetched) : done;
}

/** One request for `url` into `temp`, then `target`; 'out-of-range' when a resume was refused so (416). */
async function fetchInto(url: string, target: string, temp: string, from: Resumable | undefined, options: FileFetch): Promise<Fetched | 'out-of-range'> {
  const { cancelled, idleMs } = options;
  const named = options.named ?? url;
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  cancelled.addEventListener('abort', stop, { once: true });
  let timer = setTimeout(stop, idleMs);
  const alive = (): void => {
    clearTimeout(timer);
    timer = setTimeout(stop, idleMs);
  };
  const asked: Record<string, string> = { ...(from ? { range: `bytes=${from.size}-`, 'if-range': from.validator } : {}), ...(options.ifChanged ? ifChangedHeaders(options.ifChanged) : {}) };
  const headers = typeof options.headers === 'function' ? options.headers(asked) : { ...options.headers, ...asked };
  let ahead: ReadAhead | undefined;
  try {
    const response = await fetch(url, { redirect: 'follow', signal: abort.signal, headers });
    if (response.status === 416 && from) {
      await response.body?.cancel();
      await leavePart(temp, target, false);
      return 'out-of-range';
    }
    if (response.status === 304 && options.ifChanged) {
      await response.body?.cancel();
      await leavePart(temp, target);
      return { changed: false, validator: options.ifChanged };
    }
    if (!response.ok) {
      const advice = options.advice?.(response.status);
      throw new DownloadError(`cannot download ${named}: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${advice ? `; ${advice}` : ''}`);
    }
    // 206: the rest of the part's content, as asked; 200: all of it (it changed, or no ranges here).
    const range = response.status === 206 ? contentRange(response.headers.get('content-range')) : undefined;
    if (response.status === 206 && (from === undefined || range?.start !== from.size)) throw new DownloadError(`cannot download ${named}: the server answered with a part of it that was not asked for (${response.headers.get('content-range') ?? 'no Content-Range'})`);
    // Read from now on: a connection lost while the folder and the validator are written keeps what came.
    ahead = response.body ? readAhead(response.body, alive) : undefined;
    await mkdir(dirname(target), { recursive: true });
    const resumed = from !== undefined && range !== undefined;
    const validator = resumed ? from.validator : validatorOf(response.headers);
    await recordValidator(temp, validator);
    const length = resumed ? range.total : Number(response.headers.get('content-length') ?? Number.NaN);
    // (With how far the part had come, in one word: the first says both, however long the request took.)
    options.onLength?.(length !== null && Number.isSafeInteger(length) && length >= 0 ? length : null, resumed ? from.size : 0);
    // Each chunk on disk before the next is taken: a body that fails after some came leaves all of it in the part.
    const file = await open(temp, resumed ? 'a' : 'w');
    try {
      for await (const chunk of ahead ?? []) {
        options.onBytes?.(chunk.byteLength);
        await file.writeFile(chunk);
      }
    } finally {
      await file.close();
    }
    await partDone(temp);
    // Read-only, as stored outputs are: inputs are hard links to it, and a step writing into one
    // would change what every later run takes for this URL's content.
    await chmod(temp, 0o444);
    await rename(temp, target);
    return { changed: true, validator };
  } catch (error) {
    ahead?.cancel();
    await leavePart(temp, target);
    if (error instanceof DownloadError) throw error;
    if (cancelled.aborted) throw new FetchCancelled(named);
    const why = abort.signal.aborted ? `nothing arrived for ${idleMs < 1000 ? `${idleMs} ms` : `${Math.round(idleMs / 1000)} s`}` : describeFetchError(error);
    throw new DownloadError(`cannot download ${named}: ${why}`);
  } finally {
    clearTimeout(timer);
    cancelled.removeEventListener('abort', stop);
  }
}

/** fetch's own message is "fetch failed"; the reason is in its cause (ENOTFOUND, ECONNREFUSED…). */
export function describeFetchError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as (Error & { code?: string; hostname?: string }) | undefined) : undefined;
  switch (cause?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${cause.hostname ?? 'named'} was not found (no network, or a misspelt address)`;
    case 'ECONNREFUSED':
      return 'the connection was refused (nothing listens at that address)';
    case 'ECONNRESET':
      return 'the server closed the connection';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out';
    default:
      if (cause?.message) return cause.message;
      return error instanceof Error ? error.message : String(error);
  }
}
