/**
 * What a step lacks of what its script declares (script-outline.ts): the parameters it does not
 * pass and the inputs it does not have, for the step panel and `pipewright add-step`.
 */

/**
 * The Python script a command line runs (`python3 train.py {parameters}`, `python -u src/fit.py`,
 * `./train.py`), as written: a path in the project, or undefined where the line runs no script.
 */
export function scriptRunBy(line: string): string | undefined {
  return /^\s*(?:python3?(?:\.\d+)?\s+(?:-u\s+)?|\.\/)['"]?([\w./-]+\.py)['"]?(?=\s|$)/.exec(line)?.[1];
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
}

/**
 * What the script declares and the step does not pass. An option counts as passed when a
 * parameter of the step passes it (`--learning-rate={v}` on a parameter named `lr`), whatever the
 * parameter's name.
 */
export function missingFromStep<P extends OutlineParameter, I extends { readonly name: string }>(step: StepLike, outline: { readonly parameters: readonly P[]; readonly inputs: readonly I[] }): { parameters: P[]; inputs: I[] } {
  const passed = new Set(step.parameters.flatMap((p) => [p.name, optionOf(p)]));
  const parameters = outline.parameters.filter((p) => !passed.has(p.name) && !passed.has(optionOf({ name: p.name, passAs: p['pass-as'], passTrueAs: p['pass-true-as'], passFalseAs: p['pass-false-as'] })));
  const inputs = outline.inputs.filter((i) => !step.inputs.some((known) => known.name === i.name));
  return { parameters, inputs };
}

/**
 * The options of `passed` a script that takes exactly `accepts` refuses (argparse's "unrecognized
 * arguments"): neither one of them nor the start of one long option (argparse's abbreviations).
 */
export function optionsNotTaken(passed: readonly string[], accepts: readonly string[]): string[] {
  return [...new Set(passed)].filter((option) => !accepts.includes(option) && !(option.startsWith('--') && accepts.some((a) => a.startsWith('--') && a.startsWith(option))));
}

/** The step's parameters whose option its script does not take, with that option (positionals aside). */
export function parametersNotTaken(step: StepLike, accepts: readonly string[]): { readonly parameter: string; readonly option: string }[] {
  const options = step.parameters.map((p) => ({ parameter: p.name, option: optionOf(p) })).filter((o) => o.option.startsWith('-'));
  const refused = new Set(optionsNotTaken(options.map((o) => o.option), accepts));
  return options.filter((o) => refused.has(o.option));
}
