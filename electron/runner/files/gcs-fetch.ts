/**
 * gs:// input defaults, fetched from Google Cloud Storage's JSON API over HTTPS (bucket-fetch.ts:
 * objects.list under a wildcard, objects.get for one object's size and generation, and with alt=media its bytes):
 * signed in as the user's own gcloud (`gcloud auth print-access-token`) or with
 * GOOGLE_OAUTH_ACCESS_TOKEN, else anonymously (a public bucket). STORAGE_EMULATOR_HOST points it at
 * an emulator, as Google's own client libraries take it.
 */
import { DOWNLOAD_IDLE_MS, DownloadError, fetchToFile } from './download.ts';
import { fetchFromBucket, listingRefused, listingSignal, type BucketStore, type FetchedObject, type Listed } from './bucket-fetch.ts';
import type { FetchOptions } from './shared-fetch.ts';
import { CliToken } from './cli-token.ts';

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

const gcloud = new CliToken('gcloud', ['auth', 'print-access-token']);

/** The bearer token to send: GOOGLE_OAUTH_ACCESS_TOKEN, else gcloud's, else none (anonymous). */
async function accessToken(env: Env): Promise<string | undefined> {
  const given = env['GOOGLE_OAUTH_ACCESS_TOKEN']?.trim();
  if (given) return given;
  if (env['STORAGE_EMULATOR_HOST']) return undefined; // an emulator wants none
  return gcloud.get(env);
}

/** What to say of a refusal; a kept CLI token that was refused is asked for afresh next time (it may have expired, or another account signed in). */
const advice = (status: number): string | undefined => {
  if (status === 401 || status === 403) gcloud.forget();
  return status === 401 || status === 403 ? 'not allowed as this machine asked: sign in with gcloud auth login (or set GOOGLE_OAUTH_ACCESS_TOKEN, in the shell or the project\'s .env), as one who may read the bucket' : status === 404 ? 'there is no such object' : undefined;
};

/** An object resource as objects.list and objects.get give it (its generation changes with each write of it). */
interface GcsObject {
  readonly size?: unknown;
  readonly generation?: unknown;
}

const listedAs = (key: string, item: GcsObject): Listed => ({ key, size: Number.isSafeInteger(Number(item.size)) ? Number(item.size) : null, ...(typeof item.generation === 'string' ? { version: item.generation } : {}) });

async function store(bucket: string, env: Env): Promise<BucketStore> {
  const endpoint = `${gcsEndpoint(env)}/storage/v1/b/${encodeURIComponent(bucket)}/o`;
  const token = await accessToken(env);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return {
    listPage: async (prefix, page, signal) => {
      const query = new URLSearchParams({ prefix, fields: 'items(name,size,generation),nextPageToken', ...(page ? { pageToken: page } : {}) });
      const response = await fetch(`${endpoint}?${query.toString()}`, { headers, signal: listingSignal(signal) });
      if (!response.ok) throw listingRefused(response, response.status === 404 ? 'there is no such bucket' : advice(response.status));
      const body = (await response.json()) as { items?: (GcsObject & { name?: unknown })[]; nextPageToken?: unknown };
      const objects = (body.items ?? []).flatMap((item) => (typeof item.name === 'string' ? [listedAs(item.name, item)] : []));
      return { objects, next: typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : undefined };
    },
    describe: async (key, signal) => {
      const response = await fetch(`${endpoint}/${encodeURIComponent(key)}?fields=size,generation`, { headers, signal: listingSignal(signal) });
      if (response.status === 404) return undefined;
      if (!response.ok) throw listingRefused(response, advice(response.status));
      return listedAs(key, (await response.json()) as GcsObject);
    },
    fetchObject: async (key, file, fetch) => {
      await fetchToFile(`${endpoint}/${encodeURIComponent(key)}?alt=media`, file, { ...fetch, idleMs: DOWNLOAD_IDLE_MS, headers, named: `gs://${bucket}/${key}`, advice });
    },
  };
}

/** The objects `url` names (a wildcard URL: every object it matches), fetched as `options` asks (bucket-fetch.ts). */
export function fetchGcs(url: string, downloadsDir: string, options: FetchOptions = {}, env: Env = process.env): Promise<FetchedObject[]> {
  const named = gcsParts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: a gs:// URL names a bucket and an object (gs://bucket/path/file.csv)`));
  return fetchFromBucket(url, named.key, downloadsDir, () => store(named.bucket, env), options);
}
