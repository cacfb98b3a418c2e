/**
 * Fixes for YAML syntax errors whose intent is plain: a rule line where `---` was meant, a list
 * item a space or two off the column of the items before it (` - step:` after `- step:`), tabs
 * in the indentation (an editor's setting; YAML indents with spaces only), and a value holding
 * ": " left unquoted (`- echo "{\"n\": 1}"`, a shell line), put in single quotes.
 * A fix is offered only where the text with it parses without an error.
 */
import { LineCounter, parseDocument } from 'yaml';
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
  if (/^ *\t/.test(written)) return tabsAsSpaces(text);
  if (unquotedColon(written)) return quotedValue(text, line, written);
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

/** Every tab at the start of a line as so many spaces: the first width (4, 2 or 8) with which the file reads without error. */
function tabsAsSpaces(text: string): Fix | undefined {
  const lines = text.split('\n');
  const tabbed = lines.flatMap((line, i) => (/^[ \t]*\t/.test(line) ? [i] : []));
  const first = tabbed[0];
  const last = tabbed[tabbed.length - 1];
  // A block scalar's lines are its text, tabs and all: where there is one, which tabs indent is not plain.
  if (first === undefined || last === undefined || /:\s*[|>][-+0-9]*\s*(#.*)?$/m.test(text)) return undefined;
  for (const width of [4, 2, 8]) {
    const spaced = lines.map((line) => line.replace(/^[ \t]+/, (lead) => lead.replace(/\t/g, ' '.repeat(width))));
    if (parseDocument(spaced.join('\n'), PYYAML_OPTIONS).errors.some((e) => e.code !== 'DUPLICATE_KEY')) continue;
    const span = first === last ? `line ${first + 1}` : `lines ${first + 1}–${last + 1}`;
    return { kind: 'replace-lines', label: `indent with spaces: each tab at the start of a line as ${width} spaces (${span})`, path: [], line: first + 1, endLine: last + 1, text: lines.slice(first, last + 1).join('\n'), to: spaced.slice(first, last + 1).join('\n') };
  }
  return undefined;
}

/** A line whose value is written without quotes yet holds ": " (`- echo {"a": 1}`): YAML reads a map there. */
export function unquotedColon(line: string): boolean {
  const value = line.replace(/^\s*(-\s+)*/, '').replace(/^[\w.-]+:\s+/, '');
  return !/^["'{[|>&*!]/.test(value) && /:\s/.test(value.replace(/\s#.*$/, ''));
}

/**
 * That line with its value in single quotes (a comment after it stays one), where the file then
 * reads without error, or where the first error left is the same slip on a later line, no deeper
 * (a file with two such shell lines: each gets its fix, `validate --fix` makes them in turn).
 */
function quotedValue(text: string, line: number, written: string): Fix | undefined {
  const parts = /^(\s*(?:-\s+)*(?:[\w.-]+:\s+)?)(.*?)(\s+#.*)?$/.exec(written);
  const value = parts?.[2] ?? '';
  if (parts === null || value === '') return undefined;
  const to = `${parts[1] ?? ''}'${value.replace(/'/g, "''")}'${parts[3] ?? ''}`;
  const lines = text.split('\n');
  const fixed = [...lines.slice(0, line - 1), to, ...lines.slice(line)];
  const lineCounter = new LineCounter();
  const left = parseDocument(fixed.join('\n'), { ...PYYAML_OPTIONS, lineCounter }).errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (left !== undefined) {
    // (Not a line the value goes on to, indented further: quoting one line of it would break it.)
    const at = lineCounter.linePos(left.pos[0]).line;
    const next = fixed[at - 1] ?? '';
    if (at <= line || !unquotedColon(next) || indent(next) > indent(written)) return undefined;
  }
  return { kind: 'replace-lines', label: `put the value in single quotes: ${to.trim()}`, path: [], line, endLine: line, text: written, to };
}

const indent = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;
