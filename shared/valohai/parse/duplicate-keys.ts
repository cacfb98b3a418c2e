/**
 * A key written twice in one map: PyYAML (so Valohai) reads the last, and the editor will not
 * edit such a file (an edit could land on the other one). The fix removes the earlier one's
 * lines, which nothing reads, so the file means what it meant and can be edited again.
 */
import { isScalar, parseDocument, visit, type LineCounter, type Node, type Pair } from 'yaml';
import type { Fix } from '../diagnostic.ts';
import { PYYAML_OPTIONS } from './pyyaml-schema.ts';

/** For each key that repeats one before it (by the offset its later writing starts at), the fix that removes the earlier writing. */
export function duplicateKeyFixes(text: string, lines: LineCounter): Map<number, Fix> {
  const fixes = new Map<number, Fix>();
  const doc = parseDocument(text, { ...PYYAML_OPTIONS, uniqueKeys: false });
  visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, Pair>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key === undefined || !isScalar(pair.key) || !pair.key.range) continue;
        const earlier = seen.get(key);
        seen.set(key, pair);
        const fix = earlier && removal(text, lines, earlier, String(key));
        if (fix) fixes.set(pair.key.range[0], fix);
      }
    },
  });
  return fixes;
}

/** The fix removing `pair`'s whole lines; none where they hold anything else (a flow map, a list item's dash). */
function removal(text: string, lines: LineCounter, pair: Pair, key: string): Fix | undefined {
  const keyNode = pair.key as Node;
  const valueEnd = (pair.value as Node | null)?.range?.[1];
  const start = keyNode.range?.[0];
  if (start === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return undefined;
  const end = valueEnd ?? keyNode.range?.[1] ?? start;
  // The line the pair ends on, up to its line end (a comment after the value goes with it).
  const lastLineEnd = text.indexOf('\n', Math.max(end - 1, start));
  const stop = lastLineEnd === -1 ? text.length : lastLineEnd;
  const after = text.slice(end, stop).trim();
  if (after !== '' && !after.startsWith('#')) return undefined;
  const first = lines.linePos(lineStart).line;
  const last = lines.linePos(Math.max(stop - 1, lineStart)).line;
  const span = first === last ? `line ${first}` : `lines ${first}–${last}`;
  return { kind: 'remove-lines', label: `remove the earlier "${key}" (${span}), which Valohai ignores`, path: [], line: first, endLine: last, text: text.slice(lineStart, stop) };
}
