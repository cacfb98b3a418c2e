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

/**
 * One item per name, as upstream's dict by name keeps them: in the place of the first of that
 * name, with the last one's value. `replaced`: the items a later one replaced.
 */
export function lastOfEachName<T extends { readonly name: string }>(items: readonly T[]): { readonly kept: T[]; readonly replaced: T[] } {
  const last = new Map<string, T>();
  for (const item of items) last.set(item.name, item);
  return { kept: [...last.values()], replaced: items.filter((item) => last.get(item.name) !== item) };
}
