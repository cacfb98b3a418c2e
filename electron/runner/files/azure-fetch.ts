/**
 * azure:// input defaults (`azure://ACCOUNT/CONTAINER/PATH`, as Valohai writes them), fetched from
 * Azure Blob Storage's REST API over HTTPS (bucket-fetch.ts: List Blobs under a wildcard, Get Blob
 * Properties for one blob's length and ETag, Get Blob for its bytes): with a SAS token
 * (AZURE_STORAGE_SAS_TOKEN, or the SharedAccessSignature of AZURE_STORAGE_CONNECTION_STRING), else
 * with the account's key (the connection string's AccountKey, or AZURE_STORAGE_KEY: each request
 * signed, azure-shared-key.ts), else signed in as the user's own Azure CLI
 * (`az account get-access-token`), else anonymously (a public container). A connection string's
 * BlobEndpoint, or its protocol and EndpointSuffix, point it elsewhere (Azurite, a sovereign cloud);
 * UseDevelopmentStorage=true is Azurite's own account, as Microsoft's clients read it.
 */
import { DOWNLOAD_IDLE_MS, DownloadError, fetchToFile } from './download.ts';
import { fetchFromBucket, listingRefused, listingSignal, type BucketStore, type FetchedObject } from './bucket-fetch.ts';
import type { FetchOptions } from './shared-fetch.ts';
import { AZURE_API_VERSION, sharedKeyHeaders, type SharedKey } from './azure-shared-key.ts';
import { CliToken } from './cli-token.ts';

export function isAzure(url: string): boolean {
  return /^azure:\/\//i.test(url);
}

/** Account, container and blob path of `azure://account/container/path` (the path may hold wildcards). */
export function azureParts(url: string): { account: string; container: string; key: string } | undefined {
  const match = /^azure:\/\/([^/]+)\/([^/]+)\/(.+)$/i.exec(url);
  return match ? { account: match[1] as string, container: match[2] as string, key: match[3] as string } : undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Azurite's own account, which `UseDevelopmentStorage=true` names (its key is public, the same everywhere). */
const DEVELOPMENT = 'AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1';

/** The parts of AZURE_STORAGE_CONNECTION_STRING (`Name=value;…`; a SAS holds `=` itself). */
function connectionString(env: Env): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of (env['AZURE_STORAGE_CONNECTION_STRING'] ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  if (parts.get('UseDevelopmentStorage')?.toLowerCase() === 'true') for (const part of DEVELOPMENT.split(';')) parts.set(part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1));
  return parts;
}

/** Whether a connection string's parts are for `account` (one that names none is for any). */
function forAccount(parts: Map<string, string>, account: string): boolean {
  const named = parts.get('AccountName');
  return named === undefined || named.toLowerCase() === account.toLowerCase();
}

/** Where the account's blobs are: the connection string's BlobEndpoint (or its protocol and suffix), else Azure's public cloud. */
export function blobEndpoint(account: string, env: Env = process.env): string {
  const parts = connectionString(env);
  const own = forAccount(parts, account);
  const endpoint = own ? parts.get('BlobEndpoint') : undefined;
  const protocol = (own && parts.get('DefaultEndpointsProtocol')) || 'https';
  const suffix = (own && parts.get('EndpointSuffix')) || 'core.windows.net';
  return (endpoint ?? `${protocol}://${account}.blob.${suffix}`).replace(/\/+$/, '');
}

/**
 * The account's key, from the connection string (AccountKey) or AZURE_STORAGE_KEY (with
 * AZURE_STORAGE_ACCOUNT, as the Azure CLI reads them), when given for this account; a key that is
 * not base64 is said, not sent.
 */
export function accountKey(account: string, env: Env = process.env): SharedKey | undefined {
  const parts = connectionString(env);
  const fromString = forAccount(parts, account) ? parts.get('AccountKey') : undefined;
  const named = env['AZURE_STORAGE_ACCOUNT'];
  const fromEnv = !named || named.toLowerCase() === account.toLowerCase() ? env['AZURE_STORAGE_KEY'] : undefined;
  const [key, from] = fromString ? [fromString, "AZURE_STORAGE_CONNECTION_STRING's AccountKey"] : [fromEnv, 'AZURE_STORAGE_KEY'];
  if (!key) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw new DownloadError(`cannot fetch from the Azure account ${account}: ${from} is not an account key (base64 text, as the portal's Access keys show it)`);
  return { account, key: Buffer.from(key, 'base64') };
}

/** An Azure CLI token for storage. */
const az = new CliToken('az', ['account', 'get-access-token', '--resource', 'https://storage.azure.com/', '--query', 'accessToken', '-o', 'tsv']);

