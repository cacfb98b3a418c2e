/** Where a project's code lives in git: its `origin` remote, its commit, and whether files changed since. */
import { spawnSync } from 'node:child_process';

function git(dir: string, args: readonly string[]): string | undefined {
  const result = spawnSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export interface GitSource {
  readonly repository?: string;
  readonly revision?: string;
  /** Tracked files changed since that commit: a clone of it would not have them. */
  readonly dirty: boolean;
  /** The project's folder inside the repository (`ml/churn`), empty at its root. */
  readonly subfolder: string;
}

export function gitSource(dir: string): GitSource {
  const repository = git(dir, ['remote', 'get-url', 'origin']);
  const revision = git(dir, ['rev-parse', 'HEAD']);
  const status = git(dir, ['status', '--porcelain', '--untracked-files=no']);
  const subfolder = (git(dir, ['rev-parse', '--show-prefix']) ?? '').replace(/\/+$/, '');
  return {
    subfolder,
    ...(repository ? { repository } : {}),
    ...(revision ? { revision } : {}),
    dirty: status !== undefined && status !== '',
  };
}
