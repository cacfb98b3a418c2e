import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logText, makeProject, onePipeline, run, step } from '../../../test-support/runner.ts';
import type { RunEvent } from '../../../shared/run/events.ts';
import { download } from './download.ts';

let server: Server | undefined;

async function serve(handler: RequestListener): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done));
  server = undefined;
});

const folder = (): string => mkdtempSync(join(tmpdir(), 'pipewright-downloads-'));

/** Writes `chunk(i)` every `ms` until `times` chunks are out, then ends: a body that comes slowly. */
function dribble(res: ServerResponse, chunk: (i: number) => string | Buffer, times: number, ms: number): void {
  let sent = 0;
  const timer = setInterval(() => {
    res.write(chunk(sent));
    if ((sent += 1) === times) {
      clearInterval(timer);
      res.end();
    }
  }, ms);
}

/** A project whose pipeline `p` is one task node `t`: `children` executions of `command`, each taking `url` as input `input`. */
function sweepTaking(url: string, input: string, command: string, children: number): string {
  const items = Array.from({ length: children }, (_, i) => i + 1).join(', ');
  return makeProject(`
${step('work', command, `    parameters: [{name: k, type: integer, default: 0}]\n    inputs: [{name: ${input}, default: '${url}'}]\n`)}
- task:
    name: sweep
    step: work
    parameters: [{name: k, style: multiple, rules: {items: [${items}]}}]
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep}]
    edges: []
`);
}

