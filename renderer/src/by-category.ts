/**
 * Items grouped under their `category`, as Valohai's UI groups a step's parameters and a
 * project's steps: those without one first, then each category in the order it first appears.
 */
export function byCategory<T extends { readonly category?: string }>(items: readonly T[]): { readonly category: string | undefined; readonly items: readonly T[] }[] {
  const groups = new Map<string | undefined, T[]>([[undefined, []]]);
  for (const item of items) groups.set(item.category, [...(groups.get(item.category) ?? []), item]);
  return [...groups].filter(([, list]) => list.length > 0).map(([category, list]) => ({ category, items: list }));
}
