/**
 * The launcher (the process that starts each step's command): it runs under the system's python3,
 * not whatever `python3` PATH finds first (a version manager's shim there, pyenv's shell script,
 * cost every run half a second before its first step started; steps still get the user's PATH),
 * and the steps it starts inherit nothing the runner's own parent left open.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject, onePipeline, ROOT, step } from '../../../test-support/runner.ts';
import { launcherPython, SYSTEM_PYTHONS } from './launcher.ts';

const SYSTEM_PYTHON = SYSTEM_PYTHONS.find((p) => existsSync(p));
const noSystemPython = SYSTEM_PYTHON === undefined || process.platform !== 'linux';
if (process.platform !== 'linux') console.log('skipped: "gives a step stdin, stdout and stderr only" reads /proc, which only Linux has');
if (noSystemPython) console.log(`skipped: "is the system's python3" needs Linux with one of ${SYSTEM_PYTHONS.join(', ')}`);

describe('the launcher’s python3', () => {
  it('is PATH’s python3 where the system has none', () => {
    expect(launcherPython(['/no/such/python3'])).toBe('python3');
  });

  it.skipIf(noSystemPython)('is the system’s, not a shim first on PATH, while steps keep the PATH they were given', () => {
    const shims = mkdtempSync(join(tmpdir(), 'pipewright-shims-'));
    const calls = join(shims, 'calls');
    writeFileSync(join(shims, 'python3'), `#!/bin/sh\necho called >> ${JSON.stringify(calls)}\nexec ${SYSTEM_PYTHON} "$@"\n`);
    chmodSync(join(shims, 'python3'), 0o755);
    const dir = makeProject(step('who', 'tr "\\0" " " < /proc/$PPID/cmdline; echo; command -v python3') + onePipeline('who'));
    const result = cli(['run', '--pipeline', 'p'], dir, { PATH: `${shims}:${process.env['PATH'] ?? ''}` });
    expect(result.code, result.err).toBe(0);
    const log = cli(['logs', 'latest', 'who'], dir).out;
    expect(log).toContain(`${SYSTEM_PYTHON} -I -S -c`);
    expect(log).toContain('pipewright-launcher');
    expect(log).toContain(join(shims, 'python3'));
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').toBe('');
  });

  it.skipIf(process.platform !== 'linux')('gives a step stdin, stdout and stderr only, not what the runner inherited (a caller’s pipe)', async () => {
    const dir = makeProject(step('fds', 'ls /proc/$$/fd | tr "\\n" " "') + onePipeline('fds'));
    // The runner started as a harness would start it: a pipe of the caller's open as its fd 50
    // (Node's own start closes the low ones on exec, not those).
    const stdio = ['ignore', 'pipe', 'pipe', ...Array.from({ length: 47 }, () => 'ignore' as const), 'pipe'] as const;
    const runner = spawn(process.execPath, [join(ROOT, 'bin/pipewright.mjs'), 'run', '--pipeline', 'p'], { cwd: dir, stdio: [...stdio] });
    const code = await new Promise<number | null>((done) => runner.on('close', done));
    expect(code).toBe(0);
    expect(cli(['logs', 'latest', 'fds'], dir).out).toBe('0 1 2 \n');
  });
});