describe('downloading an input default', () => {
  it('streams the body to disk, so a large file costs no memory, and fetches it once', async () => {
    const MiB = 1024 * 1024;
    let requests = 0;
    const base = await serve((_req, res) => {
      requests += 1;
      let sent = 0;
      const chunk = Buffer.alloc(MiB, 7);
      const more = (): void => {
        while (sent < 256) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const dir = folder();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    const file = await download(`${base}/data/big.bin`, dir).finally(() => clearInterval(sampler));
    expect(peak - before).toBeLessThan(128 * MiB);
    expect(file.endsWith('/big.bin')).toBe(true);
    expect(statSync(file).size).toBe(256 * MiB);
    expect(await download(`${base}/data/big.bin`, dir)).toBe(file);
    expect(requests).toBe(1);
    // Read-only, as stored outputs are: inputs are links to it.
    expect(statSync(file).mode & 0o222).toBe(0);
  });

  it('fetches again a download that a step changed through its input, and says so', async () => {
    let requests = 0;
    const base = await serve((_req, res) => {
      requests += 1;
      res.end('rows\n');
    });
    const spoil = 'cat $VH_INPUTS_DIR/data/data.csv; chmod u+w $VH_INPUTS_DIR/data/data.csv; echo spoiled >> $VH_INPUTS_DIR/data/data.csv';
    const dir = makeProject(`${step('spoil', spoil, `    inputs: [{name: data, default: "${base}/data.csv"}]\n`)}${onePipeline('spoil')}`);
    const first = await run(dir, 'p');
    const warning = first.events.find((e) => e.type === 'run:warning');
    expect(warning && 'message' in warning && warning.message).toMatch(/changed its input data\/data\.csv in place: .*; that download is fetched again when next needed\./);
    const second = await run(dir, 'p');
    expect(logText(second.events, 'spoil')).toBe('rows'); // the URL's content, not the changed file
    expect(requests).toBe(2);
  });

  it('fetches a URL once for a sweep whose children all take it at once, each getting the whole file', async () => {
    let requests = 0;
    const base = await serve((_req, res) => {
      requests += 1;
      // Slowly enough that the children ask while it is still coming.
      dribble(res, (i) => `${String(i).padStart(6, '0')}\n`, 200, 1);
    });
    const dir = sweepTaking(`${base}/rows.txt`, 'rows', 'wc -l < $VH_INPUTS_DIR/rows/rows.txt; echo {parameter-value:k}', 4);
    const result = await run(dir, 'p', { jobs: 4 });
    expect(result.status).toBe('succeeded');
    expect(logText(result.events, 't').split('\n').filter((line) => line.trim() === '200')).toHaveLength(4);
    expect(requests).toBe(1);
  });

  it('says how far a download has come while a node waits for it: once per step for a sweep whose children share it, done before the command starts, not again once fetched', async () => {
    const size = 600 * 1024;
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': size });
      // 60 KiB every 100 ms: a second in all, so several steps are said on the way.
      dribble(res, () => Buffer.alloc(60 * 1024, 1), 10, 100);
    });
    const dir = sweepTaking(`${base}/data.bin`, 'data', 'wc -c < $VH_INPUTS_DIR/data/data.bin', 3);
    const result = await run(dir, 'p', { jobs: 3 });
    expect(result.status).toBe('succeeded');
    const said = result.events.filter((e) => e.type === 'input:fetching');
    expect(said.length).toBeGreaterThanOrEqual(3);
    expect(said.every((e) => e.node === 't' && e.input === 'data' && e.url === `${base}/data.bin` && e.total === size)).toBe(true);
    const received = said.map((e) => e.received);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(new Set(said.map((e) => `${e.received} ${e.done}`)).size).toBe(said.length); // three children waiting, each step said once
    expect(said.at(-1)).toMatchObject({ received: size, done: true });
    expect(said.filter((e) => e.done)).toHaveLength(1);
    const firstStart = result.events.findIndex((e) => e.type === 'execution:start');
    expect(result.events.indexOf(said.at(-1) as RunEvent)).toBeLessThan(firstStart);
    expect(logText(result.events, 't').split('\n').filter((line) => line.trim() === String(size))).toHaveLength(3);
    // Fetched once: the next run takes it from downloads/, and has nothing to say of it.
    const again = await run(dir, 'p', { jobs: 3 });
    expect(again.events.filter((e) => e.type === 'input:fetching')).toEqual([]);
  });

  it('says what the server answered, and leaves no partial file', async () => {
    const base = await serve((_req, res) => {
      res.statusCode = 404;
      res.end('no');
    });
    const dir = folder();
    await expect(download(`${base}/gone.csv`, dir)).rejects.toThrow(`cannot download ${base}/gone.csv: the server answered HTTP 404 Not Found`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives up on a server that goes quiet mid-file, removing what it had', async () => {
    const base = await serve((_req, res) => {
      res.write('the first bytes, then nothing');
    });
    const dir = folder();
    await expect(download(`${base}/stalls.csv`, dir, { idleMs: 300 })).rejects.toThrow(/stalls\.csv: nothing arrived for 300 ms/);
    const [sub] = readdirSync(dir);
    expect(sub === undefined || readdirSync(join(dir, sub)).length === 0).toBe(true);
  });

  it('says plainly when nothing listens there', async () => {
    const base = await serve(() => undefined);
    await new Promise((done) => server?.close(done));
    await expect(download(`${base}/x.csv`, folder())).rejects.toThrow(/the connection was refused/);
  });

  it('stops a download under way when the run is cancelled, at once, whatever the server does, and keeps no partial file', async () => {
    // A server that never finishes: one byte every 50 ms of a file said to be a megabyte.
    let closed = false;
    const base = await serve((req, res) => {
      res.writeHead(200, { 'content-length': 1_000_000 });
      const timer = setInterval(() => res.write('x'), 50);
      req.socket.once('close', () => ((closed = true), clearInterval(timer)));
    });
    const dir = makeProject(`${step('s', 'ls', `    inputs: [{name: big, default: '${base}/big.bin'}]\n`)}${onePipeline('s')}`);
    let cancelledAt = 0;
    const started = Date.now();
    const result = await run(dir, 'p', { onStarted: ({ cancel }) => setTimeout(() => ((cancelledAt = Date.now()), cancel()), 500) });
    expect(result.status).toBe('cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(closed).toBe(true); // the connection is closed, not left dribbling
    // (The run does not wait for the stopped download to clear up: its partial file goes a moment later.)
    const downloads = join(dir, '.pipewright/downloads');
    const left = (): string[] => readdirSync(downloads).flatMap((sub) => readdirSync(join(downloads, sub)));
    const until = Date.now() + 2000;
    while (left().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(left()).toEqual([]);
  });

  it("a cancelled asker stops waiting at once, while another asking for the same URL still gets the file", async () => {
    let release: () => void = () => undefined;
    const base = await serve((_req, res) => {
      res.write('first half, ');
      release = () => res.end('second half');
    });
    const dir = folder();
    const quitter = new AbortController();
    const staying = download(`${base}/shared.txt`, dir, { idleMs: 10_000 });
    const leaving = download(`${base}/shared.txt`, dir, { idleMs: 10_000, signal: quitter.signal });
    await new Promise((settled) => setTimeout(settled, 100));
    quitter.abort();
    await expect(leaving).rejects.toThrow('cancelled while');
    release();
    expect(readFileSync(await staying, 'utf8')).toBe('first half, second half');
  });
});
