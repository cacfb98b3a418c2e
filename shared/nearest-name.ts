/** The name a misspelling most likely meant, for "did you mean …?" in messages. */

/**
 * At most two edits (insert, delete, replace a character) away, the closest first; none when it is
 * the name itself, or when the edits would rewrite most of a short name ("zz" is not a typo of "b").
 * A name that differs only in its capitals (`training pipeline` for `Training Pipeline`) is the
 * nearest of all, however many letters that changes.
 */
export function nearestName(given: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = name !== given && name.toLowerCase() === given.toLowerCase() ? 0.5 : editDistance(given, name);
    if (distance > 0 && distance <= 2 && distance < Math.min(given.length, name.length) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Edits from one name to the other: a character inserted, deleted or replaced, or two side by side swapped (`flaot` is one from `float`). */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ` (did you mean "x"? nodes: a, b, x)`, or ` (nodes: a, b, x)` when none is near: what to say after an unknown name. */
export function choices(given: string, names: readonly string[], what: string): string {
  const near = nearestName(given, names);
  return ` (${near === undefined ? '' : `did you mean "${near}"? `}${what}: ${names.join(', ') || 'none'})`;
}
