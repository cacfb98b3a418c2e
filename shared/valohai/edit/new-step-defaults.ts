/**
 * What the new-step form starts with: a script of the project's own that no step runs yet
 * (`train.py`, `main.py`… first, then the one nearest the top), its command as Valohai's
 * examples write it, and its name.
 */
import { shellQuote } from '../../run/python-format.ts';

const RUNNERS: Readonly<Record<string, string>> = { py: 'python3', sh: 'bash', r: 'Rscript', jl: 'julia' };
/** Names that say "the entry point", in the order a person would pick them. */
const PREFERRED = ['train', 'main', 'run', 'preprocess', 'app'];
const FALLBACK = { name: '', command: 'python3 script.py {parameters}' } as const;
/** The image a new step gets unless told (valohai.prepare's, the form's field, add-step's --image). */
export const NEW_STEP_IMAGE = 'python:3.12-slim';

export interface NewStepDefaults {
  readonly name: string;
  readonly command: string;
}

export function newStepDefaults(scripts: readonly string[], steps: readonly { readonly name: string; readonly command: readonly string[] }[]): NewStepDefaults {
  const commands = steps.flatMap((s) => s.command).join('\n');
  // A script's path as a word of a command (`python3 train.py`, `./train.py`), not within another path (`src/train.py`).
  const used = (script: string): boolean => new RegExp(`(^|[\\s'"]|\\./)${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s'";&|])`, 'm').test(commands);
  const free = scripts.filter((s) => runnerOf(s) !== undefined && !used(s));
  const rank = (s: string): number => {
    const at = PREFERRED.indexOf(stepNameFor(s));
    const depth = s.split('/').length - 1;
    return ((at === -1 ? PREFERRED.length : at) * 3 + depth) * 2 + (s.endsWith('.py') ? 0 : 1);
  };
  const script = [...free].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))[0];
  if (script === undefined) return FALLBACK;
  const name = stepNameFor(script);
  const taken = steps.some((s) => s.name === name);
  return { name: taken ? '' : name, command: commandFor(script) };
}

/** A step's name from its script's (`train.py`, `src/Prepare Data.py` → `prepare-data`). */
export function stepNameFor(script: string): string {
  const file = script.slice(script.lastIndexOf('/') + 1);
  return file.slice(0, file.lastIndexOf('.')).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The command that runs a script of the project (one `subcommand` of it) with the step's parameters, as Valohai's examples write it. */
export function commandFor(script: string, subcommand?: string): string {
  return `${runnerOf(script) ?? 'python3'} ${shellQuote(script)} ${subcommand !== undefined ? `${shellQuote(subcommand)} ` : ''}{parameters}`;
}

function runnerOf(script: string): string | undefined {
  return RUNNERS[script.slice(script.lastIndexOf('.') + 1).toLowerCase()];
}
