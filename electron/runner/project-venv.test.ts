import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

/** A project whose .venv's python says it is the one that ran. */
function withVenv(): string {
  const dir = makeProject(
    `- step: {name: fit, image: python:3.12, command: python3 fit.py}
- step: {name: deps, image: python:3.12, command: pip install -r requirements.txt && python3 fit.py}
- step: {name: which, image: python:3.12, command: 'echo "venv=$VIRTUAL_ENV"'}
`,
    { '.venv/pyvenv.cfg': 'home = /usr/bin\n', '.venv/bin/python3': '#!/bin/sh\necho "the project\'s python ran $1"\n', '.venv/bin/pip': '#!/bin/sh\necho "the project\'s pip ran $1"\n', 'requirements.txt': '' },
  );
  for (const tool of ['python3', 'pip']) chmodSync(join(dir, '.venv/bin', tool), 0o755);
  return dir;
}

describe("the project's virtual environment", () => {
  it('is what steps run with when none is active, said as the run starts, and pip installs into it without a warning', () => {
    const dir = withVenv();
    const ran = cli(['run', '--step', 'fit'], dir, { VIRTUAL_ENV: '' });
    expect(ran.code, ran.err).toBe(0);
    expect(ran.err).toContain("steps run with the project's virtual environment .venv/ (its bin/ first on PATH, as activating it would), since none was active");
    expect(cli(['logs', 'latest'], dir).out).toBe("the project's python ran fit.py\n");
    const deps = cli(['run', '--step', 'deps'], dir, { VIRTUAL_ENV: '' });
    expect(deps.err).not.toContain('installs into this machine');
    expect(cli(['logs', 'latest'], dir).out).toBe("the project's pip ran install\nthe project's python ran fit.py\n");
    expect(cli(['plan', '--step', 'fit'], dir, { VIRTUAL_ENV: '' }).err).toContain("the project's virtual environment .venv/");
  });

  it('gives way to one the runner was started in', () => {
    const dir = withVenv();
    const ran = cli(['run', '--step', 'which'], dir, { VIRTUAL_ENV: '/opt/elsewhere' });
    expect(ran.err).not.toContain("the project's virtual environment");
    expect(cli(['logs', 'latest'], dir).out).toBe('venv=/opt/elsewhere\n');
  });
});
