/**
 * The project's own Python virtual environment (`.venv/` or `venv/` in the project folder, as
 * `python3 -m venv .venv` makes it), used by its steps when the runner has none active: its `bin/`
 * goes first on PATH and `VIRTUAL_ENV` names it, as `. .venv/bin/activate` would do, so `python`
 * and `pip` are the project's whether Pipewright was started from that shell or from a launcher.
 * One the runner's environment activated (`VIRTUAL_ENV` set) is left as it is.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { withDotenv } from './project-dotenv.ts';

type Env = Readonly<Record<string, string | undefined>>;

const NAMES = ['.venv', 'venv'];

/** The project's virtual environment's folder, when there is one and none is active. */
function projectVenv(projectDir: string, env: Env): string | undefined {
  if (env['VIRTUAL_ENV']) return undefined;
  return NAMES.map((name) => join(projectDir, name)).find((dir) => existsSync(join(dir, 'pyvenv.cfg')) && existsSync(join(dir, 'bin')));
}

/**
 * The environment steps start from: the shell's, with what the project's .env sets and it does not
 * (project-dotenv.ts), the project's virtual environment activated where it has one, and what the
 * run says of them as it starts.
 */
export function projectEnvironment(projectDir: string, shell: Env): { env: Env; said: string[] } {
  const dotenv = withDotenv(projectDir, shell);
  const env = dotenv.env;
  const venv = projectVenv(projectDir, env);
  if (venv === undefined) return dotenv;
  const { PYTHONHOME: _home, ...rest } = env; // activate unsets it too
  return {
    env: { ...rest, VIRTUAL_ENV: venv, PATH: [join(venv, 'bin'), env['PATH']].filter(Boolean).join(delimiter) },
    said: [...dotenv.said, `steps run with the project's virtual environment ${venv.slice(projectDir.length + 1)}/ (its bin/ first on PATH, as activating it would), since none was active`],
  };
}
