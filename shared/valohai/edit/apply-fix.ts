/** A diagnostic's fix (diagnostic.ts) made on the file's text, as the editor's other edits are: only the changed value or key is rewritten. */
import type { Diagnostic, Fix, YamlPath } from '../diagnostic.ts';
import { importValohaiYaml } from '../import.ts';
import { isMap, parseDocument } from 'yaml';
import { PYYAML_OPTIONS } from '../parse/pyyaml-schema.ts';
import { valueAt } from './find.ts';
import { keepMovedLines } from './moved-text.ts';
import { andThen, appendOrMakeList, removeItem, removeKey, renameKey, replaceItem, replaceText, setKey, type EditResult } from './yaml-splice.ts';

export function applyFix(text: string, fix: Fix): EditResult {
  if (fix.kind === 'replace-text') return replaceText(text, fix.path, fix.from, fix.to);
  if (fix.kind === 'remove-lines') return replaceLines(text, fix.line, fix.endLine, fix.text, undefined);
  if (fix.kind === 'replace-lines') return replaceLines(text, fix.line, fix.endLine, fix.text, fix.to);
  if (fix.kind === 'move-key') return moveKey(text, fix.path, fix.to);
  if (fix.kind === 'move-item') return moveItem(text, fix.path, fix.to);
  const parent = fix.path.slice(0, -1);
  const last = fix.path[fix.path.length - 1];
  if (last === undefined) return { ok: false, message: 'this fix names no place in the file' };
  switch (fix.kind) {
    case 'set-value':
      return typeof last === 'number' ? replaceItem(text, parent, last, fix.value) : setKey(text, parent, last, fix.value);
    case 'rename-key':
      return typeof last === 'string' ? renameKey(text, parent, last, fix.key) : { ok: false, message: `item ${last + 1} of a list has no key to rename` };
    case 'remove-key':
      return typeof last === 'string' ? removeKey(text, parent, last) : { ok: false, message: `item ${last + 1} of a list is not a key` };
    case 'remove-item':
      return typeof last === 'number' ? removeItem(text, parent, last) : { ok: false, message: `"${last}" is a key, not an item of a list` };
    case 'add-item':
      return appendOrMakeList(text, fix.path, fix.value);
  }
}

/**
 * The key at `from` moved with its value to `to`: written there (the maps on the way that are not
 * there made), then taken out where it was. A block value keeps its own lines, comments and all,
 * its key's too (moved-text.ts).
 */
function moveKey(text: string, from: YamlPath, to: YamlPath): EditResult {
  const doc = parseDocument(text, PYYAML_OPTIONS);
  const key = from[from.length - 1];
  if (doc.errors.length > 0 || typeof key !== 'string' || !doc.hasIn(from)) return { ok: false, message: 'the key to move is not there any more' };
  if (doc.hasIn(to)) return { ok: false, message: `${to.join('.')} is there already: merge the two by hand` };
  // Read as the data it stands for (an alias or a merged map resolved), to be written afresh.
  const moved = valueAt(doc.toJS(), from);
  // The deepest map of `to` that is there; what is below it is written as one nested value.
  let at = to.length - 1;
  while (at > 0 && !isMap(doc.getIn(to.slice(0, at), true))) at -= 1;
  const [first, ...rest] = to.slice(at);
  if (typeof first !== 'string' || rest.some((part) => typeof part !== 'string')) return { ok: false, message: `cannot make ${to.join('.')}` };
  const nested = (rest as string[]).reduceRight<unknown>((inner, part) => ({ [part]: inner }), moved);
  const result = andThen(setKey(text, to.slice(0, at), first, nested), (written) => removeKey(written, from.slice(0, -1), key));
  return result.ok ? { ...result, text: keepMovedLines(text, from, result.text, to) } : result;
}

/** The item at `from` written in place of the item at `to` (of the same list), then taken out where it was. */
function moveItem(text: string, from: YamlPath, to: YamlPath): EditResult {
  const list = from.slice(0, -1);
  const [index, into] = [from[from.length - 1], to[to.length - 1]];
  const doc = parseDocument(text, PYYAML_OPTIONS);
  const same = to.length === from.length && list.every((part, i) => part === to[i]);
  if (doc.errors.length > 0 || !same || typeof index !== 'number' || typeof into !== 'number' || !doc.hasIn(from) || !doc.hasIn(to)) return { ok: false, message: 'the items to move are not there any more' };
  const result = andThen(replaceItem(text, list, into, valueAt(doc.toJS(), from)), (written) => removeItem(written, list, index));
  // (Where it went, once the item before it is out.)
  const at = [...list, index < into ? into - 1 : into];
  return result.ok ? { ...result, text: keepMovedLines(text, from, result.text, at) } : result;
}

/** Lines `line`–`endLine` (1-based) replaced by `to`, or with their line end taken out, when they still read `expected`. */
function replaceLines(text: string, line: number, endLine: number, expected: string, to: string | undefined): EditResult {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const from = starts[line - 1];
  const next = starts[endLine];
  const end = next === undefined ? text.length : next - 1;
  if (from === undefined || text.slice(from, end) !== expected) return { ok: false, message: `lines ${line}–${endLine} have changed since the problem was found` };
  if (to !== undefined) return { ok: true, text: text.slice(0, from) + to + text.slice(end) };
  return { ok: true, text: text.slice(0, from) + text.slice(next ?? text.length) };
}

/** A fix made, where it was and what it did. */
export interface FixMade {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly label: string;
}

/** The text with every offered fix made, one at a time (each on the text the last left), and what each was. */
export function applyAllFixes(text: string): { readonly text: string; readonly fixed: readonly FixMade[] } {
  const fixed: FixMade[] = [];
  const refused = new Set<string>();
  let current = text;
  for (let round = 0; round < 1000; round += 1) {
    const next = importValohaiYaml(current).diagnostics.find((d): d is Diagnostic & { fix: Fix } => d.fix !== undefined && !refused.has(d.message));
    if (next === undefined) break;
    const result = applyFix(current, next.fix);
    if (!result.ok || result.text === current) {
      refused.add(next.message);
      continue;
    }
    fixed.push({ line: next.line, column: next.column, code: next.code, label: next.fix.label });
    current = result.text;
    // One refused may go now (an edit waits for a key written twice to be removed first, say).
    refused.clear();
  }
  return { text: current, fixed };
}
