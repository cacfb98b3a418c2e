/**
 * A small stand-in for Azure Blob Storage's REST API over a folder (each subfolder a container),
 * path-style as Azurite serves it (`/ACCOUNT/CONTAINER/BLOB`), on 127.0.0.1: this machine reaches
 * no real Azure. It answers List Blobs (two blobs a page, with NextMarker, so that paging is used)
 * and Get Blob (with its ETag, and a Range under If-Range; HEAD: Get Blob Properties); the container `private` wants the SAS `sig=good`, or a request signed with the
 * account's key ACCOUNT_KEY (Shared Key: its signature checked, its x-ms-date within 15 minutes); `unlisted` cannot be listed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { keysUnder } from './folder-keys.ts';
import { sharedKeySignature } from '../electron/runner/files/azure-shared-key.ts';

/** The stand-in account's key, base64 as the portal shows one. */
export const ACCOUNT_KEY = Buffer.from('the stand-in account key, 32 b.').toString('base64');

/** Whether a request is signed with ACCOUNT_KEY, as Azure checks it. */
function signedWithKey(request: IncomingMessage, account: string, url: string): boolean {
  const [scheme, credential = ''] = (request.headers.authorization ?? '').split(' ');
  const date = Date.parse(String(request.headers['x-ms-date'] ?? ''));
  if (scheme !== 'SharedKey' || !(Math.abs(Date.now() - date) < 15 * 60_000)) return false;
  const headers = Object.fromEntries(Object.entries(request.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])));
  return credential === `${account}:${sharedKeySignature({ account, key: Buffer.from(ACCOUNT_KEY, 'base64') }, request.method ?? 'GET', url, headers)}`;
}

export interface AzureServer {
  /** For a connection string's BlobEndpoint (the account included, as Azurite's is). */
  readonly blobEndpoint: string;
  readonly requests: string[];
  /** The Range header of each Get Blob that had one. */
  readonly ranges: string[];
  close(): Promise<void>;
}

/** A blob's ETag, as the listing and Get Blob say it: from its file's time. */
export function blobEtag(file: string): string {
  return `0x${Math.round(statSync(file).mtimeMs * 1000).toString(16).toUpperCase()}`;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startAzure(root: string, account = 'acct'): Promise<AzureServer> {
  const requests: string[] = [];
  const ranges: string[] = [];
  let port = 0;
  const refuse = (response: ServerResponse, status: number, code: string): void => {
    response.writeHead(status, { 'content-type': 'application/xml' });
    response.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  };
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const url = new URL(request.url ?? '/', 'http://azure.local');
    const [first = '', container = '', ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (first !== account || !existsSync(join(root, container))) return refuse(response, 404, 'ContainerNotFound');
    const signed = (): boolean => signedWithKey(request, account, `http://127.0.0.1:${port}${request.url ?? '/'}`);
    if (container === 'private' && url.searchParams.get('sig') !== 'good' && !signed()) return refuse(response, 403, 'AuthenticationFailed');
    if (rest.length === 0) {
      if (url.searchParams.get('comp') !== 'list') return refuse(response, 400, 'InvalidQueryParameterValue');
      if (container === 'unlisted') return refuse(response, 403, 'AuthorizationPermissionMismatch'); // (a SAS that may read, not list)
      const prefix = url.searchParams.get('prefix') ?? '';
      const all = keysUnder(join(root, container)).filter((b) => b.startsWith(prefix)).sort();
      const from = Number(url.searchParams.get('marker') ?? '0');
      const blobs = all.slice(from, from + 2).map((name) => `<Blob><Name>${escapeXml(name)}</Name><Properties><Content-Length>${statSync(join(root, container, name)).size}</Content-Length><Etag>${blobEtag(join(root, container, name))}</Etag><BlobType>BlockBlob</BlobType></Properties></Blob>`);
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="${escapeXml(container)}"><Prefix>${escapeXml(prefix)}</Prefix><Blobs>${blobs.join('')}</Blobs><NextMarker>${from + 2 < all.length ? String(from + 2) : ''}</NextMarker></EnumerationResults>`);
      return;
    }
    const file = join(root, container, ...rest);
    if (!existsSync(file) || !statSync(file).isFile()) return refuse(response, 404, 'BlobNotFound');
    const body = readFileSync(file);
    const etag = blobEtag(file);
    const start = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''))?.[1];
    if (request.headers.range) ranges.push(String(request.headers.range));
    if (start !== undefined && request.headers['if-range'] === etag && Number(start) < body.length) {
      response.writeHead(206, { etag, 'content-length': body.length - Number(start), 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'x-ms-blob-type': 'BlockBlob' });
      return void response.end(body.subarray(Number(start)));
    }
    response.writeHead(200, { etag, 'content-length': body.length, 'content-type': 'application/octet-stream', 'x-ms-blob-type': 'BlockBlob' });
    response.end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return { blobEndpoint: `http://127.0.0.1:${port}/${account}`, requests, ranges, close: () => new Promise((closed) => server.close(() => closed())) };
}
