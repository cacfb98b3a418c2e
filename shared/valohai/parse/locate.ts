/** Finds where a YAML path lies in the text, for diagnostics and for source edits. */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { YamlPath } from '../diagnostic.ts';

export interface Located {
  /** The node at the path, or the deepest node that exists on the way to it. */
  readonly node: Node | undefined;
  /** The key of the last map entry on the path, when the path ends in a map key. */
  readonly key: Node | undefined;
  /** How many path segments were found. */
  readonly depth: number;
}

export function findPair(map: Node, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair;
  }
  return undefined;
}

export function locateNode(doc: Document, path: YamlPath): Located {
  let node = doc.contents as Node | null | undefined;
  let key: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (!node) break;
    if (typeof segment === 'number' && isSeq(node)) {
      const child = node.items[segment];
      if (!child) break;
      node = child as Node;
      key = undefined;
    } else if (isMap(node)) {
      const pair = findPair(node, String(segment));
      if (!pair) break;
      key = (pair.key as Node | null) ?? undefined;
      // A key with no value (`name:`) locates at the key itself.
      node = (pair.value as Node | null) ?? key;
    } else {
      break;
    }
    depth += 1;
  }
  return { node: node ?? undefined, key, depth };
}

export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function spanOf(doc: Document | undefined, lineCounter: LineCounter, path: YamlPath, preferKey = false): Span {
  if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const { node, key } = locateNode(doc, path);
  const target = preferKey && key ? key : node;
  const range = target?.range;
  if (!range) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(range[1]);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
