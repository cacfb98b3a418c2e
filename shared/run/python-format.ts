/**
 * Values rendered as Valohai renders them: Python's `str()` of the typed value, and
 * `shlex.quote` for the shell. Matching Python matters: `1e-05`, `True`, `1.0` reach the program.
 */
import type { ParameterValue } from '../valohai/model/parameter.ts';

/** Python's `repr(float)`: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
    const exp = Number(exponent);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = String(value);
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

/** Python's `str()` of a value after Valohai's typecast for the parameter type. */
export function pythonStr(value: ParameterValue, type?: 'string' | 'integer' | 'float' | 'flag'): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : pythonStr(v as ParameterValue, type))).join(', ')}]`;
  if (typeof value === 'number') {
    if (type === 'float') return pythonFloat(value);
    if (type === 'integer' || Number.isInteger(value)) return String(Math.trunc(value));
    return pythonFloat(value);
  }
  return String(value);
}

/** `\w` without the `u` flag is ASCII only, as `shlex` uses it (re.ASCII). */
const SAFE = /^[\w@%+=:,./-]+$/;

/** POSIX shell quoting exactly as Python's `shlex.quote`. */
export function shellQuote(text: string): string {
  if (text === '') return "''";
  if (SAFE.test(text)) return text;
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}
