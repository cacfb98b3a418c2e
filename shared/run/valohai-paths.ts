/**
 * Valohai's fixed folders, named as such in a valohai.yaml: `tar -xf /valohai/inputs/data/x.tar`
 * in a command, `default: /valohai/outputs/model.pkl` in a parameter (common in real files; in a
 * Valohai container they are where the inputs and outputs are). A run here has no `/valohai`: each
 * execution's folders are elsewhere, so such a path in a command or a parameter value is taken as
 * that execution's own folder. Paths inside the step's code are not seen (said on failure instead).
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';

export type ValohaiFolder = 'inputs' | 'outputs' | 'config' | 'repository';

/** `/valohai/inputs` and the rest, as a whole path part: not `/valohai/inputsx`, not `x/valohai/inputs`. */
const FIXED = /(^|[^\w./-])\/valohai\/(inputs|outputs|config|repository)(?![\w-])/g;

/** Which of Valohai's fixed folders a text names. */
export function valohaiFoldersIn(text: string): ValohaiFolder[] {
  return [...new Set([...text.matchAll(FIXED)].map((m) => m[2] as ValohaiFolder))];
}

/** The text with each fixed folder replaced by where this execution has it. */
export function withExecutionFolders(text: string, folders: Readonly<Record<ValohaiFolder, string>>): string {
  return text.replace(FIXED, (_, before: string, folder: ValohaiFolder) => `${before}${folders[folder]}`);
}

/** Parameter values with fixed folders replaced, strings and lists of strings alike; the same object when none names one. */
export function valuesWithExecutionFolders(values: Readonly<Record<string, ParameterValue>>, folders: Readonly<Record<ValohaiFolder, string>>): Readonly<Record<string, ParameterValue>> {
  const names = (value: ParameterValue): boolean => (typeof value === 'string' ? value.includes('/valohai/') : Array.isArray(value) && value.some(names));
  if (!Object.values(values).some(names)) return values;
  const map = (value: ParameterValue): ParameterValue => (typeof value === 'string' ? withExecutionFolders(value, folders) : Array.isArray(value) ? value.map(map) : value);
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, map(value)]));
}
