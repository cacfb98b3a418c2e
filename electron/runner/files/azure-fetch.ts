/**
 * azure:// input defaults (`azure://ACCOUNT/CONTAINER/PATH`, as Valohai writes them), fetched from
 * Azure Blob Storage's REST API over HTTPS (bucket-fetch.ts): with a SAS token
 * (AZURE_STORAGE_SAS_TOKEN, or the SharedAccessSignature of AZURE_STORAGE_CONNECTION_STRING), else
 * signed in as the user's own Azure CLI (`az account get-access-token`), else anonymously (a public
 * container). A connection string's BlobEndpoint points it elsewhere (Azurite, a sovereign cloud).
 */
import { execFile } from 'node:child_process';
import { DOWNLOAD_IDLE_MS, DownloadError, fetchToFile } from './download.ts';
import { fetchFromBucket, listingRefused, listingSignal, type BucketStore, type FetchedObject } from './bucket-fetch.ts';
import { findOnPath } from './find-on-path.ts';
import type { OnProgress } from './shared-fetch.ts';

export function isAzure(url: string): boolean {
  return /^azure:\/\//i.test(url);
}

/** Account, container and blob path of `azure://account/container/path` (the path may hold wildcards). */
export function azureParts(url: string): { account: string; container: string; key: string } | undefined {
  const match = /^azure:\/\/([^/]+)\/([^/]+)\/(.+)$/i.exec(url);
  return match ? { account: match[1] as string, container: match[2] as string, key: match[3] as string } : undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The parts of AZURE_STORAGE_CONNECTION_STRING (`Name=value;…`; a SAS holds `=` itself). */
function connectionString(env: Env): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of (env['AZURE_STORAGE_CONNECTION_STRING'] ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return parts;
}

/** Where the account's blobs are: the connection string's BlobEndpoint, else Azure's public cloud. */
export function blobEndpoint(account: string, env: Env = process.env): string {
  return (connectionString(env).get('BlobEndpoint') ?? `https://${account}.blob.core.windows.net`).replace(/\/+$/, '');
}

/** An Azure CLI token for storage, kept for 30 minutes (they last an hour or more). */
let fromAz: { token: string; at: number } | undefined;

async function cliToken(env: Env): Promise<string | undefined> {
  if (fromAz && Date.now() - fromAz.at < 30 * 60_000) return fromAz.token;
  const az = findOnPath('az', env);
  if (!az) return undefined;
  const args = ['account', 'get-access-token', '--resource', 'https://storage.azure.com/', '--query', 'accessToken', '-o', 'tsv'];
  const token = await new Promise<string | undefined>((resolve) => execFile(az, args, { timeout: 30_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined)));
  // (Only a token is kept: one who signs in after a refusal is asked again at once.)
  fromAz = token === undefined ? undefined : { token, at: Date.now() };
  return token;
}

/** What to say of a refusal; a kept CLI token that was refused is asked for afresh next time (it may have expired, or another account signed in). */
const advice = (status: number): string | undefined => {
  if (status === 401 || status === 403) fromAz = undefined;
  return status === 401 || status === 403 ? 'not allowed as this machine asked: sign in with az login, or set AZURE_STORAGE_SAS_TOKEN to a SAS for the container' : status === 404 ? 'there is no such blob' : undefined;
};

const unescapeXml = (text: string): string => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');

async function store(account: string, container: string, env: Env): Promise<BucketStore> {
  const base = `${blobEndpoint(account, env)}/${encodeURIComponent(container)}`;
  const sas = (env['AZURE_STORAGE_SAS_TOKEN'] || connectionString(env).get('SharedAccessSignature') || '').replace(/^\?/, '');
  const token = sas ? undefined : await cliToken(env);
  const headers: Record<string, string> = { 'x-ms-version': '2021-08-06', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const signed = (url: string): string => (sas ? `${url}${url.includes('?') ? '&' : '?'}${sas}` : url);
  return {
    listPage: async (prefix, page, signal) => {
      const query = new URLSearchParams({ restype: 'container', comp: 'list', prefix, ...(page ? { marker: page } : {}) });
      const response = await fetch(signed(`${base}?${query.toString()}`), { headers, signal: listingSignal(signal) });
      if (!response.ok) throw listingRefused(response, response.status === 404 ? 'there is no such container' : advice(response.status));
      const xml = await response.text();
      const objects = [...xml.matchAll(/<Blob>([\s\S]*?)<\/Blob>/g)].flatMap(([, blob = '']) => {
        const name = /<Name>([^<]*)<\/Name>/.exec(blob)?.[1];
        const size = Number(/<Content-Length>(\d+)<\/Content-Length>/.exec(blob)?.[1] ?? Number.NaN);
        return name === undefined ? [] : [{ key: unescapeXml(name), size: Number.isSafeInteger(size) ? size : null }];
      });
      const next = /<NextMarker>([^<]+)<\/NextMarker>/.exec(xml)?.[1];
      return { objects, next: next === undefined ? undefined : unescapeXml(next) };
    },
    fetchObject: (key, file, fetch) =>
      fetchToFile(signed(`${base}/${key.split('/').map(encodeURIComponent).join('/')}`), file, { ...fetch, idleMs: DOWNLOAD_IDLE_MS, headers, named: `azure://${account}/${container}/${key}`, advice }),
  };
}

/**
 * The blobs `url` names, fetched on first use (a wildcard URL: every blob it matches);
 * `signal`: the asking execution's cancel; `onProgress`: the bytes fetched so far.
 */
export function fetchAzure(url: string, downloadsDir: string, signal?: AbortSignal, onProgress?: OnProgress, env: Env = process.env): Promise<FetchedObject[]> {
  const named = azureParts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: an azure:// URL names an account, a container and a blob (azure://account/container/path/file.csv)`));
  return fetchFromBucket(url, named.key, downloadsDir, () => store(named.account, named.container, env), signal, onProgress);
}
