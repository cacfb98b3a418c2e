/**
 * A download that stopped part way (its runner killed, its connection lost) goes on from where it
 * stopped when its server names the content's version and takes ranges; from the start when the
 * content changed meanwhile. The real CLI runs against a real HTTP server on this machine.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject, onePipeline, step } from '../../../test-support/runner.ts';
import { pipewright } from '../../../test-support/store-inputs.ts';
import { testServer } from '../../../test-support/test-server.ts';
import { contentRange, validatorOf } from './resumable-part.ts';
import { urlFolder } from './kept-copy.ts';

const KiB = 1024;

interface Served {
  url?: string;
  content: Buffer;
  etag: string;
  /** What the first answer of the whole body does after 16 KiB: waits for ever, or drops the connection. */
  cut: 'stall' | 'drop' | 'none';
  /** How many requests from now are answered 503 Service Unavailable. */
  refuse?: number;
  /** Each request's Range and If-Range, and how many bytes went back. */
  readonly asked: { range: string | undefined; ifRange: string | undefined; sent: number }[];
}

const server = testServer();

/** A server of one file that takes ranges under If-Range, as S3, GCS, Azure and most web servers do. */
async function serve(served: Served): Promise<string> {
  const base = await server.serve((req: IncomingMessage, res: ServerResponse) => {
    const range = req.headers.range;
    const ifRange = req.headers['if-range'] as string | undefined;
    const start = /^bytes=(\d+)-$/.exec(range ?? '')?.[1];
    const record = { range, ifRange, sent: 0 };
    served.asked.push(record);
    if ((served.refuse ?? 0) > 0) {
      served.refuse = (served.refuse ?? 0) - 1;
      return void res.writeHead(503).end();
    }
    if (start !== undefined && ifRange === served.etag) {
      const from = Number(start);
      if (from >= served.content.length) return void res.writeHead(416, { 'content-range': `bytes */${served.content.length}` }).end();
      const rest = served.content.subarray(from);
      res.writeHead(206, { etag: served.etag, 'content-length': rest.length, 'content-range': `bytes ${from}-${served.content.length - 1}/${served.content.length}` });
      record.sent = rest.length;
      return void res.end(rest);
    }
    res.writeHead(200, { etag: served.etag, 'content-length': served.content.length, 'accept-ranges': 'bytes' });
    if (served.cut === 'none') {
      record.sent = served.content.length;
      return void res.end(served.content);
    }
    res.write(served.content.subarray(0, 16 * KiB));
    record.sent = 16 * KiB;
    if (served.cut === 'drop') setTimeout(() => res.destroy(), 100);
  });
  served.url = `${base}/data.bin`;
  return served.url;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** A project whose one node prints the SHA-256 of the file its input downloads. */
function hashing(url: string): string {
  return makeProject(step('hash', 'sha256sum "$VH_INPUTS_DIR/data/data.bin" | cut -c1-64', `    inputs: [{name: data, default: '${url}'}]\n`) + onePipeline('hash', 'h'));
}

/** The files of the project's downloads folder, by name (in its one URL folder). */
function downloads(dir: string): string[] {
  const root = join(dir, '.pipewright', 'downloads');
  if (!existsSync(root)) return [];
  // (Each URL's folder; beside it, HASH.version.json says what its copy is.)
  return readdirSync(root, { withFileTypes: true }).flatMap((folder) => (folder.isDirectory() ? readdirSync(join(root, folder.name)).map((name) => join(root, folder.name, name)) : []));
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i += 1) await new Promise((r) => setTimeout(r, 50));
}

/** The last request asked for the rest of the "v1" content (from 16 KiB), `sent` bytes came back (all of a changed one), and the step read the whole current file. */
function expectAskedForTheRest(ran: { code: number | null; err: string }, served: Served, dir: string, sent: number): void {
  expect(ran.code, ran.err).toBe(0);
  expect(served.asked.at(-1)).toEqual({ range: `bytes=${16 * KiB}-`, ifRange: '"v1"', sent });
  expect(cli(['logs', 'latest', 'h'], dir).out.trim()).toBe(sha256(served.content));
}

/** Runs the project's pipeline and kills its runner (SIGKILL) once 16 KiB of the download have come. */
async function killMidDownload(dir: string): Promise<void> {
  const runner = cliAsync(['run', '--pipeline', 'p'], dir);
  await until(() => downloads(dir).some((f) => f.endsWith('.part') && statSync(f).size === 16 * KiB));
  runner.kill('SIGKILL');
  await new Promise((done) => runner.once('exit', done));
}

