/**
 * Parts of a file shared through YAML anchors: an edit made inside an anchored part (`&params`)
 * changes every place that uses it (`*params`, `<<: *base`). The editor makes the edit, as asked,
 * and says which other places it changes (see yaml-splice.ts, which makes a place's own copy when
 * the edit is asked at an alias instead).
 */
import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type { YamlPath } from '../diagnostic.ts';
import { findPair } from '../parse/locate.ts';

/** Whether `key` is a merge key `<<` (the yaml library reads it as a symbol). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' ? key.value.description === '<<' : key.value === '<<');
}

/** The anchored nodes `path` passes through, outermost first, each with the rest of the path below it. */
function anchoredOnPath(doc: Document, path: YamlPath): { anchor: string; rest: YamlPath }[] {
  const found: { anchor: string; rest: YamlPath }[] = [];
  let node = doc.contents as Node | null | undefined;
  for (let depth = 0; node; depth += 1) {
    if (node.anchor) found.push({ anchor: node.anchor, rest: path.slice(depth) });
    const segment = path[depth];
    if (segment === undefined) break;
    if (typeof segment === 'number' && isSeq(node)) node = node.items[segment] as Node | undefined;
    else if (isMap(node)) node = findPair(node, String(segment))?.value as Node | undefined;
    else break;
  }
  return found;
}

/**
 * What else an edit at `path` changes: the lines of the aliases that use an anchored part it is
 * in, said as a note; undefined when it changes this place alone. A map that merges the part in
 * (`<<: *base`) but writes the edited key itself is not changed by it.
 */
export function sharedEditNote(doc: Document, text: string, path: YamlPath): string | undefined {
  const anchored = anchoredOnPath(doc, path);
  if (anchored.length === 0) return undefined;
  const line = (at: Node): number => text.slice(0, at.range?.[0] ?? 0).split('\n').length;
  const said: string[] = [];
  let places = 0;
  for (const { anchor, rest } of anchored) {
    const lines: number[] = [];
    visit(doc, {
      Alias(_key, alias, ancestors) {
        if (alias.source !== anchor) return;
        const pair = ancestors[ancestors.length - 1];
        const map = ancestors[ancestors.length - 2];
        // Merged in by a map that writes the edited key itself: that map keeps its own.
        const overridden = isPair(pair) && isMergeKey(pair.key) && isMap(map) && rest[0] !== undefined && map.items.some((p) => !isMergeKey(p.key) && isScalar(p.key) && String(p.key.value) === String(rest[0]));
        if (!overridden) lines.push(line(alias));
      },
    });
    places += lines.length;
    if (lines.length > 0) said.push(`&${anchor} is also used at line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} (*${anchor})`);
  }
  return said.length > 0 ? `this part of the file is shared: ${said.join('; ')}, so the edit changes ${places === 1 ? 'that place' : 'those places'} too` : undefined;
}

