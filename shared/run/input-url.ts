/**
 * An input's URL may name parameters, `{parameter:NAME}` (or `{parameter-value:NAME}`), which take
 * the execution's value of that parameter, as Valohai fills them: a dynamic pipeline's
 * `dataset://{parameter:dataset_name}_train/latest`, a local `data/{parameter:split}.csv`.
 */
import type { Parameter, ParameterValue } from '../valohai/model/parameter.ts';
import { pythonStr } from './python-format.ts';

const PLACEHOLDER = /\{parameter(?:-value)?:([^{}]+)\}/g;

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