describe('a download that stopped part way', () => {
  it('goes on from where it stopped after its runner was killed: only the rest is asked for, on the condition that the content is the same', async () => {
    const served: Served = { content: randomBytes(64 * KiB), etag: '"v1"', cut: 'stall', asked: [] };
    const dir = hashing(await serve(served));
    await killMidDownload(dir);
    expect(downloads(dir).map((f) => f.replace(/.*\//, ''))).toEqual(expect.arrayContaining([expect.stringMatching(/^data\.bin\.\d+\.[0-9a-f-]{36}\.part$/), expect.stringMatching(/\.part\.json$/)]));

    served.cut = 'none';
    const resumed = await pipewright(['resume', 'latest'], dir, {});
    expectAskedForTheRest(resumed, served, dir, 48 * KiB);
    expect(resumed.err).toContain(`↓ h: fetching ${served.url} (input "data", going on from 25% of 64 KiB)\n`);
    expect(downloads(dir).map((f) => f.replace(/.*\//, ''))).toEqual(['data.bin']); // the part and its version note are gone
  });

  it('keeps its part when the request to go on fails (HTTP 503), for the next try', async () => {
    const served: Served = { content: randomBytes(64 * KiB), etag: '"v1"', cut: 'drop', asked: [] };
    const dir = hashing(await serve(served));
    expect((await pipewright(['run', '--pipeline', 'p'], dir, {})).code).toBe(1);
    Object.assign(served, { cut: 'none', refuse: 1 });
    const refused = await pipewright(['run', '--pipeline', 'p'], dir, {});
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('the server answered HTTP 503');
    const parts = downloads(dir).filter((f) => f.endsWith('.part'));
    expect(parts.map((f) => statSync(f).size)).toEqual([16 * KiB]);
    expectAskedForTheRest(await pipewright(['run', '--pipeline', 'p'], dir, {}), served, dir, 48 * KiB);
  });

  it('is fetched from the start when the content changed meanwhile (the server answers the whole of the new one)', async () => {
    const served: Served = { content: randomBytes(64 * KiB), etag: '"v1"', cut: 'stall', asked: [] };
    const dir = hashing(await serve(served));
    await killMidDownload(dir);

    Object.assign(served, { content: randomBytes(40 * KiB), etag: '"v2"', cut: 'none' });
    expectAskedForTheRest(await pipewright(['resume', 'latest'], dir, {}), served, dir, 40 * KiB);
  });

  it('keeps what came of a download whose connection was lost, and the next run goes on from there', async () => {
    const served: Served = { content: randomBytes(64 * KiB), etag: '"v1"', cut: 'drop', asked: [] };
    const dir = hashing(await serve(served));
    const failed = await pipewright(['run', '--pipeline', 'p'], dir, {});
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('cannot download');
    // Kept under no process's id, so the next fetch of it, in this process or another, takes it.
    expect(downloads(dir).map((f) => f.replace(/.*\//, '')).sort()).toEqual([expect.stringMatching(/^data\.bin\.0\.[0-9a-f-]{36}\.part$/), expect.stringMatching(/^data\.bin\.0\.[0-9a-f-]{36}\.part\.json$/)]);

    served.cut = 'none';
    expectAskedForTheRest(await pipewright(['run', '--pipeline', 'p'], dir, {}), served, dir, 48 * KiB);
  });

  it('fetches afresh a part that was already whole (the server answers 416 to the range), as one killed just before its rename leaves', async () => {
    const served: Served = { content: randomBytes(8 * KiB), etag: '"v1"', cut: 'none', asked: [] };
    const url = await serve(served);
    const dir = hashing(url);
    const folder = urlFolder(join(dir, '.pipewright', 'downloads'), url);
    mkdirSync(folder, { recursive: true });
    const part = join(folder, 'data.bin.0.0b0e8a8e-1111-4222-8333-944445555666.part');
    writeFileSync(part, served.content);
    writeFileSync(`${part}.json`, JSON.stringify({ validator: '"v1"' }));
    const ran = await pipewright(['run', '--pipeline', 'p'], dir, {});
    expect(ran.code, ran.err).toBe(0);
    expect(served.asked).toEqual([{ range: `bytes=${8 * KiB}-`, ifRange: '"v1"', sent: 0 }, { range: undefined, ifRange: undefined, sent: 8 * KiB }]);
    expect(cli(['logs', 'latest', 'h'], dir).out.trim()).toBe(sha256(served.content));
    expect(readdirSync(folder)).toEqual(['data.bin']);
  });

  it('reads the version to resume on (a strong ETag, else Last-Modified) and the range a server answered', () => {
    expect(validatorOf(new Headers({ etag: '"abc"', 'last-modified': 'Mon, 30 Nov 2026 05:00:00 GMT' }))).toBe('"abc"');
    expect(validatorOf(new Headers({ etag: 'W/"abc"', 'last-modified': 'Mon, 30 Nov 2026 05:00:00 GMT' }))).toBe('Mon, 30 Nov 2026 05:00:00 GMT');
    expect(validatorOf(new Headers({ etag: 'W/"abc"' }))).toBeUndefined();
    expect(contentRange('bytes 100-199/200')).toEqual({ start: 100, total: 200 });
    expect(contentRange('bytes 100-199/*')).toEqual({ start: 100, total: null });
    expect(contentRange('bytes */200')).toBeUndefined();
  });
});
