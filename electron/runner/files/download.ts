/**
 * http(s) input defaults, fetched once into `.pipewright/downloads/<hash of URL>/<name>`. The
 * body streams to disk (a dataset of many GB costs no memory), a server that goes quiet for
 * DOWNLOAD_IDLE_MS fails the download instead of holding the run forever, and a failure says why
 * in words (the host was not found, the connection was refused) rather than "fetch failed".
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FetchCancelled, SharedFetches, type FetchControl, type OnProgress } from './shared-fetch.ts';

/** How long a download may receive nothing (headers or bytes) before it is given up. */
export const DOWNLOAD_IDLE_MS = 60_000;
/** How often at most a download says how far it has come. */
export const PROGRESS_EVERY_MS = 250;

export class DownloadError extends Error {}

/** Downloads under way in this process, by target: a sweep's children asking at once share one. */
const inFlight = new SharedFetches<string>();

/**
 * The local copy of `url`, downloaded on first use; `signal`: the asking execution's cancel
 * (FetchCancelled); `onProgress`: how far the download has come, while it comes.
 */
export function download(url: string, downloadsDir: string, idleMs = DOWNLOAD_IDLE_MS, signal?: AbortSignal, onProgress?: OnProgress): Promise<string> {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 24);
  const name = basename(new URL(url).pathname) || 'download';
  const target = join(downloadsDir, key, name);
  if (existsSync(target)) return Promise.resolve(target);
  // (Each child fetching it for itself wrote into the same temporary file: a corrupt download.)
  return inFlight.get(target, url, (control) => fetchTo(url, target, join(downloadsDir, key), idleMs, control), signal, onProgress);
}

async function fetchTo(url: string, target: string, folder: string, idleMs: number, { signal: cancelled, report }: FetchControl): Promise<string> {
  const abort = new AbortController();
  cancelled.addEventListener('abort', () => abort.abort(), { once: true });
  let timer = setTimeout(() => abort.abort(), idleMs);
  const alive = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), idleMs);
  };
  const temp = `${target}.${process.pid}.${randomUUID()}.part`;
  try {
    const response = await fetch(url, { redirect: 'follow', signal: abort.signal });
    if (!response.ok) throw new DownloadError(`cannot download ${url}: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    await mkdir(folder, { recursive: true });
    // (Typed as the DOM's stream where the DOM library is in scope, as in the tests' typecheck.)
    const body = response.body ? Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>) : Readable.from([]);
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isSafeInteger(length) && length >= 0 ? length : null;
    let received = 0;
    let said = Date.now();
    report({ received, total, done: false });
    const watch = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        alive();
        received += chunk.length;
        if (Date.now() - said >= PROGRESS_EVERY_MS) {
          said = Date.now();
          report({ received, total, done: false });
        }
        done(null, chunk);
      },
    });
    await pipeline(body, watch, createWriteStream(temp), { signal: abort.signal });
    // Read-only, as stored outputs are: inputs are hard links to it, and a step writing into one
    // would change what every later run takes for this URL's content.
    await chmod(temp, 0o444);
    await rename(temp, target);
    report({ received, total: received, done: true });
    return target;
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof DownloadError) throw error;
    if (cancelled.aborted) throw new FetchCancelled(url);
    const why = abort.signal.aborted ? `nothing arrived for ${idleMs < 1000 ? `${idleMs} ms` : `${Math.round(idleMs / 1000)} s`}` : describeFetchError(error);
    throw new DownloadError(`cannot download ${url}: ${why}`);
  } finally {
    clearTimeout(timer);
  }
}

/** fetch's own message is "fetch failed"; the reason is in its cause (ENOTFOUND, ECONNREFUSED…). */
function describeFetchError(error: unknown): string {
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