/** What to say of a refusal; a kept CLI token that was refused is asked for afresh next time (it may have expired, or another account signed in). */
const advice = (status: number, keyed: boolean): string | undefined => {
  if (status === 401 || status === 403) az.forget();
  if (status === 404) return 'there is no such blob';
  if (status !== 401 && status !== 403) return undefined;
  return keyed
    ? "the account's key was refused: check AZURE_STORAGE_KEY or the connection string's AccountKey (the portal's Access keys), and this machine's clock"
    : "not allowed as this machine asked: sign in with az login, or set AZURE_STORAGE_SAS_TOKEN to a SAS for the container (or the account's key: AZURE_STORAGE_KEY, or a connection string in AZURE_STORAGE_CONNECTION_STRING), in the shell or the project's .env";
};

const unescapeXml = (text: string): string => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');

async function store(account: string, container: string, env: Env): Promise<BucketStore> {
  const base = `${blobEndpoint(account, env)}/${encodeURIComponent(container)}`;
  const sas = (env['AZURE_STORAGE_SAS_TOKEN'] || connectionString(env).get('SharedAccessSignature') || '').replace(/^\?/, '');
  const key = sas ? undefined : accountKey(account, env);
  const token = sas || key ? undefined : await az.get(env);
  const signed = (url: string): string => (sas ? `${url}${url.includes('?') ? '&' : '?'}${sas}` : url);
  // A shared key signs each request (its time included); the others are the same for all.
  const headersFor = (url: string, added: Readonly<Record<string, string>> = {}, method = 'GET'): Record<string, string> =>
    key ? sharedKeyHeaders(key, method, url, new Date(), added) : { ...added, 'x-ms-version': AZURE_API_VERSION, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const blobUrl = (name: string): string => signed(`${base}/${name.split('/').map(encodeURIComponent).join('/')}`);
  const said = (status: number): string | undefined => advice(status, key !== undefined);
  return {
    listPage: async (prefix, page, signal) => {
      // (Encoded as %20, not URLSearchParams' +: a signed request's query is read back decoded.)
      const query = Object.entries({ restype: 'container', comp: 'list', prefix, ...(page ? { marker: page } : {}) }).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
      const url = signed(`${base}?${query.join('&')}`);
      const response = await fetch(url, { headers: headersFor(url), signal: listingSignal(signal) });
      if (!response.ok) throw listingRefused(response, response.status === 404 ? 'there is no such container' : said(response.status));
      const xml = await response.text();
      const objects = [...xml.matchAll(/<Blob>([\s\S]*?)<\/Blob>/g)].flatMap(([, blob = '']) => {
        const name = /<Name>([^<]*)<\/Name>/.exec(blob)?.[1];
        const size = Number(/<Content-Length>(\d+)<\/Content-Length>/.exec(blob)?.[1] ?? Number.NaN);
        const etag = /<Etag>([^<]*)<\/Etag>/i.exec(blob)?.[1];
        return name === undefined ? [] : [{ key: unescapeXml(name), size: Number.isSafeInteger(size) ? size : null, ...(etag ? { version: unescapeXml(etag) } : {}) }];
      });
      const next = /<NextMarker>([^<]+)<\/NextMarker>/.exec(xml)?.[1];
      return { objects, next: next === undefined ? undefined : unescapeXml(next) };
    },
    // Get Blob Properties: its length and ETag.
    describe: async (name, signal) => {
      const url = blobUrl(name);
      const response = await fetch(url, { method: 'HEAD', headers: headersFor(url, {}, 'HEAD'), signal: listingSignal(signal) });
      if (response.status === 404) return undefined;
      if (!response.ok) throw listingRefused(response, said(response.status));
      const size = Number(response.headers.get('content-length') ?? Number.NaN);
      const etag = response.headers.get('etag');
      return { key: name, size: Number.isSafeInteger(size) ? size : null, ...(etag ? { version: etag } : {}) };
    },
    fetchObject: async (name, file, fetch) => {
      const url = blobUrl(name);
      await fetchToFile(url, file, { ...fetch, idleMs: DOWNLOAD_IDLE_MS, headers: (added) => headersFor(url, added), named: `azure://${account}/${container}/${name}`, advice: said });
    },
  };
}

/** The blobs `url` names (a wildcard URL: every blob it matches), fetched as `options` asks (bucket-fetch.ts). */
export function fetchAzure(url: string, downloadsDir: string, options: FetchOptions = {}, env: Env = process.env): Promise<FetchedObject[]> {
  const named = azureParts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: an azure:// URL names an account, a container and a blob (azure://account/container/path/file.csv)`));
  return fetchFromBucket(url, named.key, downloadsDir, () => store(named.account, named.container, env), options);
}
