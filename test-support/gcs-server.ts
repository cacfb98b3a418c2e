/**
 * A small stand-in for Google Cloud Storage's JSON API over a folder (each subfolder a bucket), on
 * 127.0.0.1, for Pipewright to reach through STORAGE_EMULATOR_HOST as Google's clients reach an
 * emulator: this machine reaches no real GCS. It answers objects.list (two items a page, so that
 * paging is used), objects.get (an object's size and generation) and objects.get with alt=media
 * (its bytes); the bucket `private` wants `Bearer good`, and `unlisted` cannot be listed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { keysUnder } from './folder-keys.ts';

export interface GcsServer {
  /** For STORAGE_EMULATOR_HOST. */
  readonly host: string;
  /** Requests so far, as `METHOD path?query`. */
  readonly requests: string[];
  close(): Promise<void>;
}

const PAGE = 2;

export async function startGcs(root: string): Promise<GcsServer> {
  const requests: string[] = [];
  const json = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const fail = (response: ServerResponse, status: number, message: string): void => json(response, status, { error: { code: status, message } });
  const resource = (bucket: string, name: string): Record<string, string> => {
    const info = statSync(join(root, bucket, name));
    // (A generation changes with each write, as GCS's does: here, the file's time.)
    return { kind: 'storage#object', name, bucket, size: String(info.size), generation: String(Math.round(info.mtimeMs * 1000)) };
  };
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const url = new URL(request.url ?? '/', 'http://gcs.local');
    const match = /^\/storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
    if (!match) return fail(response, 404, 'Not Found');
    const bucket = decodeURIComponent(match[1] as string);
    if (!existsSync(join(root, bucket))) return fail(response, 404, 'The specified bucket does not exist.');
    if (bucket === 'private' && request.headers.authorization !== 'Bearer good') return fail(response, 401, 'Anonymous caller does not have storage.objects.get access.');
    if (match[2] === undefined) {
      if (bucket === 'unlisted') return fail(response, 403, 'The caller does not have storage.objects.list access.'); // (one who may read, not list)
      const prefix = url.searchParams.get('prefix') ?? '';
      const all = keysUnder(join(root, bucket)).filter((k) => k.startsWith(prefix)).sort();
      const from = Number(url.searchParams.get('pageToken') ?? '0');
      const items = all.slice(from, from + PAGE).map((name) => resource(bucket, name));
      return json(response, 200, { kind: 'storage#objects', items, ...(from + PAGE < all.length ? { nextPageToken: String(from + PAGE) } : {}) });
    }
    const key = decodeURIComponent(match[2]);
    const file = join(root, bucket, key);
    if (!existsSync(file) || !statSync(file).isFile()) return fail(response, 404, `No such object: ${bucket}/${key}`);
    if (url.searchParams.get('alt') !== 'media') return json(response, 200, resource(bucket, key));
    const body = readFileSync(file);
    response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    response.end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { host: `127.0.0.1:${port}`, requests, close: () => new Promise((closed) => server.close(() => closed())) };
}
