/**
 * Text → YAML document + plain data, with limits. Never throws: every failure becomes a
 * located diagnostic. Reads YAML 1.1 like Valohai's PyYAML does (`yes`/`on` are booleans,
 * unquoted dates are dates), so a file means here what it means on Valohai.
 */
import { isCollection, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic, Fix } from '../diagnostic.ts';
import { DOCUMENT } from '../diagnostic.ts';
import { PYYAML_OPTIONS } from './pyyaml-schema.ts';
import { duplicateKeyFixes } from './duplicate-keys.ts';
import { notARule, syntaxFix, unquotedColon } from './syntax-fixes.ts';

/** Larger files are refused: no real valohai.yaml comes near this. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;
/** Syntax errors said one by one; more are counted (see loadYaml). */
export const MAX_SYNTAX_ERRORS = 3;
/** Anchors/aliases expanded beyond this are taken as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface LoadedYaml {
  readonly text: string;
  /** Undefined when the text could not be parsed at all. */
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** The document as plain data; undefined when it has errors that make it unusable. */
  readonly data: unknown;
  readonly diagnostics: Diagnostic[];
}

export function documentDiagnostic(
  message: string,
  code: string,
  position: { line: number; column: number } = { line: 1, column: 1 },
): Diagnostic {
  return {
    severity: 'error',
    code,
    message,
    line: position.line,
    column: position.column,
    endLine: position.line,
    endColumn: position.column,
    path: [],
    subject: DOCUMENT,
  };
}

export function loadYaml(text: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const empty = (diagnostic: Diagnostic): LoadedYaml => ({
    text,
    doc: undefined,
    lineCounter,
    data: undefined,
    diagnostics: [diagnostic],
  });
  if (text.length > MAX_SOURCE_BYTES) {
    return empty(
      documentDiagnostic(
        `File is too large (${(text.length / 1024 / 1024).toFixed(1)} MiB); valohai.yaml files are limited to ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`,
        'file-too-large',
      ),
    );
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) return empty(documentDiagnostic('File contains NUL bytes: it is binary, not YAML text', 'binary-file'));

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { ...PYYAML_OPTIONS, lineCounter, prettyErrors: false });
  } catch (error) {
    return empty(documentDiagnostic(`YAML could not be read: ${describeThrown(error)}`, 'yaml-unreadable'));
  }
  const diagnostics: Diagnostic[] = [];
  // One slip (an unquoted ": ", a line indented too far) can leave the parser lost for the rest of
  // the file, each later token its own error: the first few are said, then how many more, which
  // the fix usually ends. An error whose hint says what to change is the last said.
  const messageOf = (problem: (typeof doc.errors)[number], hinted: boolean): string =>
    syntaxMessage(problem.code, problem.message, lineText(text, lineCounter, problem.pos[0]), hinted, lineBeside(text, lineCounter, problem.pos[0], 1), lineBeside(text, lineCounter, problem.pos[0], -1));
  /** Lines whose error already says a ": " needs quotes: the parser's later errors there follow from it. */
  const hinted = new Set<number>();
  // (A key written twice is an error to the parser, a warning here: PyYAML takes the last.)
  const syntax = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  const said: { problem: (typeof doc.errors)[number]; message: string }[] = [];
  for (const problem of syntax) {
    if (said.length === MAX_SYNTAX_ERRORS && syntax.length > MAX_SYNTAX_ERRORS + 1) break;
    const line = lineCounter.linePos(problem.pos[0]).line;
    const message = messageOf(problem, hinted.has(line));
    said.push({ problem, message });
    if (message.endsWith(COLON_HINT)) hinted.add(line);
    if (LAYOUT_HINTS.some((hint) => message.includes(hint))) break;
  }
  for (const { problem, message } of said) {
    const at = lineCounter.linePos(problem.pos[0]);
    const end = lineCounter.linePos(problem.pos[1]);
    const fix = syntaxFix(text, at.line, lineText(text, lineCounter, problem.pos[0]));
    diagnostics.push({ severity: 'error', code: 'yaml-syntax', message, line: at.line, column: at.col, endLine: end.line, endColumn: end.col, path: [], subject: DOCUMENT, ...(fix ? { fix } : {}) });
  }
  const left = syntax.length - said.length;
  if (left > 0) {
    const next = lineCounter.linePos((syntax[said.length] as (typeof doc.errors)[number]).pos[0]);
    const first = said.length === 1 ? 'it' : 'the first one';
    diagnostics.push(documentDiagnostic(`…and ${left} more YAML syntax error${left === 1 ? '' : 's'} from here on, most likely following from ${first}: fix it and check again`, 'yaml-syntax', { line: next.line, column: next.col }));
  }
  const twice = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  const fixes = twice.length > 0 && syntax.length === 0 ? duplicateKeyFixes(text, lineCounter) : new Map<number, Fix>();
  for (const problem of [...twice, ...doc.warnings]) {
    const at = lineCounter.linePos(problem.pos[0]);
    const end = lineCounter.linePos(problem.pos[1]);
    const duplicateKey = problem.code === 'DUPLICATE_KEY';
    // The key is the plain text from where the warning points up to its colon.
    const keyText = duplicateKey ? /^([^:\n]{1,60}):/.exec(text.slice(problem.pos[0], problem.pos[0] + 62))?.[1]?.trim() : undefined;
    const key = keyText ? ` "${keyText}"` : '';
    diagnostics.push({
      severity: 'warning',
      code: duplicateKey ? 'yaml-duplicate-key' : 'yaml-syntax',
      message: duplicateKey ? `Duplicate key${key} in a map; the last value wins (remove one: the editor changes this file only once it has one)` : syntaxMessage(problem.code, problem.message, lineText(text, lineCounter, problem.pos[0])),
      line: at.line,
      column: at.col,
      endLine: end.line,
      endColumn: end.col,
      path: [],
      subject: DOCUMENT,
      ...(duplicateKey && fixes.has(problem.pos[0]) ? { fix: fixes.get(problem.pos[0]) as Fix } : {}),
    });
  }
  // A list or map as a key (`[a]: 1`, `? {x: 1}`): PyYAML stops at it ("found unhashable key"),
  // and as plain data it would be its text. (Where the YAML is broken, such a key is the parser's
  // guess at the broken part, already said.)
  if (syntax.length === 0) visit(doc, {
    Pair(_, pair) {
      if (!isCollection(pair.key) || pair.key.range === undefined || pair.key.range === null) return;
      const at = lineCounter.linePos(pair.key.range[0]);
      const end = lineCounter.linePos(pair.key.range[1]);
      const shown = text.slice(pair.key.range[0], Math.min(pair.key.range[1], pair.key.range[0] + 40)).trim();
      const message = `A key is ${isSeq(pair.key) ? 'a list' : 'a map'} (${shown}): a key must be a word; Valohai's parser stops at it ("found unhashable key")`;
      diagnostics.push({ ...documentDiagnostic(message, 'yaml-collection-key', { line: at.line, column: at.col }), endLine: end.line, endColumn: end.col });
    },
  });
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { text, doc, lineCounter, data: undefined, diagnostics };
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { text, doc, lineCounter, data, diagnostics };
  } catch (error) {
    const message = describeThrown(error);
    const bomb = /alias/i.test(message);
    diagnostics.push(
      documentDiagnostic(
        bomb
          ? `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): refusing a possible alias bomb`
          : `YAML could not be read: ${message}`,
        bomb ? 'yaml-alias-bomb' : 'yaml-unreadable',
      ),
    );
    return { text, doc, lineCounter, data: undefined, diagnostics };
  }
}

