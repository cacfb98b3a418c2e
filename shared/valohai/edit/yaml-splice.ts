/**
 * Source-preserving edits: each operation finds its place through the `yaml` Document API and
 * splices new text into the original string, so every byte it does not need to touch (comments,
 * key order, quoting, flow style, blank lines) stays as it was.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Scalar } from 'yaml';
import type { YamlPath } from '../diagnostic.ts';
import { findPair, locateNode } from '../parse/locate.ts';
import { PYYAML_OPTIONS } from '../parse/pyyaml-schema.ts';
import { isCollection, renderAfterKey, renderFlow, renderItem, renderScalar, type BlockStyle } from './render.ts';
import { lineOf, mergedKey, sharedEditNote } from './shared-parts.ts';

/** An edit's outcome: the new text (with `note`, what it did besides, for the person to know), or why not. */
export type EditResult = { readonly ok: true; readonly text: string; readonly note?: string } | { readonly ok: false; readonly message: string };

const fail = (message: string): EditResult => ({ ok: false, message });

/** `next` made on `result`'s text, the notes of both kept; a refusal ends the chain. */
export function andThen(result: EditResult, next: (text: string) => EditResult): EditResult {
  if (!result.ok) return result;
  const after = next(result.text);
  if (!after.ok || result.note === undefined) return after;
  return { ...after, note: after.note === undefined ? result.note : `${result.note}; ${after.note}` };
}

function parse(text: string): ReturnType<typeof parseDocument> | undefined {
  const doc = parseDocument(text, PYYAML_OPTIONS);
  return doc.errors.length > 0 ? undefined : doc;
}

/**
 * Why a file cannot be edited here. A key written twice in one map is only a warning to Valohai
 * (the last one wins), but an edit could land on the other one, so it is named with its line.
 */
function unreadable(text: string): EditResult {
  const doc = parseDocument(text, PYYAML_OPTIONS);
  const twice = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (twice && doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) {
    const line = text.slice(0, twice.pos[0]).split('\n').length; // (an error's offset, not a node's)
    return fail(`line ${line} repeats a key of its map (Valohai reads the last one): remove one of the two before editing here`);
  }
  return fail('the file has YAML errors; fix them first');
}

/**
 * Where `path` has no list or map of its own to edit. A file may share a part through a YAML alias
 * (`parameters: *params`) or merge one in (`<<: *base`): an edit there would change every place
 * that uses it, so this place gets its own copy first (the alias replaced by what it stands for,
 * the merged key written into its map), the edit is made on that (`retry`), and the result says so.
 */
function notFound(doc: Document, text: string, path: YamlPath, what: 'list' | 'map', retry: (text: string) => EditResult): EditResult {
  const copy = ownCopy(doc, text, path);
  if (!copy) return fail(`no ${what} at ${path.join('.')}`);
  if (!copy.result.ok) return fail(`${copy.shared}, and a copy of it could not be made here (${copy.result.message}): edit it in the YAML view`);
  if (copy.result.text === text) return fail(`${copy.shared}: edit it in the YAML view`); // (no copy made: retrying would loop)
  const result = retry(copy.result.text);
  if (!result.ok) return result;
  return { ok: true, text: result.text, note: [copy.note, result.note].filter((n) => n !== undefined).join('; ') };
}

/**
 * An alias under a map key (at `path`) replaced by its anchor's own text, re-indented, so the copy
 * reads as the original does (flow items, quoting, comments). Undefined where that cannot be done
 * faithfully: under a list, a part holding anchors or aliases of its own, or a copy that would
 * read as another value; the value is then written afresh.
 */
