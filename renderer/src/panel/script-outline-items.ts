/**
 * The new-step form's and the step panel's reading of a script's outline (script-outline.ts):
 * which script a command runs, what the user kept of it, what a step lacks of it.
 */
import type { ScriptOutlineResult } from '../../../shared/api/contract.ts';
import { scriptRunBy as runs } from '../../../shared/valohai/script/step-gaps.ts';

/**
 * The Python script of the project a command runs (`python3 train.py {parameters}`,
 * `python3 ./src/fit.py`: `src/fit.py`), if it is one of `scripts` (without them, any: the host
 * reads only one it lists).
 */
export function scriptRunBy(command: string, scripts?: readonly string[]): string | undefined {
  const script = runs(command);
  return script !== undefined && (scripts === undefined || scripts.includes(script)) ? script : undefined;
}

export interface Picked {
  readonly outline: ScriptOutlineResult | undefined;
  /** Names left unchecked: parameters and inputs the step will not get. */
  readonly unchecked: ReadonlySet<string>;
}

/** The parameters and inputs the step gets: those left checked. */
export function pickedItems(picked: Picked): { parameters: ScriptOutlineResult['parameters']; inputs: ScriptOutlineResult['inputs']; environment: ScriptOutlineResult['environment'] } {
  const { outline, unchecked } = picked;
  return {
    parameters: (outline?.parameters ?? []).filter((p) => !unchecked.has(`parameter:${p.name}`)),
    inputs: (outline?.inputs ?? []).filter((i) => !unchecked.has(`input:${i.name}`)),
    environment: (outline?.environment ?? []).filter((v) => !unchecked.has(`env:${v.name}`)),
  };
}

export { missingFromStep, parametersNotTaken, PARSERS, subcommandOf, type StepLike } from '../../../shared/valohai/script/step-gaps.ts';
