import type { YamlPath } from '../diagnostic.ts';
import { asArray, type Obj } from './read-value.ts';

/** Parses every item of `obj[key]` with its own path; items that yield nothing are skipped. */
export function listOf<T>(obj: Obj, key: string, path: YamlPath, parse: (value: unknown, path: YamlPath) => T | undefined): T[] {
  const out: T[] = [];
  asArray(obj[key]).forEach((item, index) => {
    const parsed = parse(item, [...path, key, index]);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

