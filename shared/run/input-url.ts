/**
 * An input's URL may name parameters, `{parameter:NAME}` (or `{parameter-value:NAME}`), which take
 * the execution's value of that parameter, as Valohai fills them: a dynamic pipeline's
 * `dataset://{parameter:dataset_name}_train/latest`, a local `data/{parameter:split}.csv`.
 */
import { takesOneValue, type Parameter, type ParameterValue } from '../valohai/model/parameter.ts';
import { pythonStr } from './python-format.ts';

/** `{parameter:NAME}` or `{parameter-value:NAME}` in a URL (global: use with matchAll, replace, split). */
export const PLACEHOLDER = /\{parameter(?:-value)?:([^{}]+)\}/g;

/** A Valohai datum id (`datum://` + a UUID; some files follow it with a space and the file name): a file kept on Valohai, which no run here names. */
export const VALOHAI_DATUM_ID = /^datum:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\s|$)/i;

/** `datum://` or `dataset://` with nothing after it (as a real project marks an input to give at each run): which of the two, else undefined. */
export function emptyDataName(url: string): 'datum' | 'dataset' | undefined {
  const scheme = /^(datum|dataset):\/\/\s*$/i.exec(url.trim())?.[1]?.toLowerCase();
  return scheme === 'datum' || scheme === 'dataset' ? scheme : undefined;
}

/** The parameters a URL names. */
export function parametersIn(url: string): string[] {
  return [...url.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** The URL with each named parameter's value in its place; one without a value stays as written. */
export function inputUrlWith(url: string, values: Readonly<Record<string, ParameterValue | undefined>>, parameters: readonly Parameter[]): string {
  return url.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) return whole;
    const type = parameters.find((p) => p.name === name)?.type;
    return Array.isArray(value) ? value.map((v) => pythonStr(v as ParameterValue, type)).join(',') : pythonStr(value, type);
  });
}

/**
 * The URLs a task node's children fill it to: a list given to a one-value parameter (a pipeline
 * parameter's list into a task) runs one child per item, each with its own URL. At most `limit`.
 */
export function urlsPerChild(url: string, values: Readonly<Record<string, ParameterValue | undefined>>, parameters: readonly Parameter[], limit = 64): string[] {
  let combos: Record<string, ParameterValue | undefined>[] = [{ ...values }];
  for (const name of new Set(parametersIn(url))) {
    const value = values[name];
    const parameter = parameters.find((p) => p.name === name);
    if (!Array.isArray(value) || parameter === undefined || !takesOneValue(parameter)) continue;
    combos = combos.flatMap((c) => value.map((item) => ({ ...c, [name]: item as ParameterValue }))).slice(0, limit);
  }
  return [...new Set(combos.map((c) => inputUrlWith(url, c, parameters)))];
}
