import { pbkdf2 } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadError, fetchToFile } from './download.ts';
import { readAhead } from './read-ahead.ts';

const KiB = 1024;

/** A body that gives `chunks` at once, then fails after `failAfterMs` (a connection lost). */
function losingConnection(chunks: readonly Uint8Array[], failAfterMs: number): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      setTimeout(() => controller.error(new TypeError('terminated')), failAfterMs);
    },
  });
}

async function drain(body: AsyncIterable<Uint8Array>): Promise<{ bytes: number; error: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of body) bytes += chunk.byteLength;
  } catch (error) {
    return { bytes, error };
  }
  return { bytes, error: undefined };
}

/** A body of `chunkBytes` chunks without end, counting what was pulled and whether it was cancelled. */
function endless(chunkBytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number; cancelled: () => boolean } {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled += chunkBytes;
        controller.enqueue(new Uint8Array(chunkBytes));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled, cancelled: () => cancelled };
}

describe('reading a body ahead', () => {
  it('keeps what came before the connection was lost, where a body read late has none of it', async () => {
    // The premise: a web stream errored drops what it had queued.
    const late = losingConnection([new Uint8Array(16 * KiB)], 10);
    await sleep(50);
    expect(await drain(late)).toEqual({ bytes: 0, error: expect.any(TypeError) });

    const ahead = readAhead(losingConnection([new Uint8Array(16 * KiB), new Uint8Array(KiB)], 10));
    await sleep(50);
    expect(await drain(ahead)).toEqual({ bytes: 17 * KiB, error: expect.any(TypeError) });
  });

  it('holds at most its limit in memory until the writer takes some', async () => {
    const source = endless(64 * KiB);
    const arrived: number[] = [];
    const ahead = readAhead(source.body, (bytes) => arrived.push(bytes), 1024 * KiB);
    await sleep(50);
    expect(source.pulled()).toBeLessThanOrEqual(1024 * KiB + 64 * KiB);
    expect(arrived.length).toBe(16);
    let taken = 0;
    for await (const chunk of ahead) if ((taken += chunk.byteLength) >= 4096 * KiB) break;
    expect(taken).toBe(4096 * KiB);
    // Leaving the loop stops the reading: nothing more is pulled.
    await sleep(20);
    expect(source.cancelled()).toBe(true);
    const after = source.pulled();
    await sleep(30);
    expect(source.pulled()).toBe(after);
  });

  it('stops reading when cancelled before anything is taken', async () => {
    const source = endless(KiB);
    const ahead = readAhead(source.body, undefined, 8 * KiB);
    await sleep(10);
    ahead.cancel();
    await sleep(10);
    expect(source.cancelled()).toBe(true);
    expect(await drain(ahead)).toEqual({ bytes: 0, error: undefined });
  });
});

let server: Server | undefined;
afterEach(async () => {
  const closing = server;
  server = undefined;
  if (!closing) return;
  closing.closeAllConnections();
  await new Promise((done) => closing.close(done));
});

describe('a download whose connection is lost while its folder is being made', () => {
  it('keeps the bytes that came as a part to resume, however slow the file system was', async () => {
    // The server sends 16 KiB and drops the connection at once, while the thread pool (where
    // mkdir and the validator's write wait) is kept busy for a while: the body's first read
    // comes after the connection is gone.
    server = createServer((_req, res) => {
      for (let i = 0; i < 4; i += 1) pbkdf2('x', 'y', 300_000, 32, 'sha256', () => undefined);
      res.writeHead(200, { 'content-length': String(64 * KiB), etag: '"v1"' });
      res.write(Buffer.alloc(16 * KiB, 7), () => setTimeout(() => res.socket?.destroy(), 5));
    });
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/data.bin`;
    const target = join(mkdtempSync(join(tmpdir(), 'pipewright-read-ahead-')), 'nested', 'data.bin');

    const failed = fetchToFile(url, target, { idleMs: 10_000, cancelled: new AbortController().signal });
    await expect(failed).rejects.toThrow(DownloadError);
    const folder = join(target, '..');
    const part = readdirSync(folder).find((name) => name.endsWith('.part'));
    expect(part, `left in the folder: ${readdirSync(folder).join(', ')}`).toBeDefined();
    expect(readFileSync(join(folder, part ?? ''))).toEqual(Buffer.alloc(16 * KiB, 7));
    expect(JSON.parse(readFileSync(join(folder, `${part ?? ''}.json`), 'utf8'))).toEqual({ validator: '"v1"' });
  });
});
