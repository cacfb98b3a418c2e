/**
 * A step that clones a git repository in its command (`git clone …/yolov5.git`, as real projects
 * do to fetch a model's code): on Valohai into a fresh copy of the code each time; here into the
 * project folder, where the second run finds the first one's clone. Said before it runs, and
 * under the failure; real git, cloning a repository on this machine. So is a folder made with
 * mkdir (without -p) in the code, which the second run finds there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

function upstreamRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-clone-'));
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  git('init', '-q', 'lib');
  writeFileSync(join(dir, 'lib/train.py'), 'print("trained with lib")\n');
  git('-C', 'lib', 'add', '.');
  git('-C', 'lib', 'commit', '-qm', 'lib');
  return join(dir, 'lib');
}

const project = (command: string): string => `- step:\n    name: train\n    image: python:3.12\n    command:\n      - ${command}\n      - python3 lib/train.py\n`;

describe('a command that clones a git repository', () => {
  it('is told before it runs that the clone lands in the project folder, and the second run, failing, says why and how', () => {
    const dir = makeProject(project(`git clone -q --depth 1 file://${upstreamRepository()}`));
    const planned = cli(['plan', '--step', 'train'], dir);
    expect(planned.err).toContain('warning: node "train": its command clones a git repository into lib/ of the project folder, which a run here works in (Valohai gives each execution a fresh copy of the code): a later run finds it there and git clone fails; write [ -d lib ] || git clone … in the command (and add lib/ to .gitignore)');
    const first = cli(['run', '--step', 'train'], dir);
    expect(first.code, first.err).toBe(0);
    expect(cli(['logs', '1'], dir).out).toBe('trained with lib\n');
    expect(existsSync(join(dir, 'lib/train.py'))).toBe(true);
    const second = cli(['run', '--step', 'train'], dir);
    expect(second.code).toBe(1);
    expect(second.err).toContain('lib/ is already there, so git clone fails; delete it, or write [ -d lib ] || git clone … in the command');
    expect(second.err).toContain("hint: git clone found lib there from an earlier run: a run here works in the project folder itself (Valohai gives each execution a fresh copy of the code); delete lib, or write [ -d lib ] || git clone … in the command");
  });

  it('is not told where the command clones only when the folder is missing', () => {
    const dir = makeProject(project(`'[ -d lib ] || git clone -q file://${upstreamRepository()} lib'`));
    expect(cli(['run', '--step', 'train'], dir).code).toBe(0);
    const again = cli(['run', '--step', 'train'], dir);
    expect(again.code, again.err).toBe(0);
    expect(again.err).not.toContain('clones a git repository');
  });
});

describe('a command that makes a folder of the code with mkdir', () => {
  const made = (mkdir: string): string => `- step:\n    name: train\n    image: python:3.12\n    command:\n      - ${mkdir}\n      - echo saved > /valohai/repository/checkpoints/last.txt\n`;

  it('is told before it runs that the folder stays in the project folder, and the second run, failing, says how to write it', () => {
    const dir = makeProject(made('mkdir /valohai/repository/checkpoints/'));
    const first = cli(['run', '--step', 'train'], dir);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain('warning: node "train": its command makes checkpoints/ with mkdir in the project folder, which a run here works in (Valohai gives each execution a fresh copy of the code): a later run finds it there and mkdir fails; write mkdir -p checkpoints, which leaves a folder that is there as it is');
    expect(existsSync(join(dir, 'checkpoints/last.txt'))).toBe(true);
    const second = cli(['run', '--step', 'train'], dir);
    expect(second.code).toBe(1);
    expect(second.err).toContain('checkpoints/ is already there, so mkdir fails; write mkdir -p checkpoints');
    expect(second.err).toMatch(/hint: \S*checkpoints\/? is already there: a run here works in the project folder itself, where what an earlier run made stays \(Valohai gives each execution a fresh copy of the code\); write mkdir -p/);
  });

  it('is not told where mkdir -p makes it, or the folder is outside the code (an absolute path, a relative one after a cd elsewhere)', () => {
    for (const mkdir of ['mkdir -p /valohai/repository/checkpoints', 'mkdir -p checkpoints && mkdir /tmp/x-$$ && rmdir /tmp/x-$$', 'mkdir -p checkpoints && cd /tmp && mkdir pw-mkdir-test && rmdir pw-mkdir-test']) {
      const dir = makeProject(made(mkdir));
      for (let i = 0; i < 2; i += 1) {
        const ran = cli(['run', '--step', 'train'], dir);
        expect(ran.code, ran.err).toBe(0);
        expect(ran.err).not.toContain('with mkdir');
      }
    }
  });
});
