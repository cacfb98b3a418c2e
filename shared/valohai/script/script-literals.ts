/** A script's literal values as a step's parameter values (script-outline.ts, function-options.ts). */
import type { ParameterValue } from '../model/parameter.ts';
import { keywordArg, type Argument, type Literal } from './python-calls.ts';
import type { ScriptParameter } from './script-outline.ts';

/** A name Valohai takes for a parameter or an input. */
export const ITEM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A call's `help=` as a parameter's description, if it says anything. */
export function describedBy(args: readonly Argument[] | undefined): { description?: string } {
  const help = args === undefined ? undefined : keywordArg(args, 'help');
  return help?.kind === 'string' && help.value.trim() !== '' ? { description: help.value.trim() } : {};
}

/** A literal as a parameter value: a string, number, boolean, or a list of them; undefined for anything else. */
export function plain(value: Literal): ParameterValue | undefined {
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') return value.value;
  if (value.kind === 'list') {
    const items = value.items.map(plain);
    return items.every((v) => v !== undefined && !Array.isArray(v)) ? (items as ParameterValue[]) : undefined;
  }
  return undefined;
}

/** A default the parameter's type takes as it is; anything else is left to the script. */
export function typedDefault(type: ScriptParameter['type'], value: Literal | undefined): ParameterValue | undefined {
  if (value === undefined) return undefined;
  const v = plain(value);
  if (v === undefined || Array.isArray(v)) return undefined;
  if (type === 'integer') return typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^[-+]?\d+$/.test(v.trim()) ? Number(v) : undefined;
  if (type === 'float') return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  return typeof v === 'boolean' ? undefined : String(v);
}
