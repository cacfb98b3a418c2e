/**
 * Just enough of Python to read the calls a script makes to declare its options:
 * `parser.add_argument("--lr", type=float, default=0.1)`, `@click.option(...)`,
 * `valohai.prepare(step=..., default_parameters={...})`. Tokens (strings with their prefixes and
 * escapes, numbers, names, brackets; comments skipped), then each call's arguments as literal
 * values where they are literals, and as "something else" where they are not. Never executes or
 * imports anything; a script it cannot follow gives fewer calls, not an error.
 */

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'list'; readonly items: readonly Literal[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [string, Literal])[] }
  /** A name or a dotted one: `int`, `click.Path`, `os.environ`. */
  | { readonly kind: 'name'; readonly name: string }
  /** A call of a name: `click.Choice(["a", "b"])`, with its arguments. */
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Argument[] }
  /** Anything else (an expression, an f-string): known to be there, not what it is; the strings written in it. */
  | { readonly kind: 'other'; readonly strings: readonly string[] };

export interface Argument {
  /** The keyword (`default=`), or undefined for a positional argument. */
  readonly keyword: string | undefined;
  readonly value: Literal;
}

export interface Call {
  /** The callee as written: `parser.add_argument`, `click.option`, `valohai.prepare`. */
  readonly callee: string;
  readonly args: readonly Argument[];
  /** 1-based line of the callee. */
  readonly line: number;
}

export type Token =
  | { readonly kind: 'string'; readonly value: string; readonly formatted: boolean; readonly line: number }
  | { readonly kind: 'number'; readonly text: string; readonly line: number }
  | { readonly kind: 'name'; readonly text: string; readonly line: number }
  | { readonly kind: 'op'; readonly text: string; readonly line: number };

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') line += 1;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const prefix = /^([rRbBuUfF]{0,2})(['"])/.exec(source.slice(i, i + 3));
    if (prefix) {
      const raw = /r/i.test(prefix[1] as string);
      const formatted = /f/i.test(prefix[1] as string);
      const start = line;
      i += (prefix[1] as string).length;
      const quote = source.startsWith((prefix[2] as string).repeat(3), i) ? (prefix[2] as string).repeat(3) : (prefix[2] as string);
      i += quote.length;
      let value = '';
      while (i < source.length && !source.startsWith(quote, i)) {
        const ch = source[i] as string;
        if (ch === '\n') {
          line += 1;
          if (quote.length === 1) break; // an unterminated string: stop at its line's end
        }
        if (ch === '\\' && !raw && i + 1 < source.length) {
          const next = source[i + 1] as string;
          if (next === '\n') line += 1;
          value += ESCAPES[next] ?? `\\${next}`;
          i += 2;
          continue;
        }
        value += ch;
        i += 1;
      }
      i += quote.length;
      tokens.push({ kind: 'string', value, formatted, line: start });
      continue;
    }
    const number = /^(0[xX][0-9a-fA-F_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?)/.exec(source.slice(i, i + 64));
    if (number && /[\d.]/.test(c) && number[0] !== '.') {
      tokens.push({ kind: 'number', text: number[0], line });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(source.slice(i, i + 256));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], line });
      i += name[0].length;
      continue;
    }
    tokens.push({ kind: 'op', text: c, line });
    i += 1;
  }
  return tokens;
}

const OPENS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
/** Brackets within brackets read as values this deep at most; deeper is "something else" (a script nested 20,000 deep overflowed the stack). */
export const NESTING_MAX = 64;

