/**
 * The last lines each running execution printed, kept from the live log events, so that a step
 * that fails shows why right under it instead of sending its user to `pipewright logs`.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RunEvent } from '../../shared/run/events.ts';
import { shownText } from '../../shared/run/shown-text.ts';

export const TAIL_LINES = 10;
const MAX_WIDTH = 300;

type LogEvent = Extract<RunEvent, { type: 'node:log' }>;
type Line = { readonly stream: 'stdout' | 'stderr'; readonly text: string };

/** stderr lines a failure tail keeps at the most when stdout lines came after them. */
const ERROR_LINES = 3;

/**
 * The last `count` lines, ending with the last stderr lines when they are not among them: a step's
 * stdout and stderr are two channels, read in no guaranteed order, so its last stdout lines may be
 * logged after the error it printed last. The error is why it failed; it is never left out.
 */
export function failureTail<T extends Line>(lines: readonly T[], count: number): T[] {
  const tail = lines.slice(-count);
  const missing = lines.filter((line) => line.stream === 'stderr').slice(-ERROR_LINES).filter((line) => !tail.includes(line));
  return missing.length === 0 ? tail : [...tail.slice(missing.length), ...missing];
}
type FinishEvent = Extract<RunEvent, { type: 'execution:finish' }>;

export class FailureTails {
  private readonly tails = new Map<string, Line[]>();
  /** Each execution's last stderr lines, which its last lines may have left behind. */
  private readonly errors = new Map<string, Line[]>();
  /** Nodes with several executions: their lines say which one printed them. */
  private readonly sweeps = new Set<string>();

  see(event: RunEvent): void {
    if (event.type === 'node:start' && event.children > 1) this.sweeps.add(event.node);
    if (event.type === 'node:log') this.add(event);
  }

  /** The lines to show for a finished execution: its last lines if it failed, none otherwise. */
  finished(event: FinishEvent): string[] {
    const seen = this.tails.get(event.executionId) ?? [];
    const errors = (this.errors.get(event.executionId) ?? []).filter((line) => !seen.includes(line));
    this.tails.delete(event.executionId);
    this.errors.delete(event.executionId);
    if (event.status === 'succeeded' || event.status === 'cancelled' || seen.length === 0) return [];
    const lines = failureTail([...errors, ...seen], TAIL_LINES).map((line) => shownText(line.text));
    const tag = this.sweeps.has(event.node) ? `[${event.executionId}] ` : '';
    return [...lines.map((line) => `    │ ${tag}${line}`), ...failureHints(lines)];
  }

  private add(event: LogEvent): void {
    const tail = this.tails.get(event.executionId) ?? [];
    const errors = this.errors.get(event.executionId) ?? [];
    for (const line of event.lines) {
      const kept = { stream: line.stream, text: line.text.length > MAX_WIDTH ? `${line.text.slice(0, MAX_WIDTH)}…` : line.text };
      tail.push(kept);
      if (kept.stream === 'stderr') errors.push(kept);
    }
    this.tails.set(event.executionId, tail.slice(-TAIL_LINES));
    this.errors.set(event.executionId, errors.slice(-ERROR_LINES));
  }
}

/** What a step writing into a file it was handed (or a copy that kept its mode) prints. */
const READ_ONLY = /Permission denied|PermissionError|EACCES|readonly database|read-only file/i;
/** A path in Valohai's fixed folders, in a line that says it was not there. */
const FIXED_FOLDER = /\/valohai\/(inputs|outputs|config|repository)\b/;
const NOT_THERE = /No such file|FileNotFoundError|ENOENT|not found|does not exist|cannot (open|stat|access)/i;

/**
 * Ways out of failures a run here causes where Valohai's would not: files from upstream nodes are
 * read-only (one file with the upstream's output), and so is a copy that keeps its mode (`cp`,
 * `shutil.copy`); code that names `/valohai/...` itself finds nothing, as a run on the host puts
 * each execution's folders elsewhere (the `VH_*` variables say where).
 */
export function failureHints(lines: readonly string[]): string[] {
  const hints: string[] = [];
  if (lines.some((line) => READ_ONLY.test(line))) {
    hints.push('    hint: files from upstream nodes are read-only (each is the upstream output itself); copy one without its mode (shutil.copyfile, cp --no-preserve=mode) to change it');
  }
  if (lines.some((line) => FIXED_FOLDER.test(line) && NOT_THERE.test(line))) {
    hints.push("    hint: the step's code names Valohai's fixed folders (/valohai/inputs, /valohai/outputs…); a run here puts each execution's elsewhere: read $VH_INPUTS_DIR, $VH_OUTPUTS_DIR, $VH_CONFIG_DIR (valohai-utils does)");
  }
  const missing = lines.map((line) => COMMAND_NOT_FOUND.exec(line)?.[1]).find((name) => name !== undefined);
  if (missing) {
    const instead = missing === 'python' && onPath('python3') ? ', or call python3 (which is here)' : missing === 'pip' && onPath('pip3') ? ', or call pip3 (which is here)' : '';
    hints.push(`    hint: "${missing}" is not a command on this machine: a run here runs the step's commands on this machine, not in its image; install it here${instead}`);
  }
  if (lines.some((line) => /externally-managed-environment/.test(line))) {
    hints.push("    hint: this machine's Python refuses pip installs into itself (PEP 668): make a virtual environment (python3 -m venv .venv && . .venv/bin/activate) and run from that shell; in the step's image the install would have gone into the container");
  }
  const module = lines.map((line) => MODULE_NOT_FOUND.exec(line)?.[1]).find((name) => name !== undefined);
  if (module) {
    hints.push(`    hint: Python module "${module}" is not installed where the command runs: a run here uses this machine's Python, not the step's image; install it there (pip install ${packageOf(module)}, or in the virtual environment the command uses)`);
  }
  return hints;
}

const MODULE_NOT_FOUND = /ModuleNotFoundError: No module named '([\w.]+)'/;

/** The package that installs a module, where its name differs (`cv2` comes with opencv-python). */
const PACKAGES: Readonly<Record<string, string>> = { cv2: 'opencv-python', sklearn: 'scikit-learn', PIL: 'pillow', yaml: 'pyyaml', skimage: 'scikit-image', bs4: 'beautifulsoup4', dotenv: 'python-dotenv' };

function packageOf(module: string): string {
  const top = module.split('.')[0] ?? module;
  return PACKAGES[top] ?? top;
}

/** What sh and bash print for a command they cannot find (`sh: 1: python: not found`). */
const COMMAND_NOT_FOUND = /: ([^\s:/]+): (?:command )?not found\s*$/;

/** Whether `name` is a program on this process's PATH (the steps run with the same). */
function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
