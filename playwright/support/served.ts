/**
 * A real `pipewright serve` on a fresh copy of a project, per test: the spec drives Chromium
 * against it and reads the files it writes. Nothing is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXAMPLE = join(ROOT, 'resources/example-project');
const CLI = join(ROOT, 'electron/cli/main.ts');

export interface Served {
  /** The URL with its token, as `serve` printed it. */
  readonly url: string;
  readonly dir: string;
}

export async function serve(dir: string, env: Record<string, string> = {}): Promise<{ served: Served; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', dir, '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`pipewright serve exited with ${code}`)));
    lines.once('line', (line) => resolveUrl((JSON.parse(line) as { url: string }).url));
  });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGINT');
    });
  return { served: { url, dir }, stop };
}

/** A temp copy of the example project (or of given files), served for one test (with `hostEnv` set for its host). */
export const test = base.extend<{ project: Record<string, string> | undefined; hostEnv: Record<string, string>; served: Served }>({
  project: [undefined, { option: true }],
  hostEnv: [{}, { option: true }],
  served: async ({ project, hostEnv }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-e2e-'));
    if (project)
      for (const [name, text] of Object.entries(project)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
    else cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.pipewright') });
    const { served, stop } = await serve(dir, hostEnv);
    await use(served);
    await stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
