/**
 * Fixes for YAML syntax errors whose intent is plain: a rule line where `---` was meant, and a
 * list item a space or two off the column of the items before it (` - step:` after `- step:`).
 * A fix is offered only where the text with it parses without an error.
 */
import { parseDocument } from 'yaml';
import type { Fix } from '../diagnostic.ts';
import { PYYAML_OPTIONS } from './pyyaml-schema.ts';

/** Whether a line is anything but a rule (`___`, `--`, `====`) written where `---` was meant. */
export function notARule(line: string): boolean {
  return !/^\s*([_=~*-]{2,}|-{4,})\s*$/.test(line) || line.trim() === '---';
}

/** The fix for the error on line `line` (1-based), whose text is `written`; undefined where none is plain. */
export function syntaxFix(text: string, line: number, written: string): Fix | undefined {
  // A rule where `---` was meant: nothing is lost without it (a file may start with nothing).
  if (!notARule(written)) return { kind: 'remove-lines', label: `remove the line \`${written.trim()}\``, path: [], line, endLine: line, text: written };
  const item = /^([ \t]+)-(\s|$)/.exec(written);
  if (!item) return undefined;
  const lines = text.split('\n');
  const own = item[1]?.length ?? 0;
  // The columns of the list items above it, nearest first: the one it was meant to line up with.
  const columns = [...new Set(lines.slice(0, line - 1).reverse().flatMap((l) => {
    const at = /^( *)-(\s|$)/.exec(l)?.[1]?.length;
    return at !== undefined && at !== own && Math.abs(at - own) <= 2 ? [at] : [];
  }))];
  for (const column of columns) {
    const to = ' '.repeat(column) + written.slice(own);
    const next = [...lines.slice(0, line - 1), to, ...lines.slice(line)].join('\n');
    if (parseDocument(next, PYYAML_OPTIONS).errors.some((e) => e.code !== 'DUPLICATE_KEY')) continue;
    return { kind: 'replace-lines', label: `line the item up with the ones before it (${column === 0 ? 'no space' : `${column} space${column === 1 ? '' : 's'}`} before its \`-\`)`, path: [], line, endLine: line, text: written, to };
  }
  return undefined;
}
