/**
 * Tolerant readers over the plain values YAML gives. The schema check reports wrong types;
 * these only take what is usable and never throw, so a half-broken file still yields a model.
 */
import type { ParameterValue } from '../model/parameter.ts';

export type Obj = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Obj)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(obj: Obj, key: string): string | undefined {
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}

/** Names may be written as numbers (`name: 1`); Valohai reads them as strings. */
export function name(obj: Obj, key = 'name'): string | undefined {
  const value = obj[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function num(obj: Obj, key: string): number | undefined {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(obj: Obj, key: string, fallback: boolean): boolean {
  const value = obj[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** A tri-state setting: true, false, or not written (undefined). */
export function optionalBool(obj: Obj, key: string): boolean | undefined {
  const value = obj[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** A string or a list of strings, as `command`, `when`, `then`, `targets` may be written. */
export function strList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function has(obj: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export function asParameterValue(value: unknown): ParameterValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const items = value.map(asParameterValue);
    return items.every((v) => v !== undefined) ? (items as ParameterValue[]) : undefined;
  }
  return undefined;
}

export function numberRecord(value: unknown): Record<string, number> {
  const obj = asObject(value);
  const out: Record<string, number> = {};
  if (!obj) return out;
  for (const [key, v] of Object.entries(obj)) if (typeof v === 'number') out[key] = v;
  return out;
}
