/**
 * What fetching from a cloud store takes, whichever store it is (s3-fetch.ts through the AWS CLI,
 * gcs-fetch.ts and azure-fetch.ts over HTTPS): a wildcard key listed under its part before the first wildcard and matched as
 * Valohai matches (`*` crosses folders), each object streamed into
 * `.pipewright/downloads/<hash of URL>/objects/<key>`, read-only, with progress; the list of what
 * was fetched kept beside them. Each run looks again, at its first use of the URL (on Valohai each
 * execution fetches afresh): a wildcard is listed, and objects added since are fetched; an object
 * named alone is looked up (its size and version, without its bytes), and fetched again only if it
 * changed. What was fetched whole at the same size and version is not fetched again, and the
 * run's resume takes what the run took. A look that fails where copies are kept uses those, and
 * says so; where none is, the object is fetched as it is named, and a refusal said then.
 */
import { readFileSync, statSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasWildcard, valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import { describeFetchError, DOWNLOAD_IDLE_MS, DownloadError } from './download.ts';
import { dropParts, stalePartsByTarget } from './stale-parts.ts';
import { checkedForRun, urlFolder, usedAsKept, utcMinute } from './kept-copy.ts';
import { FetchCancelled, progressTally, SharedFetches, type FetchControl, type FetchOptions } from './shared-fetch.ts';

/** One object of a bucket, fetched: where it is here, and its key. */
export interface FetchedObject {
  readonly file: string;
  readonly key: string;
  /** What the store said of its version when listed (its ETag, generation or time): a change is a new object. */
  readonly version?: string;
}

export interface Listed {
  readonly key: string;
  readonly size: number | null;
  readonly version?: string;
}

/** What fetching one object is given: its cancel, and where to say how much has come. */
export interface ObjectFetch {
  readonly cancelled: AbortSignal;
  /** What earlier fetches of it left: a store resumes one where it can, and removes them all either way. */
  readonly resumeFrom: readonly string[];
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
  /**
   * What the store says of one object (its size and version) without its bytes, as one allowed to
   * read it may ask (no listing of the bucket); undefined: there is no such object. Refused as listPage is.
   */
  describe(key: string, signal: AbortSignal): Promise<Listed | undefined>;
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

function readManifest(manifest: string): { objects: FetchedObject[]; at: number } | undefined {
  try {
    return { objects: JSON.parse(readFileSync(manifest, 'utf8')) as FetchedObject[], at: statSync(manifest).mtimeMs };
  } catch {
    return undefined; // none (or one cut short): listed afresh
  }
}

/**
 * The objects `url` (its key `key`, wildcards allowed) names, fetched on first use; `store` is made
 * only when there is something to fetch (signing in may take a moment).
 */
export function fetchFromBucket(url: string, key: string, downloadsDir: string, store: () => Promise<BucketStore>, options: FetchOptions = {}): Promise<FetchedObject[]> {
  const folder = urlFolder(downloadsDir, url);
  const manifest = join(folder, '.objects.json');
  const kept = readManifest(manifest);
  const { check } = options;
  const single = !hasWildcard(key);
  // (With no run to look again for, an object named alone is taken as kept; a wildcard is listed.)
  if (kept && (check ? checkedForRun(url, kept.at, check) : single)) return Promise.resolve(kept.objects);
  const fetch = async (control: FetchControl): Promise<FetchedObject[]> => {
    try {
      return await fetchAll(url, key, folder, manifest, control, await store(), kept?.objects);
    } catch (error) {
      if (!kept || !(error instanceof DownloadError) || control.signal.aborted) throw error;
      const using = single ? `using the copy kept, last checked ${utcMinute(kept.at)}` : `using the ${kept.objects.length} object${kept.objects.length === 1 ? '' : 's'} it matched when last listed (${utcMinute(kept.at)})`;
      if (check) usedAsKept(url, check, `${error.message}; ${using}`);
      return kept.objects;
    }
  };
  return inFlight.get(url, url, fetch, options.signal, options.onProgress);
}

async function fetchAll(url: string, key: string, folder: string, manifest: string, { signal: cancelled, report }: FetchControl, store: BucketStore, before: readonly FetchedObject[] | undefined): Promise<FetchedObject[]> {
  const listed = hasWildcard(key) ? await matching(url, key, store, cancelled) : await lookedUp(url, key, store, cancelled, before !== undefined);
  // A fetch cut short (the runner killed, a connection lost) left its whole objects, and maybe a
  // part of the next (resumed where the store can); an earlier listing, the objects it fetched
  // (and their versions then).
  const parts = stalePartsByTarget(folder, true);
  const earlier = new Map((before ?? []).map((o) => [o.key, o]));
  const objects = await Promise.all(
    listed.map(async (object) => {
      const file = join(folder, 'objects', ...object.key.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
      const kept = await stat(file).catch(() => null);
      // (Each came whole, by rename: one of the size and version listed now is not fetched again.)
      const same = (earlier.get(object.key)?.version ?? object.version) === object.version;
      const fetched: FetchedObject = { file, key: object.key, ...(object.version === undefined ? {} : { version: object.version }) };
      return { object, fetched, wanted: !(kept?.isFile() && (object.size === null || kept.size === object.size) && same) };
    }),
  );
  const wanted = objects.filter((o) => o.wanted);
  for (const { fetched } of objects.filter((o) => !o.wanted)) dropParts(parts.get(fetched.file) ?? []);
  // Only what is fetched is said: a wildcard listed again whose objects all came before says nothing.
  const tally = progressTally(report);
  if (wanted.length > 0) tally.size(wanted.every((o) => o.object.size !== null) ? wanted.reduce((sum, o) => sum + (o.object.size ?? 0), 0) : null);
  for (const { object, fetched } of wanted) {
    await store.fetchObject(object.key, fetched.file, {
      cancelled,
      resumeFrom: parts.get(fetched.file) ?? [],
      // One object named: its size is known once its answer comes.
      onLength: (length) => void (wanted.length === 1 && object.size === null && tally.size(length)),
      onBytes: tally.add,
    });
  }
  const fetched = objects.map((o) => o.fetched);
  // (A pattern that matched nothing is listed again next time: the objects may be there by then.)
  if (fetched.length > 0) await writeFile(manifest, JSON.stringify(fetched));
  if (wanted.length > 0) tally.done();
  return fetched;
}

/**
 * The object a key names, as its store describes it (size and version). With a copy kept, one that
 * cannot be looked up cannot be checked (DownloadError). With none, one not found or not
 * described is fetched as named, and a refusal said then, in the store's words.
 */
async function lookedUp(url: string, key: string, store: BucketStore, cancelled: AbortSignal, kept: boolean): Promise<Listed[]> {
  const asNamed: Listed[] = [{ key, size: null }];
  let found: Listed | undefined;
  try {
    found = await store.describe(key, cancelled);
  } catch (error) {
    if (cancelled.aborted) throw new FetchCancelled(url);
    const why = error instanceof DownloadError ? error.message : describeFetchError(error);
    if (kept) throw new DownloadError(`cannot check ${url} for a newer version: ${why}`);
    // (The store answered, refusing: its answer to the fetch says more. Not reached: so would the fetch not be.)
    if (error instanceof DownloadError) return asNamed;
    throw new DownloadError(`cannot download ${url}: ${why}`);
  }
  if (found) return [found];
  if (kept) throw new DownloadError(`cannot check ${url} for a newer version: there is no such object now`);
  return asNamed;
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
      throw new DownloadError(`cannot list ${url}: ${describeFetchError(error)}`);
    }
    found.push(...answer.objects.filter((o) => !o.key.endsWith('/') && matches(o.key)));
    page = answer.next;
  } while (page !== undefined);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
