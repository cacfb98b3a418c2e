/** Parameter values from text (the CLI's `--param k=v`) typed by the parameter's declaration. */
import type { Parameter, ParameterValue } from '../valohai/model/parameter.ts';

/** A value, or why not: `message` names the parameter (`lr: "x" is not a number`), `problem` is the rest, for where the name is said already. */
export type Coerced = { readonly ok: true; readonly value: ParameterValue } | { readonly ok: false; readonly message: string; readonly problem: string };

const refused = (parameter: Parameter, problem: string): Coerced => ({ ok: false, message: `${parameter.name}: ${problem}`, problem });

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

function coerceAtom(parameter: Parameter, text: string): Coerced {
  switch (parameter.type) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(text.trim())) return refused(parameter, `"${text}" is not an integer`);
      return { ok: true, value: Number.parseInt(text, 10) };
    }
    case 'float': {
      const value = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(value)) return refused(parameter, `"${text}" is not a number`);
      return { ok: true, value };
    }
    case 'flag': {
      const lower = text.trim().toLowerCase();
      if (TRUE.includes(lower)) return { ok: true, value: true };
      if (FALSE.includes(lower)) return { ok: true, value: false };
      return refused(parameter, `"${text}" is not true or false`);
    }
    case 'string':
      return { ok: true, value: text };
  }
}

/** Checks a value against min, max and choices, as Valohai does before it runs anything: what is wrong, without the parameter's name. */
function checkValue(parameter: Parameter, value: ParameterValue): string | undefined {
  const atoms = Array.isArray(value) ? (value as ParameterValue[]) : [value];
  for (const atom of atoms) {
    if (parameter.type === 'flag') continue;
    if (typeof atom === 'number') {
      if (parameter.min !== undefined && atom < parameter.min) return `${atom} is less than the minimum allowed (${parameter.min})`;
      if (parameter.max !== undefined && atom > parameter.max) return `${atom} is greater than the maximum allowed (${parameter.max})`;
    }
    if (parameter.choices && !parameter.choices.some((c) => c === atom)) {
      return `${String(atom)} is not one of the choices (${parameter.choices.map(String).join(', ')})`;
    }
  }
  return undefined;
}

/** `"0.1"` → 0.1 for a float; several texts make a list (for `multiple` params and task sweeps). */
export function coerceParameter(parameter: Parameter, texts: readonly string[]): Coerced {
  const values: ParameterValue[] = [];
  for (const text of texts) {
    const atom = coerceAtom(parameter, text);
    if (!atom.ok) return atom;
    values.push(atom.value);
  }
  const value = values.length === 1 ? (values[0] as ParameterValue) : values;
  const problem = checkValue(parameter, value);
  return problem ? refused(parameter, problem) : { ok: true, value };
}

/** A value received at run time (an edge) typed like the parameter, as far as it can be. */
export function coerceReceived(parameter: Parameter, value: unknown): ParameterValue {
  if (Array.isArray(value)) return value.map((v) => coerceReceived(parameter, v)) as ParameterValue[];
  if (typeof value === 'string' && parameter.type !== 'string') {
    const coerced = coerceAtom(parameter, value);
    return coerced.ok ? coerced.value : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' || value === null) return value;
  return JSON.stringify(value);
}
