import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from './static-host.ts';

function get(host: RunningHost, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(host.url);
  return new Promise((resolveGet, reject) => {
    // A raw request, so paths like /../ reach the server unnormalised.
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the browser-mode host', () => {
  let host: RunningHost;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-host-'));
    await mkdir(join(dir, 'renderer'));
    await mkdir(join(dir, 'project'));
    await writeFile(join(dir, 'renderer/index.html'), '<html>app</html>');
    await writeFile(join(dir, 'project/valohai.yaml'), '- step: {name: a, image: x, command: c}\n');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    host = await startHost({ rendererDir: join(dir, 'renderer'), projectDir: join(dir, 'project'), port: 0 });
  });
  afterAll(() => host.close());

  it('listens on loopback only, with a token in the URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  });

  it('serves the project to a request with the token', async () => {
    const res = await get(host, '/api/project', { authorization: `Bearer ${host.token}` });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ text: expect.stringContaining('name: a') as unknown });
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await get(host, '/api/project')).status).toBe(401);
    expect((await get(host, '/api/project', { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('refuses a request from another Origin, even with the token', async () => {
    const res = await get(host, '/api/project', { authorization: `Bearer ${host.token}`, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('serves nothing outside the app folder', async () => {
    expect((await get(host, '/../secret.txt')).body).not.toContain('secret');
    for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const res = await get(host, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('secret');
    }
  });
});
