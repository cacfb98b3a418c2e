/**
 * What the new-step form starts with: a script of the project's own that no step runs yet
 * (`train.py`, `main.py`… first), its command as Valohai's examples write it, and its name.
 */
import { shellQuote } from '../../run/python-format.ts';

const RUNNERS: Readonly<Record<string, string>> = { py: 'python3', sh: 'bash', r: 'Rscript', jl: 'julia' };
/** Names that say "the entry point", in the order a person would pick them. */
const PREFERRED = ['train', 'main', 'run', 'preprocess', 'app'];
const FALLBACK = { name: '', command: 'python3 script.py {parameters}' } as const;

export interface NewStepDefaults {
  readonly name: string;
  readonly command: string;
}

export function newStepDefaults(scripts: readonly string[], steps: readonly { readonly name: string; readonly command: readonly string[] }[]): NewStepDefaults {
  const commands = steps.flatMap((s) => s.command).join('\n');
  // A script's name as a word of a command (`python3 train.py`, `./train.py`), not within another name.
  const used = (script: string): boolean => new RegExp(`(^|[\\s/'"])${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s'";&|])`, 'm').test(commands);
  const free = scripts.filter((s) => runnerOf(s) !== undefined && !used(s));
  const stem = (s: string): string => s.slice(0, s.lastIndexOf('.'));
  const rank = (s: string): number => {
    const at = PREFERRED.indexOf(stem(s).toLowerCase());
    return (at === -1 ? PREFERRED.length : at) * 2 + (s.endsWith('.py') ? 0 : 1);
  };
  const script = [...free].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))[0];
  if (script === undefined) return FALLBACK;
  const name = stem(script).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const taken = steps.some((s) => s.name === name);
  return { name: taken ? '' : name, command: `${runnerOf(script) ?? 'python3'} ${shellQuote(script)} {parameters}` };
}

function runnerOf(script: string): string | undefined {
  return RUNNERS[script.slice(script.lastIndexOf('.') + 1).toLowerCase()];
}
