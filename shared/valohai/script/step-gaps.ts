/**
 * What a step lacks of what its script declares (script-outline.ts): the parameters it does not
 * pass, the inputs and environment variables it does not have, for the step panel and
 * `pipewright add-step`.
 */

/** What starts a Python script: an interpreter, maybe through a project tool, or a launcher of one. */
const STARTS = /^\s*(?:(?:uv|poetry|pipenv|pdm|hatch)\s+run\s+)?(?:(?:[\w.~-]*\/)*(?:python[\d.]*|torchrun|deepspeed)|accelerate\s+launch|(?=\.\/))(?=\s|\.\/)/;

/**
 * The Python script a command line runs, as written (a path in the project: `python3 train.py
 * {parameters}`, `python -u src/fit.py`, `./train.py`, `uv run python train.py`, `torchrun
 * --nproc-per-node 2 train.py`, `python -m src.train` as `src/train.py`), and the text after it
 * (what the script is given). Undefined where the line runs no script.
 */
export function scriptCall(line: string): { readonly script: string; readonly after: string } | undefined {
  const head = STARTS.exec(line);
  if (!head) return undefined;
  // The command's first part only: what follows `&&`, `;` or a pipe is another command.
  const rest = line.slice(head[0].length).split(/&&|\|\||[;|]/)[0] as string;
  const words = [...rest.matchAll(/\S+/g)];
  for (const word of words) {
    const path = /^['"]?((?:\.\/)?[\w./-]+\.py)['"]?$/.exec(word[0])?.[1];
    if (path !== undefined) return { script: path.replace(/^(\.\/)+/, ''), after: line.slice(head[0].length + (word.index ?? 0) + word[0].length) };
  }
  const module = words.findIndex((w) => w[0] === '-m');
  const name = words[module + 1];
  if (module === -1 || name === undefined || !/^[A-Za-z_][\w.]*$/.test(name[0])) return undefined;
  return { script: `${name[0].replaceAll('.', '/')}.py`, after: line.slice(head[0].length + (name.index ?? 0) + name[0].length) };
}

/** The word after the script (`train` in `python3 main.py train {parameters}`): the command of a script of several it runs, if it has them. */
export function subcommandOf(line: string): string | undefined {
  const word = scriptCall(line)?.after.trim().split(/\s+/)[0];
  return word !== undefined && /^[A-Za-z][\w-]*$/.test(word) ? word : undefined;
}

/** The script of `scriptCall`. */
export function scriptRunBy(line: string): string | undefined {
  return scriptCall(line)?.script;
}

/** A declared parameter, as far as telling whether a step passes it goes. */
export interface OutlineParameter {
  readonly name: string;
  readonly 'pass-as'?: string | undefined;
  readonly 'pass-true-as'?: string | undefined;
  readonly 'pass-false-as'?: string | undefined;
}

/** The option a parameter is passed by (`--lr` for `--lr={v}`, `-k` for `-k {v}`), or its name for a positional. */
function optionOf(p: { readonly name: string; readonly passAs?: string | undefined; readonly passTrueAs?: string | undefined; readonly passFalseAs?: string | undefined }): string {
  const template = p.passAs ?? p.passTrueAs ?? p.passFalseAs;
  if (template === undefined) return `--${p.name}`;
  const word = template.trim().split(/[\s=]/)[0] ?? '';
  return word.startsWith('-') ? word : p.name;
}

export interface StepLike {
  readonly command: readonly string[];
  readonly parameters: readonly { readonly name: string; readonly passAs?: string | undefined; readonly passTrueAs?: string | undefined; readonly passFalseAs?: string | undefined }[];
  readonly inputs: readonly { readonly name: string }[];
  readonly environmentVariables?: readonly { readonly name: string }[];
}

/**
 * What the script declares and the step does not pass. An option counts as passed when a
 * parameter of the step passes it (`--learning-rate={v}` on a parameter named `lr`), whatever the
 * parameter's name.
 */
export function missingFromStep<P extends OutlineParameter, I extends { readonly name: string }, E extends { readonly name: string }>(
  step: StepLike,
  outline: { readonly parameters: readonly P[]; readonly inputs: readonly I[]; readonly environment?: readonly E[] },
): { parameters: P[]; inputs: I[]; environment: E[] } {
  const passed = new Set(step.parameters.flatMap((p) => [p.name, optionOf(p)]));
  const parameters = outline.parameters.filter((p) => !passed.has(p.name) && !passed.has(optionOf({ name: p.name, passAs: p['pass-as'], passTrueAs: p['pass-true-as'], passFalseAs: p['pass-false-as'] })));
  const inputs = outline.inputs.filter((i) => !step.inputs.some((known) => known.name === i.name));
  const environment = (outline.environment ?? []).filter((v) => !(step.environmentVariables ?? []).some((known) => known.name === v.name));
  return { parameters, inputs, environment };
}

/** The library that parses a script's options, where its text shows every option it takes. */
export type OptionParser = 'argparse' | 'click' | 'typer' | 'fire';

/** Every option a script takes, and what refuses the others (script-outline.ts). */
export interface Accepts {
  readonly parser: OptionParser;
  readonly options: readonly string[];
}

/** How each library is named, what it stops with at an option it does not take, and whether it takes a long option's start. */
export const PARSERS: Readonly<Record<OptionParser, { readonly said: string; readonly stops: string; readonly abbreviations: boolean }>> = {
  argparse: { said: 'argparse', stops: 'unrecognized arguments', abbreviations: true },
  click: { said: 'click command', stops: 'No such option', abbreviations: false },
  typer: { said: 'typer command', stops: 'No such option', abbreviations: false },
  fire: { said: 'fire.Fire', stops: 'Could not consume arg', abbreviations: false },
};

/**
 * The options of `passed` a script that takes exactly `accepts` refuses: neither one of them nor,
 * for argparse, the start of one long option (its abbreviations).
 */
export function optionsNotTaken(passed: readonly string[], accepts: Accepts): string[] {
  const { options } = accepts;
  const abbreviated = (option: string): boolean => PARSERS[accepts.parser].abbreviations && option.startsWith('--') && options.some((a) => a.startsWith('--') && a.startsWith(option));
  return [...new Set(passed)].filter((option) => !options.includes(option) && !abbreviated(option));
}

/** The step's parameters whose option its script does not take, with that option (positionals aside). */
export function parametersNotTaken(step: StepLike, accepts: Accepts): { readonly parameter: string; readonly option: string }[] {
  const options = step.parameters.map((p) => ({ parameter: p.name, option: optionOf(p) })).filter((o) => o.option.startsWith('-'));
  const refused = new Set(optionsNotTaken(options.map((o) => o.option), accepts));
  return options.filter((o) => refused.has(o.option));
}
