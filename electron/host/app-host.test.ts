import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { cliAsync } from '../../test-support/runner.ts';
import { startHost, type RunningHost } from './app-host.ts';

interface Reply {
  status: number;
  body: string;
}

function raw(host: RunningHost, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  const { port } = new URL(host.url);
  return new Promise((resolveReply, reject) => {
    // A raw request, so paths like /../ reach the server unnormalised.
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolveReply({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const call = (host: RunningHost, method: string, params: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  raw(host, 'POST', `/api/call/${method}`, { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', ...headers }, JSON.stringify(params));

function events(host: RunningHost, options: { token?: string; origin?: string } = {}): Promise<{ socket: WebSocket; received: ApiEvent[] }> {
  const url = host.origin.replace('http', 'ws') + '/api/events';
  const socket = new WebSocket(url, ['pipewright', `pipewright.token.${options.token ?? host.token}`], { origin: options.origin ?? host.origin });
  const received: ApiEvent[] = [];
  socket.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as ApiEvent));
  return new Promise((resolveOpen, reject) => {
    socket.on('open', () => resolveOpen({ socket, received }));
    socket.on('error', reject);
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const YAML = `# the project's comment
- step:
    name: hello
    image: x
    command: |-
      echo '{"score": 3}'
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: hello}
    edges: []
`;

describe('the loopback host', () => {
  let host: RunningHost;
  let project: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    project = join(dir, 'project');
    await mkdir(join(dir, 'renderer'));
    await mkdir(project);
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    await writeFile(join(project, 'valohai.yaml'), YAML);
    await writeFile(join(dir, 'secret.txt'), 'secret');
    for (const file of ['train.py', 'run.sh', 'notes.txt', '.scratch.py']) await writeFile(join(project, file), '');
    await mkdir(join(project, 'lib.py'));
    host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: project, port: 0 });
  });
  afterAll(() => host.close());

  it('listens on loopback only, with a token in the URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  });

  it('opens the project for a request with the token', async () => {
    const res = await call(host, 'project.open', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ text: YAML, dir: project, layout: { version: 1 }, layoutProblem: null });
    // The scripts a new step may run: files at the top, not hidden ones, folders or other files.
    expect(JSON.parse(res.body)).toMatchObject({ scripts: ['run.sh', 'train.py'] });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await call(host, 'project.open', {}, { authorization: '' })).status).toBe(401);
    expect((await call(host, 'project.open', {}, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('refuses a request from another Origin or to another Host, even with the token', async () => {
    expect((await call(host, 'project.open', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call(host, 'project.open', {}, { host: 'evil.example' })).status).toBe(403);
  });

  it('answers a malformed call with a located message, not a stack', async () => {
    const bad = await call(host, 'run.decide', { runId: 'r', node: 'a', decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ code: 'bad-request', error: expect.stringMatching(/^run\.decide: decision: /) as unknown });
    expect((await call(host, 'no.such', {})).status).toBe(404);
    const notJson = await raw(host, 'POST', '/api/call/project.open', { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, '{');
    expect(JSON.parse(notJson.body)).toEqual({ code: 'bad-request', error: 'the body is not JSON' });
  });

  it('answers a body too large with 413 and why, whether its length was declared or it came in chunks', async () => {
    const big = JSON.stringify({ pipeline: 'p', parameters: { pad: 'x'.repeat(7 * 1024 * 1024) } });
    const declared = await call(host, 'runs.list', JSON.parse(big));
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({ code: 'bad-request', error: 'request too large (at most 6 MiB)' });
    const { port } = new URL(host.url);
    const chunked = await new Promise<Reply>((resolveReply, reject) => {
      const headers = { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' };
      const req = request({ host: '127.0.0.1', port, path: '/api/call/runs.list', method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolveReply({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i += 1) req.write(big.slice(i * 1024 * 1024, (i + 1) * 1024 * 1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect((await call(host, 'runs.list', {})).status).toBe(200); // and the host goes on serving
  });

  it('serves nothing outside the app folder', async () => {
    expect((await raw(host, 'GET', '/../secret.txt')).body).not.toContain('secret');
    for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/%E0%A4%A']) {
      const res = await raw(host, 'GET', path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('secret');
    }
  });

  it('refuses an event socket without the token or from another Origin', async () => {
    await expect(events(host, { token: 'wrong' })).rejects.toThrow(/403/);
    await expect(events(host, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('saves with the version it read, refuses a stale save, and tells listeners of changes on disk', async () => {
    const { socket, received } = await events(host);
    const opened = JSON.parse((await call(host, 'project.open', {})).body) as { version: string };
    const edited = YAML.replace('edges: []', 'edges: []  # edited');
    const saved = JSON.parse((await call(host, 'project.save', { text: edited, baseVersion: opened.version })).body) as { saved: boolean; version: string };
    expect(saved.saved).toBe(true);
    expect(await readFile(join(project, 'valohai.yaml'), 'utf8')).toBe(edited);
    await writeFile(join(project, 'valohai.yaml'), YAML);
    await until(() => received.some((e) => e.kind === 'project-changed'), 'project-changed');
    const stale = JSON.parse((await call(host, 'project.save', { text: edited, baseVersion: saved.version })).body) as Record<string, unknown>;
    expect(stale).toMatchObject({ saved: false, reason: 'changed-on-disk', diskText: YAML });
    expect(await readFile(join(project, 'valohai.yaml'), 'utf8')).toBe(YAML);
    socket.close();
  });

  it('runs a pipeline: events stream over the socket and the run can be shown and read', async () => {
    const { socket, received } = await events(host);
    const started = await call(host, 'run.start', { pipeline: 'p' });
    expect(started.status, started.body).toBe(200);
    const { runId } = JSON.parse(started.body) as { runId: string };
    await until(() => received.some((e) => e.kind === 'run' && e.event.type === 'run:finish'), 'run:finish');
    const types = received.flatMap((e) => (e.kind === 'run' ? [e.event.type] : []));
    expect(types).toEqual(expect.arrayContaining(['run:start', 'node:start', 'node:metadata', 'node:finish', 'run:finish']));
    const shown = JSON.parse((await call(host, 'run.show', { runId })).body) as { nodes: { name: string; status: string; metadata: Record<string, unknown> }[] };
    expect(shown.nodes).toEqual([expect.objectContaining({ name: 'a', status: 'succeeded', metadata: { score: 3 } })]);
    const logs = JSON.parse((await call(host, 'logs.read', { runId, node: 'a' })).body) as { lines: { text: string }[] };
    expect(logs.lines.map((l) => l.text)).toEqual(['{"score": 3}']);
    const executions = JSON.parse((await call(host, 'executions.list', { runId, node: 'a' })).body) as unknown;
    expect(executions).toEqual({ executions: [{ id: `${runId}.1`, child: 0, attempt: 1, status: 'succeeded', error: null, parameters: {}, metadata: { score: 3 }, reusedFrom: null, usage: null }] }); // (too quick to be read)
    expect((await call(host, 'executions.list', { runId, node: 'ghost' })).status).toBe(404);
    const series = JSON.parse((await call(host, 'metadata.series', { runId, node: 'a' })).body) as unknown;
    expect(series).toEqual({ executions: [{ id: `${runId}.1`, child: 0, points: [{ at: expect.any(Number) as unknown, values: { score: 3 } }] }], thinned: false });
    expect((await call(host, 'run.start', { pipeline: 'nope' })).status).toBe(404);
    const again = await call(host, 'run.resume', { runId });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body)).toEqual({ code: 'refused', error: `run ${runId} already succeeded; nothing to resume` });
    socket.close();
  });
});

describe('a run whose runner died elsewhere', () => {
  it('shows as interrupted to an open editor, which can resume it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    await writeFile(
      join(dir, 'valohai.yaml'),
      '- step: {name: slow, image: x, command: "[ -f $VH_REPOSITORY_DIR/quick ] || sleep 60"}\n- pipeline:\n    name: p\n    nodes: [{name: s, type: execution, step: slow}]\n    edges: []\n',
    );
    const host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: dir, port: 0 });
    try {
      // The editor has looked at the project before the CLI's run starts.
      expect(JSON.parse((await call(host, 'runs.list', {})).body)).toEqual({ runs: [] });
      const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
      await new Promise<void>((started) => runner.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('execution:start') && started()));
      const status = async (): Promise<string> => (JSON.parse((await call(host, 'run.show', { runId: '1' })).body) as { run: { status: string } }).run.status;
      expect(await status()).toBe('running');
      runner.kill('SIGKILL');
      await new Promise((exited) => runner.once('exit', exited));
      expect(await status()).toBe('interrupted');
      await writeFile(join(dir, 'quick'), '');
      expect(JSON.parse((await call(host, 'run.resume', { runId: '1' })).body)).toEqual({ runId: '1' });
      for (let i = 0; i < 200 && (await status()) !== 'succeeded'; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(await status()).toBe('succeeded');
    } finally {
      await host.close();
    }
  });
});

describe('a valohai.yaml that is not UTF-8 text', () => {
  it('is refused with what it is and what to do, and left as it is (opened, a save would change its bytes)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- step: {name: a, image: x, command: echo é}\n', 'utf16le')]);
    await writeFile(join(dir, 'valohai.yaml'), utf16);
    const host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: dir, port: 0 });
    try {
      const opened = await call(host, 'project.open', {});
      expect(JSON.parse(opened.body)).toEqual({
        code: 'refused',
        error: 'valohai.yaml cannot be opened: File is UTF-16 text (what Windows Notepad saves as "Unicode"): save it as UTF-8 (opened as it is, a save would change its bytes)',
      });
      expect(await readFile(join(dir, 'valohai.yaml'))).toEqual(utf16);
    } finally {
      await host.close();
    }
  });
});

describe('a scripted run.start', () => {
  it('takes parameter values as JSON gives them: text, numbers, booleans, lists for a multiple one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    await writeFile(
      join(dir, 'valohai.yaml'),
      `- step:
    name: fit
    image: x
    command: echo {parameters}
    parameters:
      - {name: rate, type: float, default: 0.1}
      - {name: ids, type: integer, multiple: separate, default: [1]}
      - {name: fast, type: flag, default: false}
- pipeline:
    name: p
    parameters:
      - {name: rate, target: a.parameters.rate}
      - {name: ids, target: a.parameters.ids}
      - {name: fast, target: a.parameters.fast}
    nodes: [{name: a, type: execution, step: fit}]
    edges: []
`,
    );
    const host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: dir, port: 0 });
    try {
      const started = await call(host, 'run.start', { pipeline: 'p', parameters: { rate: 0.5, ids: [4, 5], fast: true } });
      expect(started.status, started.body).toBe(200);
      const { runId } = JSON.parse(started.body) as { runId: string };
      const status = async (): Promise<string> => (JSON.parse((await call(host, 'run.show', { runId })).body) as { run: { status: string } }).run.status;
      for (let i = 0; i < 200 && (await status()) === 'running'; i += 1) await new Promise((r) => setTimeout(r, 25));
      const logs = JSON.parse((await call(host, 'logs.read', { runId, node: 'a' })).body) as { lines: { text: string }[] };
      expect(logs.lines.map((l) => l.text)).toEqual(['--rate=0.5 --ids=4,5 --fast']);
      // A value of no parameter type is refused where it is.
      const bad = await call(host, 'run.start', { pipeline: 'p', parameters: { rate: { much: 1 } } });
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body)).toEqual({ code: 'bad-request', error: expect.stringMatching(/^run\.start: parameters\.rate: /) as unknown });
    } finally {
      await host.close();
    }
  });
});

describe('closing the host', () => {
  it('ends even when a page was mid-request and keeps polling over its keep-alive connection', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    await mkdir(join(dir, 'renderer'));
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    await writeFile(join(dir, 'valohai.yaml'), YAML);
    const host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: dir, port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const { port } = new URL(host.url);
    let polling = true;
    const send = (finish: (req: ReturnType<typeof request>) => void): Promise<void> =>
      new Promise<void>((done) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/call/runs.list', method: 'POST', agent, headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => done());
        });
        req.on('error', () => {
          polling = false;
          done();
        });
        finish(req);
      });
    // A request still being sent when the host closes, then the page's usual polling.
    let endBody: () => void = () => undefined;
    const first = send((req) => {
      req.write('{');
      endBody = () => req.end('}');
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = host.close().then(() => 'closed');
    endBody();
    await first;
    const poller = (async () => {
      while (polling) await send((req) => req.end('{}'));
    })();
    const outcome = await Promise.race([closing, new Promise((r) => setTimeout(() => r('still open after 3 s'), 3000))]);
    polling = false;
    agent.destroy();
    await poller;
    expect(outcome).toBe('closed');
  });
});
