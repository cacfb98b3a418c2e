/**
 * Azure Storage's Shared Key authorization (an account's own key, as a connection string's
 * AccountKey or AZURE_STORAGE_KEY gives it): each request is signed with HMAC-SHA256 over its
 * method, its standard headers, its x-ms-* headers and its resource, as
 * https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key describes and
 * Microsoft's own SDK (@azure/storage-blob's StorageSharedKeyCredentialPolicy) builds it.
 */
import { createHmac } from 'node:crypto';

export interface SharedKey {
  readonly account: string;
  /** The account key, decoded from its base64. */
  readonly key: Buffer;
}

/** The REST API version asked for (also sent unsigned, with a SAS or a bearer token). */
export const AZURE_API_VERSION = '2021-08-06';

/** The headers of a bodiless request (GET, HEAD) for `url` at `now`, `added` (names lower-case: a Range) among them, signed. */
export function sharedKeyHeaders(credential: SharedKey, method: string, url: string, now: Date = new Date(), added: Readonly<Record<string, string>> = {}): Record<string, string> {
  const headers = { ...added, 'x-ms-date': now.toUTCString(), 'x-ms-version': AZURE_API_VERSION };
  return { ...headers, authorization: `SharedKey ${credential.account}:${sharedKeySignature(credential, method, url, headers)}` };
}

const STANDARD_HEADERS = ['content-encoding', 'content-language', 'content-length', 'content-md5', 'content-type', 'date', 'if-modified-since', 'if-match', 'if-none-match', 'if-unmodified-since', 'range'];

/** The signature of a request with these headers (names lower-case): its standard ones and every x-ms-* one are signed. */
export function sharedKeySignature(credential: SharedKey, method: string, url: string, headers: Readonly<Record<string, string>>): string {
  // (A Content-Length of 0 is signed as none, since API version 2015-02-21.)
  const standard = STANDARD_HEADERS.map((name) => (name === 'content-length' && headers[name] === '0' ? '' : (headers[name] ?? '')));
  const canonicalHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${(headers[name] ?? '').replace(/\s+/g, ' ').trim()}\n`)
    .join('');
  const toSign = `${[method.toUpperCase(), ...standard].join('\n')}\n${canonicalHeaders}${canonicalResource(credential.account, url)}`;
  return createHmac('sha256', credential.key).update(toSign, 'utf8').digest('base64');
}

/** `/ACCOUNT/PATH` (the path as the URL has it, encoded), then each query parameter by lower-cased name, its values decoded. */
function canonicalResource(account: string, url: string): string {
  const parsed = new URL(url);
  const queries = new Map<string, string[]>();
  for (const pair of parsed.search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at)).toLowerCase();
    const value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1));
    queries.set(name, [...(queries.get(name) ?? []), value]);
  }
  const lines = [...queries.keys()].sort().map((name) => `\n${name}:${(queries.get(name) ?? []).join(',')}`);
  return `/${account}${parsed.pathname || '/'}${lines.join('')}`;
}