function textCopy(doc: Document, text: string, path: YamlPath, alias: Alias, source: Node, key: Node | undefined): EditResult | undefined {
  if (!key?.range || !alias.range || !source.range) return undefined;
  let nested = false;
  visit(source, { Alias: () => void (nested = true), Node: (_key, node) => void (nested ||= node !== source && isNode(node) && node.anchor !== undefined) });
  if (nested) return undefined;
  const copy = text.slice(source.range[0], contentEnd(text, source));
  let insert: string;
  let end = alias.range[1];
  if (!isSeq(source) && !isMap(source)) return undefined;
  if (source.flow) {
    if (copy.includes('\n')) return undefined;
    insert = ` ${copy}`;
  } else {
    // A comment after the alias stays on the key's line, above the copy.
    const rest = text.slice(end, lineEnd(text, end));
    const comment = rest.trimStart().startsWith('#') ? rest : '';
    end += comment.length;
    const indent = column(text, key.range[0]) + 2;
    const shift = indent - column(text, source.range[0]);
    const lines = copy.split('\n').map((line, i) => {
      if (i === 0 || line.trim() === '') return line;
      return shift >= 0 ? `${' '.repeat(shift)}${line}` : line.slice(Math.min(-shift, line.length - line.trimStart().length));
    });
    insert = `${comment}\n${' '.repeat(indent)}${lines.join('\n')}`;
  }
  const colon = text.indexOf(':', key.range[1]);
  const result = splice(text, colon + 1, end, insert);
  const after = result.ok ? parse(result.text) : undefined;
  const copied = after ? locateNode(after, path).node : undefined;
  if (!after || !copied || JSON.stringify(copied.toJS(after)) !== JSON.stringify(source.toJS(doc))) return undefined;
  return result;
}

