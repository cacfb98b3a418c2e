/**
 * Which modules a `pipewright` command loads: the CLI run with a module hook that lists each file it
 * loads. The verbs that only read or mark stored runs must stay light (no engine, YAML or schema code).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

const HOOK = `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) { appendFileSync(process.env.PIPEWRIGHT_MODULE_LOG, url + '\\n'); return next(url, context); } });
`;

/** The loaded modules' paths, relative to the checkout (node_modules/yaml/…, electron/runner/…). */
export function modulesLoadedBy(args: readonly string[], cwd: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-modules-'));
  const hook = join(dir, 'hook.mjs');
  const log = join(dir, 'loaded.txt');
  writeFileSync(hook, HOOK);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', hook, join(ROOT, 'bin/pipewright.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, PIPEWRIGHT_MODULE_LOG: log } });
  if (result.status !== 0) throw new Error(`pipewright ${args.join(' ')} failed: ${result.stderr}`);
  const prefix = `file://${ROOT}/`;
  return readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith(prefix)).map((url) => url.slice(prefix.length));
}
