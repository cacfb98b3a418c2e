/**
 * The new-step form's and the step panel's reading of a script's outline (script-outline.ts):
 * which script a command runs, what the user kept of it, what a step lacks of it.
 */
import type { ScriptOutlineResult } from '../../../shared/api/contract.ts';

/** The top-level Python script a command runs (`python3 train.py {parameters}`), if it is one of `scripts`. */
export function scriptRunBy(command: string, scripts: readonly string[]): string | undefined {
  const run = /^\s*(?:python3?(?:\.\d+)?|\.\/)\s*(?:-u\s+)?['"]?([\w.-]+\.py)['"]?(\s|$)/.exec(command);
  const script = run?.[1];
  return script !== undefined && scripts.includes(script) ? script : undefined;
}

export interface Picked {
  readonly outline: ScriptOutlineResult | undefined;
  /** Names left unchecked: parameters and inputs the step will not get. */
  readonly unchecked: ReadonlySet<string>;
}

/** The parameters and inputs the step gets: those left checked. */
export function pickedItems(picked: Picked): { parameters: ScriptOutlineResult['parameters']; inputs: ScriptOutlineResult['inputs'] } {
  const { outline, unchecked } = picked;
  return {
    parameters: (outline?.parameters ?? []).filter((p) => !unchecked.has(`parameter:${p.name}`)),
    inputs: (outline?.inputs ?? []).filter((i) => !unchecked.has(`input:${i.name}`)),
  };
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
export function missingFromStep(step: StepLike, outline: ScriptOutlineResult): { parameters: ScriptOutlineResult['parameters']; inputs: ScriptOutlineResult['inputs'] } {
  const passed = new Set(step.parameters.flatMap((p) => [p.name, optionOf(p)]));
  const parameters = outline.parameters.filter((p) => !passed.has(p.name) && !passed.has(optionOf({ name: p.name, passAs: p['pass-as'], passTrueAs: p['pass-true-as'], passFalseAs: p['pass-false-as'] })));
  const inputs = outline.inputs.filter((i) => !step.inputs.some((known) => known.name === i.name));
  return { parameters, inputs };
}
