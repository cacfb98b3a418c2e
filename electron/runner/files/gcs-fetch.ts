/**
 * gs:// input defaults, fetched from Google Cloud Storage's JSON API over HTTPS: signed in as the
 * user's own gcloud (`gcloud auth print-access-token`) or with GOOGLE_OAUTH_ACCESS_TOKEN, else
 * anonymously (a public bucket). STORAGE_EMULATOR_HOST points it at an emulator, as Google's own
 * client libraries take it. As for s3://, each URL is fetched once into
 * `.pipewright/downloads/<hash of URL>/`, read-only; a wildcard URL is listed under its key's part
 * before the first wildcard, matched as Valohai matches (`*` crosses folders), each match fetched.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { hasWildcard, valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import { DOWNLOAD_IDLE_MS, DownloadError, fetchToFile, PROGRESS_EVERY_MS } from './download.ts';
import type { FetchedObject } from './s3-fetch.ts';
import { FetchCancelled, SharedFetches, type FetchControl, type OnProgress } from './shared-fetch.ts';

export function isGcs(url: string): boolean {
  return /^gs:\/\//i.test(url);
}

/** Bucket and key of `gs://bucket/key` (the key may hold wildcards); undefined for a URL that names no object. */
export function gcsParts(url: string): { bucket: string; key: string } | undefined {
  const match = /^gs:\/\/([^/]+)\/(.+)$/i.exec(url);
  return match ? { bucket: match[1] as string, key: match[2] as string } : undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where the JSON API answers: Google's, or an emulator's (STORAGE_EMULATOR_HOST, with or without its scheme). */
export function gcsEndpoint(env: Env = process.env): string {
  const emulator = env['STORAGE_EMULATOR_HOST']?.trim();
  if (!emulator) return 'https://storage.googleapis.com';
  return (/^https?:\/\//i.test(emulator) ? emulator : `http://${emulator}`).replace(/\/+$/, '');
}

function gcloudCli(env: Env): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'gcloud'), constants.X_OK);
      return join(dir, 'gcloud');
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A token gcloud printed, kept for 30 minutes (they last an hour). */
let fromGcloud: { token: string | undefined; at: number } | undefined;

/** The bearer token to send: GOOGLE_OAUTH_ACCESS_TOKEN, else gcloud's, else none (anonymous). */
async function accessToken(env: Env, cancelled: AbortSignal): Promise<string | undefined> {
  const given = env['GOOGLE_OAUTH_ACCESS_TOKEN']?.trim();
  if (given) return given;
  if (env['STORAGE_EMULATOR_HOST']) return undefined; // an emulator wants none
  if (fromGcloud && Date.now() - fromGcloud.at < 30 * 60_000) return fromGcloud.token;
  const gcloud = gcloudCli(env);
  if (!gcloud) return undefined;
  const token = await new Promise<string | undefined>((resolve) =>
    execFile(gcloud, ['auth', 'print-access-token'], { timeout: 30_000, signal: cancelled }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined)),
  );
  fromGcloud = { token, at: Date.now() };
  return token;
}

const SIGN_IN = (status: number): string | undefined =>
  status === 401 || status === 403 ? 'not allowed as this machine asked: sign in with gcloud auth login (or set GOOGLE_OAUTH_ACCESS_TOKEN), as one who may read the bucket' : status === 404 ? 'there is no such object' : undefined;

/** Fetches in this process, by URL: a sweep's children asking at once share one. */
const inFlight = new SharedFetches<FetchedObject[]>();

/**
 * The objects `url` names, fetched on first use (a wildcard URL: every object it matches);
 * `signal`: the asking execution's cancel; `onProgress`: the bytes fetched so far.
 */
export function fetchGcs(url: string, downloadsDir: string, signal?: AbortSignal, onProgress?: OnProgress, env: Env = process.env): Promise<FetchedObject[]> {
  const named = gcsParts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: a gs:// URL names a bucket and an object (gs://bucket/path/file.csv)`));
  const folder = join(downloadsDir, createHash('sha256').update(url).digest('hex').slice(0, 24));
  const manifest = join(folder, '.objects.json');
  if (existsSync(manifest)) return Promise.resolve(JSON.parse(readFileSync(manifest, 'utf8')) as FetchedObject[]);
  return inFlight.get(url, url, (control) => fetchAll(url, named.bucket, named.key, folder, manifest, control, env), signal, onProgress);
}

async function fetchAll(url: string, bucket: string, key: string, folder: string, manifest: string, { signal: cancelled, report }: FetchControl, env: Env): Promise<FetchedObject[]> {
  const endpoint = gcsEndpoint(env);
  const token = await accessToken(env, cancelled);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const listed = hasWildcard(key) ? await matching(url, endpoint, bucket, key, headers, cancelled) : [{ key, size: null }];
  let total = listed.every((o) => o.size !== null) ? listed.reduce((sum, o) => sum + (o.size ?? 0), 0) : null;
  let received = 0;
  let said = Date.now();
  report({ received, total, done: false });
  const fetched: FetchedObject[] = [];
  for (const object of listed) {
    const file = join(folder, 'objects', ...object.key.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
    await fetchToFile(`${endpoint}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object.key)}?alt=media`, file, {
      idleMs: DOWNLOAD_IDLE_MS,
      cancelled,
      headers,
      named: `gs://${bucket}/${object.key}`,
      advice: SIGN_IN,
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

/** The objects a wildcard key matches, with their sizes, listed page by page under its part before the first wildcard. */
async function matching(url: string, endpoint: string, bucket: string, pattern: string, headers: Record<string, string>, cancelled: AbortSignal): Promise<{ key: string; size: number | null }[]> {
  const prefix = pattern.slice(0, pattern.search(/[*?[]/));
  const matches = valohaiMatcher(pattern);
  const found: { key: string; size: number | null }[] = [];
  let page: string | undefined;
  do {
    const query = new URLSearchParams({ prefix, fields: 'items(name,size),nextPageToken', ...(page ? { pageToken: page } : {}) });
    let answer: Response;
    try {
      answer = await fetch(`${endpoint}/storage/v1/b/${encodeURIComponent(bucket)}/o?${query.toString()}`, { headers, signal: AbortSignal.any([cancelled, AbortSignal.timeout(DOWNLOAD_IDLE_MS)]) });
    } catch (error) {
      if (cancelled.aborted) throw new FetchCancelled(url);
      throw new DownloadError(`cannot list ${url}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
    }
    if (!answer.ok) {
      const advice = answer.status === 404 ? 'there is no such bucket' : SIGN_IN(answer.status);
      throw new DownloadError(`cannot list ${url}: the server answered HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}${advice ? `; ${advice}` : ''}`);
    }
    const body = (await answer.json()) as { items?: { name?: unknown; size?: unknown }[]; nextPageToken?: unknown };
    for (const item of body.items ?? []) {
      if (typeof item.name !== 'string' || item.name.endsWith('/') || !matches(item.name)) continue;
      const size = Number(item.size);
      found.push({ key: item.name, size: Number.isSafeInteger(size) ? size : null });
    }
    page = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined;
  } while (page !== undefined);
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