/** A cursor over a script's tokens that reads values and calls (python-functions.ts reads signatures with it). */
export class Reader {
  protected at = 0;
  protected readonly tokens: readonly Token[];
  /** How many brackets the value being read is within. */
  protected depth = 0;
  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.at + ahead];
  }

  protected isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token?.kind === 'op' && token.text === text;
  }

  /** Skips one whole expression up to a `,` or a closing bracket at its own depth; the strings in it. */
  protected skipExpression(): string[] {
    const strings: string[] = [];
    let depth = 0;
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      if (token.kind === 'string') strings.push(token.value);
      if (token.kind === 'op') {
        if (OPENS[token.text] !== undefined) depth += 1;
        else if (')]}'.includes(token.text)) {
          if (depth === 0) return strings;
          depth -= 1;
        } else if (token.text === ',' && depth === 0) return strings;
      }
      this.at += 1;
    }
    return strings;
  }

  /** A dotted name at the cursor (`click.option`), or undefined. */
  protected dotted(): string | undefined {
    const first = this.peek();
    if (first?.kind !== 'name') return undefined;
    let name = first.text;
    this.at += 1;
    while (this.isOp('.') && this.peek(1)?.kind === 'name') {
      name += `.${(this.peek(1) as Token & { text: string }).text}`;
      this.at += 2;
    }
    return name;
  }

  /** One argument's value; the cursor ends on the `,` or closing bracket after it. */
  value(): Literal {
    const start = this.at;
    const literal = this.atom();
    // Only a value alone up to the separator is a literal: `0.1 * 2` is something else.
    const next = this.peek();
    if (next === undefined || (next.kind === 'op' && (next.text === ',' || ')]}:'.includes(next.text)))) return literal;
    this.at = start;
    return { kind: 'other', strings: this.skipExpression() };
  }

  private atom(): Literal {
    if (this.depth >= NESTING_MAX) return { kind: 'other', strings: this.skipExpression() };
    this.depth += 1;
    try {
      return this.atomAt();
    } finally {
      this.depth -= 1;
    }
  }

  private atomAt(): Literal {
    const token = this.peek();
    if (token === undefined) return { kind: 'other', strings: [] };
    if (token.kind === 'string') {
      let value = '';
      let formatted = false;
      // Adjacent strings are one: "a" "b".
      for (let t = this.peek(); t?.kind === 'string'; t = this.peek()) {
        value += t.value;
        formatted ||= t.formatted;
        this.at += 1;
      }
      return formatted ? { kind: 'other', strings: [value] } : { kind: 'string', value };
    }
    if (token.kind === 'number' || (token.kind === 'op' && token.text === '-' && this.peek(1)?.kind === 'number')) {
      const negative = token.kind === 'op';
      const text = (negative ? (this.peek(1) as Token & { text: string }).text : token.text).replaceAll('_', '');
      this.at += negative ? 2 : 1;
      const integer = !/[.eE]/.test(text) || /^0[xX]/.test(text);
      const value = (negative ? -1 : 1) * (/^0[xX]/.test(text) ? Number.parseInt(text, 16) : Number(text));
      return Number.isFinite(value) ? { kind: 'number', value, integer } : { kind: 'other', strings: [] };
    }
    if (token.kind === 'op' && token.text === '.' && this.isOp('.', 1) && this.isOp('.', 2)) {
      this.at += 3;
      return { kind: 'name', name: 'Ellipsis' }; // `...`: "required" in typer.Option(...)
    }
    if (token.kind === 'op' && (token.text === '[' || token.text === '(')) return this.sequence(OPENS[token.text] as string);
    if (token.kind === 'op' && token.text === '{') return this.dict();
    if (token.kind === 'name') {
      if (token.text === 'True' || token.text === 'False') {
        this.at += 1;
        return { kind: 'bool', value: token.text === 'True' };
      }
      if (token.text === 'None') {
        this.at += 1;
        return { kind: 'none' };
      }
      const name = this.dotted() as string;
      if (this.isOp('(')) {
        this.at += 1;
        return { kind: 'call', callee: name, args: this.args() };
      }
      return { kind: 'name', name };
    }
    return { kind: 'other', strings: [] };
  }

  private sequence(close: string): Literal {
    this.at += 1;
    const items: Literal[] = [];
    while (this.peek() !== undefined && !this.isOp(close)) {
      items.push(this.value());
      if (this.isOp(',')) this.at += 1;
      else if (!this.isOp(close)) return this.bail(close);
    }
    this.at += 1;
    return { kind: 'list', items };
  }

  private dict(): Literal {
    this.at += 1;
    const entries: (readonly [string, Literal])[] = [];
    while (this.peek() !== undefined && !this.isOp('}')) {
      const key = this.value();
      if (!this.isOp(':') || key.kind !== 'string') return this.bail('}');
      this.at += 1;
      entries.push([key.value, this.value()]);
      if (this.isOp(',')) this.at += 1;
      else if (!this.isOp('}')) return this.bail('}');
    }
    this.at += 1;
    return { kind: 'dict', entries };
  }

  /** Past the rest of a bracket it cannot read (a comprehension, a set): something else. */
  private bail(close: string): Literal {
    const strings: string[] = [];
    while (this.peek() !== undefined && !this.isOp(close)) {
      strings.push(...this.skipExpression());
      if (this.isOp(',') || this.isOp(':')) this.at += 1;
    }
    this.at += 1;
    return { kind: 'other', strings };
  }

  /** A call's arguments, the cursor just past its `(`; ends past its `)`. */
  args(): Argument[] {
    const args: Argument[] = [];
    while (this.peek() !== undefined && !this.isOp(')')) {
      const keyword = this.peek()?.kind === 'name' && this.isOp('=', 1) && !this.isOp('=', 2) ? (this.peek() as Token & { text: string }).text : undefined;
      if (keyword !== undefined) this.at += 2;
      if (this.isOp('*')) {
        // *args, **kwargs: what they hold is not known here.
        this.skipExpression();
      } else args.push({ keyword, value: this.value() });
      if (this.isOp(',')) this.at += 1;
      else if (!this.isOp(')')) this.skipExpression();
    }
    this.at += 1;
    return args;
  }

  /** Every call whose callee (as written) `wanted` says yes to, in order. */
  calls(wanted: (callee: string) => boolean): Call[] {
    const found: Call[] = [];
    while (this.peek() !== undefined) {
      const token = this.peek() as Token;
      const after = this.tokens[this.at - 1];
      // A name not after a dot (`x.y` is read whole, from `x`; the dots of `...` are no member's).
      const before = this.tokens[this.at - 2];
      const member = after?.kind === 'op' && after.text === '.' && !(before?.kind === 'op' && before.text === '.');
      if (token.kind === 'name' && !member) {
        const name = this.dotted() as string;
        if (this.isOp('(') && wanted(name)) {
          this.at += 1;
          found.push({ callee: name, args: this.args(), line: token.line });
        }
        continue;
      }
      this.at += 1;
    }
    return found;
  }
}

/** The calls in a script (its `tokenize`d text) whose callee `wanted` takes (`parser.add_argument`: last part `add_argument`). */
export function pythonCalls(tokens: readonly Token[], wanted: (callee: string) => boolean): Call[] {
  return new Reader(tokens).calls(wanted);
}

/** The last part of a dotted callee (`add_argument` of `parser.add_argument`). */
export const calleeEnd = (callee: string): string => callee.slice(callee.lastIndexOf('.') + 1);

/** A call's keyword argument's value (`default=`), if given. */
export const keywordArg = (args: readonly Argument[], key: string): Literal | undefined => args.find((a) => a.keyword === key)?.value;