/** The shared part (alias or merge) in the way of an edit at `path`, made this place's own: undefined when there is none. */
function ownCopy(doc: Document, text: string, path: YamlPath): { result: EditResult; shared: string; note: string } | undefined {
  const { node, key: aliasKey, depth } = locateNode(doc, path);
  const line = (at: Node): number => lineOf(text, at);
  if (node && isAlias(node) && depth > 0) {
    const source = node.resolve(doc);
    if (!source) return undefined;
    const value = source.toJS(doc) as unknown;
    const parent = path.slice(0, depth - 1);
    const at = path[depth - 1] as string | number;
    const result = textCopy(doc, text, path.slice(0, depth), node, source, aliasKey) ?? (typeof at === 'number' ? replaceItem(text, parent, at, value) : setKey(text, parent, at, value));
    const shared = `this part of the file is the YAML alias *${node.source} (line ${line(node)}), shared with every place that uses &${node.source}`;
    return { result, shared, note: `the YAML alias *${node.source} (line ${line(node)}) was made a copy of what &${node.source} holds, so the edit changes this place alone` };
  }
  if (!node || !isMap(node) || depth >= path.length) return undefined;
  const key = String(path[depth]);
  const merged = mergedKey(doc, text, node, key);
  if (!merged) return undefined;
  const { where, value } = merged;
  return { result: setKey(text, path.slice(0, depth), key, value), shared: `"${key}" comes from ${where}, shared with what else uses it`, note: `"${key}", which came from ${where}, was written here, so the edit changes this place alone` };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Just past the line break at `end` (a `lineEnd`): one character, or two for `\r\n`. */
function pastBreak(text: string, end: number): number {
  return Math.min(end + (text.startsWith('\r\n', end) ? 2 : 1), text.length);
}

/** Where the line holding `offset` ends: at its `\n`, or at the `\r` of a `\r\n`. */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  if (end < 0) return text.length;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just past the last non-blank character before `end`, ignoring trailing comments' lines. */
function contentEnd(text: string, node: Node): number {
  let end = node.range?.[1] ?? 0;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return end;
}

/** Where the last value written in a block collection ends (before any comment after it). */
function lastValueEnd(node: Node): number {
  if (!(isMap(node) || isSeq(node)) || node.flow === true) return node.range?.[1] ?? 0;
  const last = node.items[node.items.length - 1];
  if (last === undefined) return node.range?.[1] ?? 0;
  const inner = isPair(last) ? [last.value, last.key].find(isNode) : isNode(last) ? last : undefined;
  return inner === undefined ? (node.range?.[1] ?? 0) : lastValueEnd(inner);
}

/** The `-` that starts a block sequence item. */
function dashOffset(text: string, item: Node): number {
  let i = (item.range?.[0] ?? 0) - 1;
  while (i >= 0 && text[i] !== '-') i -= 1;
  return i;
}

/** `insert` with its line ends as `text` has them: a Windows file (CRLF) stays one. */
export function asFileLines(text: string, insert: string): string {
  return text.includes('\r\n') ? insert.replace(/\r?\n/g, '\r\n') : insert;
}

function splice(text: string, start: number, end: number, insert: string): EditResult {
  const next = text.slice(0, start) + asFileLines(text, insert) + text.slice(end);
  return parse(next) ? { ok: true, text: next } : fail('the edit would make the YAML unreadable');
}

/** Whether sequences under keys are indented in this file, judged from the given sequence. */
function styleOf(text: string, seq: Node | undefined, key: Node | undefined): BlockStyle {
  if (!seq || !isSeq(seq) || seq.flow || seq.items.length === 0 || !key?.range) return { indentSeq: true };
  const dash = dashOffset(text, seq.items[0] as Node);
  return { indentSeq: column(text, dash) > column(text, key.range[0]) };
}

// The edits themselves, on the document `edited` parsed; each exported one below adds what else it changed.
function appendItemHere(doc: Document, text: string, seqPath: YamlPath, value: unknown, options: { flowItem?: boolean } = {}): EditResult {
  const { node: seq, key, depth } = locateNode(doc, seqPath);
  if (depth !== seqPath.length || !seq || !isSeq(seq)) return notFound(doc, text, seqPath, 'list', (t) => appendItem(t, seqPath, value, options));
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  if (seq.flow) {
    const close = text.lastIndexOf(']', (seq.range?.[1] ?? 0) - 1);
    if (items.length > 0 && last) return splice(text, contentEnd(text, last), contentEnd(text, last), `, ${renderFlow(value)}`);
    // An empty `[]` under a key becomes a block list, as a person would write it.
    const keyCol = key?.range ? column(text, key.range[0]) : 0;
    const indent = keyCol + 2;
    const item = renderItem(value, indent + 2, { indentSeq: true }, options.flowItem ?? false);
    let open = text.lastIndexOf('[', close);
    while (open > 0 && (text[open - 1] === ' ' || text[open - 1] === '\t')) open -= 1; // no space left after `key:`
    return splice(text, open, close + 1, `\n${' '.repeat(indent)}- ${item}`);
  }
  if (!last) return fail(`the list at ${seqPath.join('.')} is empty`);
  const dash = dashOffset(text, last);
  const indent = column(text, dash);
  const lastIsFlow = (isSeq(last) || isMap(last)) && last.flow === true;
  const flow = options.flowItem ?? lastIsFlow;
  const padding = lastIsFlow && /^[[{] /.test(text.slice(last.range?.[0] ?? 0));
  const rendered = flow && isCollection(value) ? renderFlow(value, padding) : renderItem(value, indent + 2, styleOf(text, seq, key), false);
  const at = lineEnd(text, contentEnd(text, last) - 1);
  return splice(text, at, at, `\n${' '.repeat(indent)}- ${rendered}`);
}

function removeItemHere(doc: Document, text: string, seqPath: YamlPath, index: number): EditResult {
  const { node: seq, depth } = locateNode(doc, seqPath);
  if (depth !== seqPath.length || !seq || !isSeq(seq)) return notFound(doc, text, seqPath, 'list', (t) => removeItem(t, seqPath, index));
  const items = seq.items as Node[];
  const item = items[index];
  if (!item?.range) return fail(`the list at ${seqPath.join('.')} has no item ${index + 1}`);
  if (seq.flow) {
    const next = items[index + 1];
    const prev = items[index - 1];
    if (next?.range) return splice(text, item.range[0], next.range[0], '');
    if (prev) return splice(text, contentEnd(text, prev), contentEnd(text, item), '');
    return splice(text, item.range[0], contentEnd(text, item), '');
  }
  const start = lineStart(text, dashOffset(text, item));
  const end = lineEnd(text, contentEnd(text, item) - 1);
  if (items.length === 1) {
    // The last item goes: leave an explicit empty list so the key keeps its meaning (and its comments).
    const colon = text.lastIndexOf(':', start);
    const removed = text.slice(0, start) + text.slice(pastBreak(text, end));
    return splice(removed, colon + 1, colon + 1, ' []');
  }
  return splice(text, start, pastBreak(text, end), '');
}

/** A new text in the quotes the old one was written in ("…" or '…'); any other value as it renders. */
function renderLike(existing: Scalar, value: unknown): string {
  if (typeof value !== 'string' || /[\n\r]/.test(value)) return renderScalar(value);
  if (existing.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (existing.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return renderScalar(value);
}

function setKeyHere(doc: Document, text: string, mapPath: YamlPath, key: string, value: unknown): EditResult {
  const { node: map, depth } = locateNode(doc, mapPath);
  if (depth !== mapPath.length || !map || !isMap(map)) return notFound(doc, text, mapPath, 'map', (t) => setKey(t, mapPath, key, value));
  const pair = findPair(map, key);
  const existing = pair?.value as Node | null | undefined;
  if (pair && existing?.range) {
    // Setting what is already there changes nothing, not even the quoting.
    if (isScalar(existing) && !isCollection(value) && existing.value === value) return { ok: true, text };
    const severalLines = typeof value === 'string' && value.includes('\n') && !map.flow;
    if (!severalLines && (isScalar(existing) || map.flow || ((isSeq(existing) || isMap(existing)) && existing.flow))) {
      const rendered =
        isScalar(existing) && !isCollection(value) ? renderLike(existing, value)
        : map.flow || ((isSeq(existing) || isMap(existing)) && existing.flow) ? renderFlow(value)
        : isCollection(value) ? null
        : renderScalar(value);
      if (rendered !== null) return splice(text, existing.range[0], contentEnd(text, existing), rendered);
    }
    const keyNode = pair.key as Node;
    const keyCol = column(text, keyNode.range?.[0] ?? 0);
    const colon = text.indexOf(':', keyNode.range?.[1] ?? 0);
    return splice(text, colon + 1, contentEnd(text, existing), renderAfterKey(value, keyCol, { indentSeq: true }));
  }
  const pairs = map.items;
  const lastPair = pairs[pairs.length - 1];
  const lastValue = (lastPair?.value ?? lastPair?.key) as Node | null | undefined;
  if (map.flow) {
    const entry = `${renderScalar(key)}: ${renderFlow(value)}`;
    if (!lastValue?.range) {
      const open = text.indexOf('{', map.range?.[0] ?? 0);
      return splice(text, open + 1, open + 1, entry);
    }
    const end = contentEnd(text, lastValue);
    return splice(text, end, end, `, ${entry}`);
  }
  const firstKey = pairs[0]?.key as Node | undefined;
  if (!firstKey?.range || !lastValue?.range) return fail(`the map at ${mapPath.join('.')} is empty`);
  const keyCol = column(text, firstKey.range[0]);
  const at = lineEnd(text, contentEnd(text, lastValue) - 1);
  return splice(text, at, at, `\n${' '.repeat(keyCol)}${renderScalar(key)}:${renderAfterKey(value, keyCol, { indentSeq: true })}`);
}

function removeKeyHere(doc: Document, text: string, mapPath: YamlPath, key: string): EditResult {
  const { node: map, depth } = locateNode(doc, mapPath);
  if (depth !== mapPath.length || !map || !isMap(map)) return notFound(doc, text, mapPath, 'map', (t) => removeKey(t, mapPath, key));
  const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
  const pair = map.items[index];
  if (!pair) {
    // Given by a merge (`<<: *base`), it stays whatever this map does: say so rather than do nothing.
    const merged = mergedKey(doc, text, map, key);
    return merged ? fail(`"${key}" comes from ${merged.where}, so it cannot be removed here alone: give it another value here, or remove it where it is written`) : { ok: true, text };
  }
  const keyNode = pair.key as Node;
  const last = ((pair.value as Node | null) ?? keyNode).range ? ((pair.value as Node | null) ?? keyNode) : keyNode;
  if (map.flow) {
    const next = map.items[index + 1]?.key as Node | undefined;
    const prev = map.items[index - 1];
    if (next?.range) return splice(text, keyNode.range?.[0] ?? 0, next.range[0], '');
    const prevEnd = prev ? contentEnd(text, ((prev.value as Node | null) ?? (prev.key as Node))) : (keyNode.range?.[0] ?? 0);
    return splice(text, prevEnd, contentEnd(text, last), '');
  }
  if (map.items.length === 1) {
    // The map's only key: the map becomes `{}` so its parent keeps a valid (empty) value.
    const start = keyNode.range?.[0] ?? 0;
    return splice(text, start, contentEnd(text, last), '{}');
  }
  const start = index === 0 ? (keyNode.range?.[0] ?? 0) : lineStart(text, keyNode.range?.[0] ?? 0);
  const end = lineEnd(text, contentEnd(text, last) - 1);
  if (index === 0) {
    // The first key shares its line with the `- ` of a list item: pull the next key up into its place.
    const nextKey = map.items[1]?.key as Node | undefined;
    return splice(text, start, nextKey?.range?.[0] ?? end, '');
  }
  return splice(text, start, pastBreak(text, end), '');
}

function replaceItemHere(doc: Document, text: string, seqPath: YamlPath, index: number, value: unknown): EditResult {
  const { node: seq, key, depth } = locateNode(doc, seqPath);
  if (depth !== seqPath.length || !seq || !isSeq(seq)) return notFound(doc, text, seqPath, 'list', (t) => replaceItem(t, seqPath, index, value));
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return fail(`the list at ${seqPath.join('.')} has no item ${index + 1}`);
  const itemIsFlow = (isSeq(item) || isMap(item)) && item.flow === true;
  if (seq.flow || itemIsFlow || !isCollection(value)) {
    const padding = itemIsFlow && /^[[{] /.test(text.slice(item.range[0]));
    // (A block map's range runs on over a comment after its last value, `- echo a: 1  # note`: the comment stays.)
    const end = (isMap(item) || isSeq(item)) && !itemIsFlow ? Math.min(contentEnd(text, item), lastValueEnd(item)) : contentEnd(text, item);
    return splice(text, item.range[0], end, isScalar(item) ? renderLike(item, value) : renderFlow(value, padding));
  }
  const indent = column(text, dashOffset(text, item)) + 2;
  return splice(text, item.range[0], contentEnd(text, item), renderItem(value, indent, styleOf(text, seq, key), false));
}

/**
 * `edit` made on the file's document (parsed once, here), with a note of what else it changed when
 * it landed in a part shared through a YAML anchor.
 */
function edited(text: string, path: YamlPath, edit: (doc: Document) => EditResult): EditResult {
  const doc = parse(text);
  if (!doc) return unreadable(text);
  const result = edit(doc);
  const shared = result.ok ? sharedEditNote(doc, text, path) : undefined;
  return shared === undefined || !result.ok ? result : { ...result, note: [result.note, shared].filter((n) => n !== undefined).join('; ') };
}

/** Appends `value` to the list at `seqPath`, in the list's style. */
export function appendItem(text: string, seqPath: YamlPath, value: unknown, options: { flowItem?: boolean } = {}): EditResult {
  return edited(text, seqPath, (doc) => appendItemHere(doc, text, seqPath, value, options));
}

/**
 * Appends `value` to the list at `seqPath`; where there is none, or it is empty, writes the key
 * with a list of that one item (as a person adds a step's first input).
 */
export function appendOrMakeList(text: string, seqPath: YamlPath, value: unknown): EditResult {
  const key = seqPath[seqPath.length - 1];
  const doc = parse(text);
  if (!doc) return unreadable(text);
  // Read as the data it stands for: a list shared by an alias or merged in (`<<:`) is appended to (on a copy), not replaced.
  let current: unknown = doc.toJS();
  for (const step of seqPath) current = (current as Record<string | number, unknown> | null | undefined)?.[step];
  if (Array.isArray(current) && current.length > 0) return appendItem(text, seqPath, value);
  return typeof key === 'string' ? setKey(text, seqPath.slice(0, -1), key, [value]) : fail(`no list at ${seqPath.join('.')}`);
}

/** Removes item `index` (and its lines) from the list at `seqPath`. */
export function removeItem(text: string, seqPath: YamlPath, index: number): EditResult {
  return edited(text, [...seqPath, index], (doc) => removeItemHere(doc, text, seqPath, index));
}

/** Sets `key` in the map at `mapPath`: replaces its value, or adds the key after the last one. */
export function setKey(text: string, mapPath: YamlPath, key: string, value: unknown): EditResult {
  return edited(text, [...mapPath, key], (doc) => setKeyHere(doc, text, mapPath, key, value));
}

/** Renames `key` of the map at `mapPath` to `to`, its value and everything around it left as they are. */
export function renameKey(text: string, mapPath: YamlPath, key: string, to: string): EditResult {
  return edited(text, [...mapPath, key], (doc) => {
    const { node: map, depth } = locateNode(doc, mapPath);
    if (depth !== mapPath.length || !map || !isMap(map)) return notFound(doc, text, mapPath, 'map', (t) => renameKey(t, mapPath, key, to));
    const keyNode = findPair(map, key)?.key as Node | undefined;
    if (!keyNode?.range) return fail(`the map at ${mapPath.join('.')} has no key "${key}"`);
    if (findPair(map, to)) return fail(`the map at ${mapPath.join('.')} already has a key "${to}"`);
    return splice(text, keyNode.range[0], keyNode.range[1], renderScalar(to));
  });
}

/** Removes `key` (and its value's lines) from the map at `mapPath`; a missing key changes nothing. */
export function removeKey(text: string, mapPath: YamlPath, key: string): EditResult {
  return edited(text, [...mapPath, key], (doc) => removeKeyHere(doc, text, mapPath, key));
}

/** Replaces the item at `index` of the list at `seqPath`, keeping its place and its style. */
export function replaceItem(text: string, seqPath: YamlPath, index: number, value: unknown): EditResult {
  return edited(text, [...seqPath, index], (doc) => replaceItemHere(doc, text, seqPath, index, value));
}

/**
 * Writes each `from` in the text of the value at `path` (a scalar, or a list of them) as `to`, the
 * rest of it as it was. Only for text written the same in YAML as in the value (no escapes in it).
 */
export function replaceText(text: string, path: YamlPath, from: string, to: string): EditResult {
  return edited(text, path, (doc) => {
    const { node, depth } = locateNode(doc, path);
    if (depth !== path.length || !isNode(node) || !node.range) return fail(`nothing at ${path.join('.')}`);
    const [start, end] = node.range;
    const source = text.slice(start, end);
    if (from === '' || !source.includes(from)) return fail(`"${from}" is not written at ${path.join('.')}`);
    const next = text.slice(0, start) + source.split(from).join(to) + text.slice(end);
    return parse(next) ? { ok: true, text: next } : fail('the edit would make the YAML unreadable');
  });
}
