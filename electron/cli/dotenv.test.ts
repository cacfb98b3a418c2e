import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

// A step that needs a token it declares with no default, as a Hugging Face step does.
const PROJECT = `
- step:
    name: pull
    image: python:3.12
    command: echo "token=$PW_DOTENV_TOKEN mode=$PW_DOTENV_MODE"
    environment-variables:
      - {name: PW_DOTENV_TOKEN, optional: false}
      - {name: PW_DOTENV_MODE, default: online}
`;

describe("the project's .env", () => {
  it('gives each step its variables, so a required token runs without --env; only names are said', () => {
    const dir = makeProject(PROJECT, { '.env': '# local only\nexport PW_DOTENV_TOKEN="hf_abc 123"\nPW_DOTENV_MODE=offline\n' });
    const run = cli(['run', '--step', 'pull'], dir);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain("the project's .env gives PW_DOTENV_MODE, PW_DOTENV_TOKEN to each step");
    expect(run.err).not.toContain('hf_abc');
    // The step's declared default goes over .env, as over the shell; --env over both.
    expect(cli(['logs', 'latest', 'pull'], dir).out.trim()).toBe('token=hf_abc 123 mode=online');
    expect(cli(['run', '--step', 'pull', '--env', 'PW_DOTENV_TOKEN=given'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'pull'], dir).out.trim()).toBe('token=given mode=online');
  });

  it("keeps the shell's value of a variable both set, and says so", () => {
    const dir = makeProject(PROJECT, { '.env': 'PW_DOTENV_TOKEN=from-file\n' });
    const run = cli(['run', '--step', 'pull'], dir, { PW_DOTENV_TOKEN: 'from-shell' });
    expect(run.err).toContain("the project's .env gives nothing to each step (PW_DOTENV_TOKEN: this shell's value, which it keeps)");
    expect(cli(['logs', 'latest', 'pull'], dir).out.trim()).toBe('token=from-shell mode=online');
  });

  it('is not needed: without one a required variable is refused, saying .env is a way', () => {
    const refused = cli(['run', '--step', 'pull'], makeProject(PROJECT));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("set it in the shell that starts the run (export PW_DOTENV_TOKEN=…) or in the project's .env (PW_DOTENV_TOKEN=…, kept out of git)");
  });

  it('warns when git tracks it: its tokens are in the repository', () => {
    const dir = makeProject(PROJECT, { '.env': 'PW_DOTENV_TOKEN=x\n' });
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
    git('init', '-q');
    expect(cli(['run', '--step', 'pull'], dir).err).not.toContain('.env is in git');
    git('add', '.env');
    expect(cli(['run', '--step', 'pull'], dir).err).toContain('.env is in git, so its values (tokens too) are in the repository: add it to .gitignore and take it out of git (git rm --cached .env)');
  });
});