/** The common cause of that error: a shell command with "key: value" in it (`print({'a': 1})`). */
const COLON_HINT = ' (a value holding ": " must be quoted: put the whole value in single quotes)';
/** The hints that say what to change in the layout: the parser's later errors follow from that slip. */
const LAYOUT_HINTS = [' (YAML reads a value that starts with', ' (this line is indented differently', ' (this "- " item is indented differently', ' (YAML indents with spaces', ' (a key and its value are written with a colon', ' (a key needs a space after its colon', 'needs a colon after it, as the keys under it do', ' (the next line is indented more than this one', ' (this "- " item is indented more'];
/** Its other cause: a list item indented more than the list it belongs to. */
const INDENT_HINT = ' (this "- " item is indented more than the items of its list, so YAML reads it inside the item above: start its "-" in the same column as theirs)';

/** The text of the line holding `offset`. */
function lineText(text: string, lineCounter: LineCounter, offset: number): string {
  const start = lineCounter.lineStarts[lineCounter.linePos(offset).line - 1] ?? 0;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The text of the line after (1) or before (-1) the one holding `offset` ('' past either end). */
function lineBeside(text: string, lineCounter: LineCounter, offset: number, step: 1 | -1): string {
  const index = lineCounter.linePos(offset).line - 1 + step;
  const start = index < 0 ? undefined : lineCounter.lineStarts[index];
  return start === undefined ? '' : lineText(text, lineCounter, start);
}

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/** The slips of indentation and colons behind most syntax errors, said as what to change; '' when none is seen. */
function layoutHint(code: string, message: string, line: string, next: string, previous: string): string {
  if (code === 'TAB_AS_INDENT' || /^ *\t/.test(line)) return ' (YAML indents with spaces: replace the tabs at the start of the lines with spaces)';
  const flowThenText = flowValueGoesOn(line);
  if (flowThenText !== undefined) {
    const [open, close] = flowThenText;
    return ` (YAML reads a value that starts with "${open}" as a ${open === '[' ? 'list' : 'map'}, and this one goes on after its "${close}", as a shell test [ -d dir ] does: put the whole value in single quotes)`;
  }
  // `name server-1` among `key: value` lines: the colon left out.
  const spaced = /^\s*(?:-\s+)?([\w.-]+) +([^:#\s][^:#]*)$/.exec(line);
  const keyBeside = (other: string): boolean => /^\s*(?:-\s+)?[\w.-]+:(\s|$)/.test(other) && indentOf(other.replace(/^(\s*)-\s+/, '$1  ')) === indentOf(line.replace(/^(\s*)-\s+/, '$1  '));
  if (spaced && !line.includes(':') && (keyBeside(next) || keyBeside(previous))) {
    return ` (a key and its value are written with a colon between them: \`${spaced[1]}: ${spaced[2]?.trim()}\`)`;
  }
  // `name:a`: without a space after it, the colon is part of the text.
  const glued = /^\s*(?:-\s+)?([\w.-]+):([^\s:][^:]*)$/.exec(line);
  if (glued && !/^\/\//.test(glued[2] ?? '')) return ` (a key needs a space after its colon: \`${glued[1]}: ${glued[2]?.trim()}\`, not \`${glued[1]}:${glued[2]?.trim()}\`)`;
  const nextIsKey = /^\s*(?:-\s+)?[\w.-]+:(\s|$)/.test(next) && indentOf(next) > indentOf(line);
  // `- step` with the step's keys under it: the word needs its colon.
  const bare = /^\s*(?:-\s+)?([\w.-]+)\s*$/.exec(line);
  if (bare && nextIsKey) return ` (\`${bare[1]}\` needs a colon after it, as the keys under it do: \`${line.trim()}:\`)`;
  if (/^All mapping items must start at the same column/.test(message)) return ' (this line is indented differently from the keys before it in its map: the keys of one map need the same indent)';
  if (/^Unexpected seq-item-ind/.test(message) && /^\s*-(\s|$)/.test(line)) return ' (this "- " item is indented differently from the items before it in its list: the items of one list start their "-" in the same column)';
  // A key's line followed by one indented further: YAML reads that one into this one's value.
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && nextIsKey && /^\s*(?:-\s+)?[\w.-]+:(\s|$)/.test(line) && !unquotedColon(line)) {
    return ' (the next line is indented more than this one, so YAML reads it into this line\'s value: the keys of one map need the same indent)';
  }
  return '';
}

/** A value (a list item's or a key's) that opens a flow list or map and has more than a comment after it closes: a shell line, most likely. */
function flowValueGoesOn(line: string): readonly [string, string] | undefined {
  const value = /^\s*(?:-\s+)?(?:[\w.-]+:\s+)?([[{].*)$/.exec(line)?.[1];
  if (value === undefined) return undefined;
  let depth = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '[' || c === '{') depth += 1;
    else if (c === ']' || c === '}') depth -= 1;
    if (depth === 0) {
      const rest = value.slice(i + 1).trim();
      return rest === '' || rest.startsWith('#') ? undefined : [value[0] as string, value[0] === '[' ? ']' : '}'];
    }
  }
  return undefined;
}

function syntaxMessage(code: string, message: string, line: string, hinted = false, next = '', previous = ''): string {
  // `___` or `--` for the `---` a document may start with: the parser reads on into the list.
  if (!notARule(line)) return `YAML syntax error: \`${line.trim()}\` is not YAML; a document may start with \`---\` (three hyphens) or with nothing: fix or remove the line`;
  const spaces = /^( *)-(\s|$)/.exec(line)?.[1]?.length;
  if (message.startsWith('All sequence items must start at the same column') && spaces !== undefined) return `YAML syntax error: the items of a list must start at the same column; this one starts at column ${spaces + 1} (${spaces} space${spaces === 1 ? '' : 's'} before its \`-\`), not where the items before it do`;
  // Valohai reads one YAML document; the library's own wording names a function of its API.
  if (code === 'MULTIPLE_DOCS') return 'YAML syntax error: a second YAML document starts here (after a `---` or `...` line): a valohai.yaml is one document, a single list of items; remove the line, or move the items into the one list';
  // A list item indented under the item above it (`  - pipeline:` after a step's keys) is read as
  // part of that item's map. (The parser may point at a blank line before it.)
  const item = line.trim() === '' ? next : line;
  if (code === 'BLOCK_AS_IMPLICIT_KEY' && /^\s+-(\s|$)/.test(item) && !unquotedColon(item)) return `YAML syntax error: ${shortToken(firstLine(message))}${INDENT_HINT}`;
  const layout = hinted ? '' : layoutHint(code, message, line, next, previous);
  if (layout !== '') return `YAML syntax error: ${shortToken(firstLine(message))}${layout}`;
  // (`- printf '{"n": %s}'`: the map's value starts with a character a plain value cannot.)
  const colon = code === 'BLOCK_AS_IMPLICIT_KEY' || ((code === 'UNEXPECTED_TOKEN' || code === 'BAD_SCALAR_START') && !hinted && unquotedColon(line));
  return `YAML syntax error: ${shortToken(firstLine(message))}${colon ? COLON_HINT : ''}`;
}

/** The parser quotes the token it stopped at, which can run to the end of the file: its start is enough. */
function shortToken(message: string): string {
  const quoted = /^(Unexpected [\w-]+ token in YAML stream: )"(.*)"$/.exec(message);
  if (!quoted?.[2] || quoted[2].length <= 40) return message;
  const start = quoted[2].slice(0, 30).replace(/\\n.*$/, '').replace(/\\$/, '');
  return `${quoted[1]}"${start}…"`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function describeThrown(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? firstLine(error.message) : String(error);
}
