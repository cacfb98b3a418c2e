/** Renders new values as YAML text that reads the same under YAML 1.1 (Valohai) and 1.2. */
import { stringify } from 'yaml';

export interface BlockStyle {
  /** Whether sequences under a map key are indented (`key:\n  - a`) or flush (`key:\n- a`). */
  readonly indentSeq: boolean;
}

export function isCollection(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

export function renderScalar(value: unknown): string {
  if (typeof value === 'string' && /[\n\r]/.test(value)) return JSON.stringify(value);
  return stringify(value, { version: '1.1', lineWidth: 0 }).trimEnd();
}

export function renderFlow(value: unknown, padding = false): string {
  if (!isCollection(value)) return renderScalar(value);
  if (Array.isArray(value)) return `[${value.map((v) => renderFlow(v, padding)).join(', ')}]`;
  const pairs = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${renderScalar(k)}: ${renderFlow(v, padding)}`);
  return padding ? `{ ${pairs.join(', ')} }` : `{${pairs.join(', ')}}`;
}

/**
 * A text of several lines (a SQL query, a script) as a literal block, `|-` or `|`, its lines at
 * `indent`: read back exactly as given. Undefined for one line, or where a literal block could not
 * keep it as it is (a first line starting with a space, several newlines at its end, control
 * characters), which are written quoted instead.
 */
export function literalBlock(value: string, indent: number): string | undefined {
  if (!value.includes('\n') || /^[ \t]|\n\n$|^\n/.test(value) || [...value].some(unprintable)) return undefined;
  const ends = value.endsWith('\n');
  const lines = (ends ? value.slice(0, -1) : value).split('\n');
  return ` |${ends ? '' : '-'}\n${lines.map((line) => (line === '' ? '' : ' '.repeat(indent) + line)).join('\n')}`;
}

/** A character a literal block cannot hold as it is (YAML escapes it only in double quotes). */
function unprintable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code < 0x20 && char !== '\n' && char !== '\t') || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/** Block lines for a collection, without the leading indent (the caller places them). */
function blockLines(value: unknown, style: BlockStyle): string[] {
  return stringify(value, { version: '1.1', lineWidth: 0, indent: 2, indentSeq: style.indentSeq })
    .trimEnd()
    .split('\n');
}

/** A sequence item's text after its `- `, continuation lines indented to `indent`. */
export function renderItem(value: unknown, indent: number, style: BlockStyle, flow: boolean): string {
  if (flow || !isCollection(value)) return renderFlow(value);
  const pad = ' '.repeat(indent);
  return blockLines(value, style)
    .map((line, i) => (i === 0 ? line : `${pad}${line}`))
    .join('\n');
}

/** A map value's text after `key:` (leading space or newline included), for a key at `keyIndent`. */
export function renderAfterKey(value: unknown, keyIndent: number, style: BlockStyle): string {
  if (typeof value === 'string') return literalBlock(value, keyIndent + 2) ?? ` ${renderScalar(value)}`;
  if (!isCollection(value)) return ` ${renderScalar(value)}`;
  const isList = Array.isArray(value);
  if (isList && (value as unknown[]).length === 0) return ' []';
  if (!isList && Object.keys(value as object).length === 0) return ' {}';
  const pad = ' '.repeat(keyIndent + (isList && !style.indentSeq ? 0 : 2));
  return `\n${blockLines(value, style)
    .map((line) => `${pad}${line}`)
    .join('\n')}`;
}
