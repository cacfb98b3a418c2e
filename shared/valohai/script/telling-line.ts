/**
 * The one line of a step's command that says what the step does, for a one-line summary (the
 * palette): the line that runs a script, else the first that is not setting up (`cd src`,
 * `pip install …`, `export X=…`), else the first. A command of `cd src` then `python main.py
 * train` reads "python main.py train", not "cd src".
 */
import { scriptCall } from './step-gaps.ts';

const SETUP = /^\s*(?:cd|export|mkdir|echo|set|source|\.|unzip|tar|ls|pwd|nvidia-smi|printenv|env|true|sleep)(?:\s|$)|^\s*(?:sudo\s+)?(?:apt(?:-get)?|apk|yum|dnf)\s|^\s*(?:(?:uv|python[\d.]*\s+-m)\s+)?pip[\d.]*\s+install\s|^\s*(?:conda|mamba|micromamba)\s+install\s|^\s*(?:uv\s+sync|poetry\s+install|pipenv\s+install)(?:\s|$)/;

export function tellingLine(command: readonly string[]): string {
  const lines = command.flatMap((c) => c.split('\n')).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  return lines.find((l) => !SETUP.test(l) && scriptCall(l) !== undefined) ?? lines.find((l) => !SETUP.test(l)) ?? lines[0] ?? '';
}
