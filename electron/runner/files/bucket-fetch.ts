/**
 * What fetching from a cloud store takes, whichever store it is (s3-fetch.ts through the AWS CLI,
 * gcs-fetch.ts and azure-fetch.ts over HTTPS): a wildcard key listed under its part before the first wildcard and matched as
 * Valohai matches (`*` crosses folders), each object streamed into
 * `.pipewright/downloads/<hash of URL>/objects/<key>`, read-only, with progress; the list of what
 * was fetched kept beside them, so each URL is fetched once (a pattern that matched nothing is
 * listed again next time).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasWildcard, valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import { DOWNLOAD_IDLE_MS, DownloadError } from './download.ts';
import { removeStaleParts } from './stale-parts.ts';
import { FetchCancelled, progressTally, SharedFetches, type FetchControl, type OnProgress } from './shared-fetch.ts';

/** One object of a bucket, fetched: where it is here, and its key. */
export interface FetchedObject {
  readonly file: string;
  readonly key: string;
}

export interface Listed {
  readonly key: string;
  readonly size: number | null;
}

/** What fetching one object is given: its cancel, and where to say how much has come. */
export interface ObjectFetch {
  readonly cancelled: AbortSignal;
  /** The object's size, once known (null: not said), before its bytes. */
  readonly onLength: (length: number | null) => void;
  readonly onBytes: (bytes: number) => void;
}

/** A store, as one URL's fetch sees it (signed in already). */
export interface BucketStore {
  /**
   * One page of the objects under `prefix`, and the token of the next page. A ListingError says
   * what follows "cannot list URL: "; another DownloadError is said as it is.
   */
  listPage(prefix: string, page: string | undefined, signal: AbortSignal): Promise<{ objects: Listed[]; next: string | undefined }>;
  /** Fetches one object into `file`, read-only; should it fail, nothing is left there. */
  fetchObject(key: string, file: string, fetch: ObjectFetch): Promise<void>;
}

/** Why a listing was refused, in the words that follow "cannot list URL: ". */
export class ListingError extends DownloadError {}

/** An HTTP error status as a listing's refusal. */
export function listingRefused(response: Response, advice: string | undefined): ListingError {
  return new ListingError(`the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${advice ? `; ${advice}` : ''}`);
}

/** A listing request's signal: the fetch's cancel, or nothing heard for DOWNLOAD_IDLE_MS. */
export function listingSignal(cancelled: AbortSignal): AbortSignal {
  return AbortSignal.any([cancelled, AbortSignal.timeout(DOWNLOAD_IDLE_MS)]);
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
  const tally = progressTally(report);
  tally.size(listed.every((o) => o.size !== null) ? listed.reduce((sum, o) => sum + (o.size ?? 0), 0) : null);
  const fetched: FetchedObject[] = [];
  // A fetch cut short (the runner killed) left its whole objects, and maybe a part of the next.
  removeStaleParts(folder);
  for (const object of listed) {
    const file = join(folder, 'objects', ...object.key.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
    const kept = await stat(file).catch(() => null);
    // (Each came whole, by rename: one of the size listed now is not fetched again.)
    if (kept?.isFile() && (object.size === null || kept.size === object.size)) {
      tally.add(kept.size);
      fetched.push({ file, key: object.key });
      continue;
    }
    await store.fetchObject(object.key, file, {
      cancelled,
      // One object named: its size is known once its answer comes.
      onLength: (length) => void (listed.length === 1 && object.size === null && tally.size(length)),
      onBytes: tally.add,
    });
    fetched.push({ file, key: object.key });
  }
  // (A pattern that matched nothing is listed again next time: the objects may be there by then.)
  if (fetched.length > 0) await writeFile(manifest, JSON.stringify(fetched));
  tally.done();
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
      answer = await store.listPage(prefix, page, cancelled);
    } catch (error) {
      if (cancelled.aborted) throw new FetchCancelled(url);
      if (error instanceof ListingError) throw new DownloadError(`cannot list ${url}: ${error.message}`);
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(`cannot list ${url}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
    }
    found.push(...answer.objects.filter((o) => !o.key.endsWith('/') && matches(o.key)));
    page = answer.next;
  } while (page !== undefined);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
