/**
 * Parts of a file shared through YAML anchors: an edit made inside an anchored part (`&params`)
 * changes every place that uses it (`*params`, `<<: *base`). The editor makes the edit, as asked,
 * and says which other places it changes (see yaml-splice.ts, which makes a place's own copy when
 * the edit is asked at an alias instead).
 */
import { isAlias, isMap, isPair, isScalar, visit, type Document, type Node, type YAMLMap } from 'yaml';
import type { YamlPath } from '../diagnostic.ts';
import { findPair, locateNode } from '../parse/locate.ts';

/** Whether `key` is a merge key `<<` (the yaml library reads it as a symbol). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' ? key.value.description === '<<' : key.value === '<<');
}

/** The line (from 1) a node starts on. */
export function lineOf(text: string, at: Node): number {
  return text.slice(0, at.range?.[0] ?? 0).split('\n').length;
}

/**
 * Where `map` takes `key` from a merge (`<<: *base`) without writing it itself: the merge, in words
 * (`the YAML merge <<: *base (line 8)`), and the value it gives; undefined otherwise.
 */
export function mergedKey(doc: Document, text: string, map: YAMLMap, key: string): { where: string; value: unknown } | undefined {
  const merge = map.items.find((p) => isMergeKey(p.key));
  const value = merge && !findPair(map, key) ? (map.toJS(doc) as Record<string, unknown>)[key] : undefined;
  if (!merge || value === undefined) return undefined;
  const from = isAlias(merge.value) ? ` *${merge.value.source}` : '';
  return { where: `the YAML merge <<:${from} (line ${lineOf(text, merge.key as Node)})`, value };
}

/** The anchored nodes `path` passes through, outermost first, each with the rest of the path below it. */
function anchoredOnPath(doc: Document, path: YamlPath): { anchor: string; rest: YamlPath }[] {
  const found: { anchor: string; rest: YamlPath }[] = [];
  for (let depth = 0; depth <= path.length; depth += 1) {
    const { node, depth: reached } = locateNode(doc, path.slice(0, depth));
    if (!node || reached < depth) break;
    if (node.anchor) found.push({ anchor: node.anchor, rest: path.slice(depth) });
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
        if (!overridden) lines.push(lineOf(text, alias));
      },
    });
    places += lines.length;
    if (lines.length > 0) said.push(`&${anchor} is also used at line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} (*${anchor})`);
  }
  return said.length > 0 ? `this part of the file is shared: ${said.join('; ')}, so the edit changes ${places === 1 ? 'that place' : 'those places'} too` : undefined;
}

