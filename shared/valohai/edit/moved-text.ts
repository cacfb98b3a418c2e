/**
 * A block moved by a fix (`move-key`: a node's `parameters:` put under its `override:`; `move-item`:
 * a parameter declared twice, the last put in the first's place) keeps its own lines: the comments
 * in it, its quoting and its layout. The move writes the value afresh
 * (yaml-splice.ts renders data); here that rendering is swapped for the value's original lines,
 * shifted to the new depth, and kept only when the file then reads as the same data.
 */
import { isCollection, isDocument, parseDocument, type Node } from 'yaml';
import type { YamlPath } from '../diagnostic.ts';
import { PYYAML_OPTIONS } from '../parse/pyyaml-schema.ts';

/** The lines a block collection spans (a key's value, or a list's item with its dash): from the start of its first line to the end of its last content. */
function blockLines(text: string, node: Node | null | undefined): { start: number; end: number; indent: number; keyed: boolean } | undefined {
  if (!isCollection(node) || node.flow === true || node.range === undefined || node.range === null) return undefined;
  const first = node.range[0];
  let start = text.lastIndexOf('\n', first - 1) + 1;
  // It starts a line of its own, or is a list's item, after its dash.
  const before = text.slice(start, first);
  const indent = before.trim() === '' ? before.length : /^ *- +$/.test(before) ? before.indexOf('-') : undefined;
  if (indent === undefined) return undefined;
  // A key's value: the comment lines just above its first item are its own (`parameters:`, `# tuned
  // by hand`, `- name: lr`). (Those above a list's item stay where they are, as its removal leaves them.)
  if (before.trim() === '') {
    for (let above = text.lastIndexOf('\n', start - 2) + 1; start > 0 && text.slice(above, start).trim().startsWith('#'); above = text.lastIndexOf('\n', above - 2) + 1) {
      start = above;
      if (above === 0) break;
    }
  }
  let end = node.range[1];
  while (end > first && /\s/.test(text[end - 1] ?? '')) end -= 1;
  const lineEnd = text.indexOf('\n', end);
  return { start, end: lineEnd < 0 ? text.length : lineEnd, indent, keyed: before.trim() === '' };
}

function shifted(lines: string, by: number): string | undefined {
  const out: string[] = [];
  for (const line of lines.split('\n')) {
    if (line.trim() === '') out.push(line.replace(/[^\r]/g, ''));
    else if (by >= 0) out.push(' '.repeat(by) + line);
    else if (line.startsWith(' '.repeat(-by))) out.push(line.slice(-by));
    else return undefined; // a line less indented than the shift (a block scalar's?): not moved as it is
  }
  return out.join('\n');
}

/**
 * `written` (the text after the move, with the value at `to` rendered afresh) with that value's
 * original lines from `original` (at `from`) in its place; `written` itself where that cannot be
 * done or would not read the same.
 */
export function keepMovedLines(original: string, from: YamlPath, written: string, to: YamlPath): string {
  const before = parseDocument(original, PYYAML_OPTIONS);
  const after = parseDocument(written, PYYAML_OPTIONS);
  if (!isDocument(before) || !isDocument(after) || before.errors.length > 0 || after.errors.length > 0) return written;
  const source = blockLines(original, before.getIn(from, true) as Node | undefined);
  const target = blockLines(written, after.getIn(to, true) as Node | undefined);
  if (!source || !target) return written;
  const lines = shifted(original.slice(source.start, source.end), target.indent - source.indent);
  if (lines === undefined) return written;
  // A key's comment on its own line (`parameters:  # tuned by hand`) goes with it.
  const head = withKeyComment(original, source, written.slice(0, target.start), target.keyed);
  const kept = head + lines + written.slice(target.end);
  const check = parseDocument(kept, PYYAML_OPTIONS);
  if (check.errors.length > 0 || JSON.stringify(check.toJS()) !== JSON.stringify(after.toJS())) return written;
  return kept;
}


/** `head` (the text up to the moved value, its key's line last) with the comment the key's line had at `source`. */
function withKeyComment(original: string, source: { start: number; keyed: boolean }, head: string, keyed: boolean): string {
  if (!source.keyed || !keyed || source.start === 0) return head;
  const lineEnd = original[source.start - 2] === '\r' ? source.start - 2 : source.start - 1;
  const keyLine = original.slice(original.lastIndexOf('\n', lineEnd - 1) + 1, lineEnd);
  const comment = /^\s*[\w.-]+\s*:(\s+#.*)$/.exec(keyLine)?.[1];
  const end = head.endsWith('\r\n') ? head.length - 2 : head.length - 1;
  if (comment === undefined || !head.endsWith('\n') || head.slice(head.lastIndexOf('\n', end - 1) + 1, end).includes('#')) return head;
  return head.slice(0, end) + comment + head.slice(end);
}
