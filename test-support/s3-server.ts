/**
 * A small S3-compatible server over a folder (each subfolder a bucket), on 127.0.0.1, for the
 * real AWS CLI to talk to (AWS_ENDPOINT_URL): this machine reaches no real S3. It answers what
 * `aws s3 cp` and `aws s3 ls` ask (HeadObject, GetObject, ListObjectsV2) and counts the requests;
 * an object's time is its file's (to the second, as S3's), and its ETag changes with it; any key under `slow/` never finishes coming.
 * It notes who signed each request (the access key id, or `anonymous`); the bucket `private` refuses anonymous ones, as most buckets do.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { keysUnder } from './folder-keys.ts';

export interface S3Server {
  readonly endpoint: string;
  /** Requests so far, as `METHOD path?query`. */
  readonly requests: string[];
  /** Who signed each request, in the same order: the access key id its Authorization names, or `anonymous`. */
  readonly signers: string[];
  close(): Promise<void>;
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** When the object at `file` was last written, to the second. */
const written = (file: string): Date => new Date(Math.floor(statSync(file).mtimeMs / 1000) * 1000);
/** Its ETag: here from its time, so that a rewrite changes it (S3's is its content's MD5). */
const etag = (file: string): string => `"${Math.round(statSync(file).mtimeMs * 1000).toString(16)}"`;

export async function startS3(root: string): Promise<S3Server> {
  const requests: string[] = [];
  const signers: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const signer = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? 'anonymous';
    signers.push(signer);
    const url = new URL(request.url ?? '/', 'http://s3.local');
    const [bucket = '', ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const key = rest.join('/');
    const fail = (status: number, code: string, message: string): void => {
      response.writeHead(status, { 'content-type': 'application/xml' });
      response.end(request.method === 'HEAD' ? undefined : `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    if (bucket === '' || !existsSync(join(root, bucket))) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (bucket === 'private' && signer === 'anonymous') return fail(403, 'AccessDenied', 'Access Denied');
    if (key === '') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const contents = keysUnder(join(root, bucket))
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((k) => `<Contents><Key>${xml(k)}</Key><LastModified>${written(join(root, bucket, k)).toISOString()}</LastModified><ETag>${xml(etag(join(root, bucket, k)))}</ETag><Size>${statSync(join(root, bucket, k)).size}</Size><StorageClass>STANDARD</StorageClass></Contents>`);
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`);
      return;
    }
    // A key under slow/ is said to be a megabyte and comes a byte at a time: a download to cancel.
    if (key.startsWith('slow/')) {
      response.writeHead(200, { 'content-length': 1_000_000, etag: '"e"', 'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT', 'content-type': 'application/octet-stream' });
      if (request.method === 'HEAD') return void response.end();
      const timer = setInterval(() => response.write('x'), 50);
      request.socket.once('close', () => clearInterval(timer));
      return;
    }
    const file = join(root, bucket, key);
    if (!existsSync(file) || !statSync(file).isFile()) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
    const body = readFileSync(file);
    response.writeHead(200, { 'content-length': body.length, etag: etag(file), 'last-modified': written(file).toUTCString(), 'content-type': 'application/octet-stream' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, requests, signers, close: () => new Promise((closed) => server.close(() => closed())) };
}
