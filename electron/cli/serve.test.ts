import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject } from '../../test-support/runner.ts';

const app = mkdtempSync(join(tmpdir(), 'pipewright-app-'));
writeFileSync(join(app, 'index.html'), '<!doctype html><title>Pipewright</title>');
const env = { PIPEWRIGHT_RENDERER_DIR: app };

describe('pipewright serve', () => {
  it('prints a loopback URL with a token, serves the project behind it, and stops on Ctrl+C', async () => {
    const project = makeProject('- step: {name: a, image: x, command: echo}\n');
    const child = cliAsync(['serve', project, '--json'], project, env);
    const line = await new Promise<string>((resolveLine) => createInterface({ input: child.stdout! }).once('line', resolveLine));
    const { url, project: served } = JSON.parse(line) as { url: string; project: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    expect(served).toBe(project);
    const { origin, hash } = new URL(url);
    expect(await (await fetch(origin)).text()).toContain('Pipewright');
    const call = (token: string) => fetch(`${origin}/api/call/project.open`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    const opened = (await (await call(hash.slice('#token='.length))).json()) as { text: string };
    expect(opened.text).toContain('name: a');
    expect((await call('guess')).status).toBe(401);
    const exit = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('opens a folder without valohai.yaml as a new file, which the first save creates', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pipewright-fresh-'));
    // A Valohai project kept in a subfolder is named, in case that is the one meant.
    mkdirSync(join(folder, 'conf'));
    writeFileSync(join(folder, 'conf', 'valohai.yaml'), '- step: {name: kept, image: x, command: echo}\n');
    const child = cliAsync(['serve', folder, '--json'], folder, env);
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const line = await new Promise<string>((resolveLine) => createInterface({ input: child.stdout! }).once('line', resolveLine));
    const { url } = JSON.parse(line) as { url: string };
    const { origin, hash } = new URL(url);
    const call = async (method: string, body: unknown) =>
      (await fetch(`${origin}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${hash.slice('#token='.length)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
    const opened = await call('project.open', {});
    expect(opened).toMatchObject({ text: '' });
    expect(existsSync(join(folder, 'valohai.yaml'))).toBe(false);
    const text = '- step:\n    name: a\n    command: echo\n';
    expect(await call('project.save', { text, baseVersion: opened['version'] })).toMatchObject({ saved: true });
    expect(readFileSync(join(folder, 'valohai.yaml'), 'utf8')).toBe(text);
    expect(said).toContain('has no valohai.yaml yet; the editor starts one, written when you save (to edit the one in conf instead: pipewright serve conf)');
    const exit = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('says what is wrong with a bad port, a missing folder, or an unbuilt app', () => {
    const project = makeProject('- step: {name: a, image: x, command: echo}\n');
    expect(cli(['serve', project, '--port', 'eighty'], project, env)).toMatchObject({ code: 2, err: 'pipewright serve: --port must be a number from 0 to 65535 (got "eighty")\n' });
    const empty = mkdtempSync(join(tmpdir(), 'pipewright-empty-'));
    expect(cli(['serve', join(empty, 'nope')], empty, env)).toMatchObject({ code: 2, err: expect.stringContaining('no such file or folder') as unknown });
    const unbuilt = join(empty, 'no-app');
    mkdirSync(unbuilt);
    expect(cli(['serve', project], project, { PIPEWRIGHT_RENDERER_DIR: unbuilt })).toMatchObject({ code: 1, err: 'pipewright serve: the app is not built yet; run "npm run build" first\n' });
  });
});

describe('npm start', () => {
  it('says what is wrong with its options (exit 2), not a stack trace', () => {
    const start = (...args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, 'start.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(start('--projet', 'x')).toMatchObject({ status: 2, stderr: 'pipewright: npm start -- has no option --projet (did you mean --project?); its options: --port, --project, --browser\n' });
    expect(start('a', 'b')).toMatchObject({ status: 2, stderr: 'pipewright: npm start opens one project: --project PATH (got "a b" too)\n' });
    const help = start('--help');
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npm start -- \[PATH \| --project PATH\] \[--port N\] \[--browser\]\n/);
    expect(start('--browser', '/no/such/place')).toMatchObject({ status: 2, stderr: 'pipewright serve: /no/such/place: no such file or folder\n' });
  });
});
