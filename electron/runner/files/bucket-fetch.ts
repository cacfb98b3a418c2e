/**
 * What fetching from a cloud store over HTTPS takes, whichever store it is (gcs-fetch.ts,
 * azure-fetch.ts): a wildcard key listed under its part before the first wildcard and matched as
 * Valohai matches (`*` crosses folders), each object streamed into
 * `.pipewright/downloads/<hash of URL>/objects/<key>`, read-only, with progress; the list of what
 * was fetched kept beside them, so each URL is fetched once (a pattern that matched nothing is
 * listed again next time).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasWildcard, valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import { DOWNLOAD_IDLE_MS, DownloadError, fetchToFile, PROGRESS_EVERY_MS } from './download.ts';
import { FetchCancelled, SharedFetches, type FetchControl, type OnProgress } from './shared-fetch.ts';

/** One object of a bucket, fetched: where it is here, and its key. */
export interface FetchedObject {
  readonly file: string;
  readonly key: string;
}

export interface Listed {
  readonly key: string;
  readonly size: number | null;
}

/** A store, as one URL's fetch sees it (signed in already). */
export interface BucketStore {
  /** One page of the objects under `prefix`, and the token of the next page. */
  listPage(prefix: string, page: string | undefined, signal: AbortSignal): Promise<{ objects: Listed[]; next: string | undefined }>;
  /** Where an object's bytes are, and what to send with the request. */
  objectRequest(key: string): { url: string; headers: Readonly<Record<string, string>> };
  /** The object's own URL, for messages (`gs://bucket/key`). */
  named(key: string): string;
  /** What to add to the message of an HTTP error status (how to sign in). */
  advice(status: number): string | undefined;
}

/** Fetches in this process, by URL: a sweep's children asking at once share one. */
const inFlight = new SharedFetches<FetchedObject[]>();

/**
 * The objects `url` (its key `key`, wildcards allowed) names, fetched on first use; `store` is made
 * only when there is something to fetch (signing in may take a moment).
 */
export function fetchFromBucket(url: string, key: string, downloadsDir: string, store: () => Promise<BucketStore>, signal?: AbortSignal, onProgress?: OnProgress): Promise<FetchedObject[]> {
  const folder = join(downloadsDir, createHash('sha256').update(url).digest('hex').slice(0, 24));
  const manifest = join(folder, '.objects.json');
  if (existsSync(manifest)) return Promise.resolve(JSON.parse(readFileSync(manifest, 'utf8')) as FetchedObject[]);
  return inFlight.get(url, url, async (control) => fetchAll(url, key, folder, manifest, control, await store()), signal, onProgress);
}

async function fetchAll(url: string, key: string, folder: string, manifest: string, { signal: cancelled, report }: FetchControl, store: BucketStore): Promise<FetchedObject[]> {
  const listed = hasWildcard(key) ? await matching(url, key, store, cancelled) : [{ key, size: null }];
  let total = listed.every((o) => o.size !== null) ? listed.reduce((sum, o) => sum + (o.size ?? 0), 0) : null;
  let received = 0;
  let said = Date.now();
  report({ received, total, done: false });
  const fetched: FetchedObject[] = [];
  for (const object of listed) {
    const file = join(folder, 'objects', ...object.key.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
    const request = store.objectRequest(object.key);
    await fetchToFile(request.url, file, {
      idleMs: DOWNLOAD_IDLE_MS,
      cancelled,
      headers: request.headers,
      named: store.named(object.key),
      advice: (status) => store.advice(status),
      // One object named: its size is known once its answer comes.
      onLength: (length) => void (listed.length === 1 && object.size === null && (total = length)),
      onBytes: (bytes) => {
        received += bytes;
        if (Date.now() - said < PROGRESS_EVERY_MS) return;
        said = Date.now();
        report({ received, total, done: false });
      },
    });
    fetched.push({ file, key: object.key });
  }
  // (A pattern that matched nothing is listed again next time: the objects may be there by then.)
  if (fetched.length > 0) await writeFile(manifest, JSON.stringify(fetched));
  report({ received, total: received, done: true });
  return fetched;
}

/** The objects a wildcard key matches, listed page by page under its part before the first wildcard. */
async function matching(url: string, pattern: string, store: BucketStore, cancelled: AbortSignal): Promise<Listed[]> {
  const prefix = pattern.slice(0, pattern.search(/[*?[]/));
  const matches = valohaiMatcher(pattern);
  const found: Listed[] = [];
  let page: string | undefined;
  do {
    let answer: Awaited<ReturnType<BucketStore['listPage']>>;
    try {
      answer = await store.listPage(prefix, page, AbortSignal.any([cancelled, AbortSignal.timeout(DOWNLOAD_IDLE_MS)]));
    } catch (error) {
      if (cancelled.aborted) throw new FetchCancelled(url);
      if (error instanceof DownloadError) throw new DownloadError(`cannot list ${url}: ${error.message}`);
      throw new DownloadError(`cannot list ${url}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
    }
    found.push(...answer.objects.filter((o) => !o.key.endsWith('/') && matches(o.key)));
    page = answer.next;
  } while (page !== undefined);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An HTTP error status as a listing's DownloadError says it (what follows "cannot list URL: "). */
export function listingRefused(response: Response, advice: string | undefined): DownloadError {
  return new DownloadError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${advice ? `; ${advice}` : ''}`);
}
