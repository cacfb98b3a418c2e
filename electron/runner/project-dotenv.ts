/**
 * The project's `.env` file: `NAME=VALUE` lines (as python-dotenv, Docker Compose and editors read
 * them) that each step gets, as if set in the shell that starts the run, so a token (HF_TOKEN,
 * WANDB_API_KEY) is given once, out of valohai.yaml and out of git, not typed for every run. A
 * variable the shell sets keeps the shell's value (dotenv's rule); a step's declared default and
 * a run's `--env` go over both. Only names are ever said, never values.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ENV_NAME } from '../../shared/run/run-environment.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the project's .env sets (none without one; a line whose name a shell cannot export is left out). */
export function dotenvValues(projectDir: string): Record<string, string> {
  const file = join(projectDir, '.env');
  let text: string;
  try {
    if (!statSync(file).isFile()) return {};
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseEnv(text))) if (ENV_NAME.test(name) && value !== undefined) values[name] = value;
  return values;
}

/** `env` with what the project's .env sets and `env` does not, and what a run says of it as it starts. */
export function withDotenv(projectDir: string, env: Env): { env: Env; said: string[] } {
  const values = dotenvValues(projectDir);
  const names = Object.keys(values).sort();
  if (names.length === 0) return { env, said: [] };
  const given = names.filter((name) => env[name] === undefined);
  const kept = names.filter((name) => env[name] !== undefined);
  const said = [
    `the project's .env gives ${given.length > 0 ? given.join(', ') : 'nothing'} to each step${kept.length > 0 ? ` (${kept.join(', ')}: this shell's value, which it keeps)` : ''}`,
    ...(tracked(projectDir) ? ['.env is in git, so its values (tokens too) are in the repository: add it to .gitignore and take it out of git (git rm --cached .env)'] : []),
  ];
  return { env: { ...Object.fromEntries(given.map((name) => [name, values[name]])), ...env }, said };
}

/** Whether git tracks the project's .env (not when there is no git, or it is ignored or new). */
function tracked(projectDir: string): boolean {
  const result = spawnSync('git', ['ls-files', '--error-unmatch', '--', '.env'], { cwd: projectDir, stdio: 'ignore', timeout: 5000 });
  return result.status === 0;
}
