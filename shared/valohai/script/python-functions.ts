/**
 * The functions a script defines, as far as a command line built from one goes (typer and fire
 * make their options from a function's signature): each parameter's name, its annotation read as
 * a type (`Optional[int]`, `list[str]`, `int | None`, `Annotated[int, typer.Option(...)]`) and its
 * default as a literal (python-calls.ts), and the decorators above it. Nothing is run.
 */
import { NESTING_MAX, Reader, tokenize, type Argument, type Literal, type Token } from './python-calls.ts';

/** An annotation: a type with its subscripts (`Optional[int]`; `int | None` is `Union[int, None]`), or a value inside one (`typer.Option(...)` in `Annotated[...]`). */
export type Annotation =
  | { readonly kind: 'type'; readonly name: string; readonly args: readonly Annotation[] }
  | { readonly kind: 'value'; readonly value: Literal };

export interface FunctionParameter {
  readonly name: string;
  /** 1-based line of its name. */
  readonly line: number;
  /** `*args` is `args`, `**kwargs` `kwargs`; those after a bare `*` or `*args` keyword-only. */
  readonly kind: 'positional' | 'keyword-only' | 'args' | 'kwargs';
  readonly annotation: Annotation | undefined;
  readonly default: Literal | undefined;
}

export interface PythonFunction {
  readonly name: string;
  readonly line: number;
  /** Columns before its `def` (or `async`): 0 at the module's top, more for a method or a nested one. */
  readonly indent: number;
  /** Each decorator's callee (`app.command` for `@app.command()`), with its arguments where called. */
  readonly decorators: readonly { readonly callee: string; readonly args: readonly Argument[]; readonly line: number }[];
  readonly parameters: readonly FunctionParameter[];
}

class SignatureReader extends Reader {
  private readonly lines: readonly string[];
  constructor(source: string, tokens: readonly Token[]) {
    super(tokens);
    this.lines = source.split('\n');
  }

  indentOf(line: number): number {
    return Math.max(0, (this.lines[line - 1] ?? '').search(/\S/));
  }

  private op(text: string, ahead = 0): boolean {
    return this.isOp(text, ahead);
  }

  /** A type: a dotted name (or one in quotes) with its `[...]`, and `|` unions. */
  private annotation(): Annotation | undefined {
    const first = this.typeAtom();
    if (first === undefined) return undefined;
    const union: Annotation[] = [first];
    while (this.op('|')) {
      this.at += 1;
      const next = this.typeAtom();
      if (next === undefined) return undefined;
      union.push(next);
    }
    return union.length === 1 ? first : { kind: 'type', name: 'Union', args: union };
  }

  private typeAtom(): Annotation | undefined {
    if (this.depth >= NESTING_MAX) return undefined; // (read no deeper: the annotation is not known)
    this.depth += 1;
    try {
      return this.typeAtomAt();
    } finally {
      this.depth -= 1;
    }
  }

  private typeAtomAt(): Annotation | undefined {
    const token = this.peek();
    if (token?.kind === 'string') {
      this.at += 1;
      return { kind: 'type', name: token.value.trim(), args: [] }; // a forward reference: "int"
    }
    if (token?.kind === 'name' && token.text === 'None') {
      this.at += 1;
      return { kind: 'type', name: 'None', args: [] };
    }
    if (token?.kind !== 'name' || this.peek(1)?.kind === 'op' && (this.peek(1) as Token & { text: string }).text === '(') return undefined;
    const name = this.dotted() as string;
    if (!this.op('[')) return { kind: 'type', name, args: [] };
    this.at += 1;
    const args: Annotation[] = [];
    while (this.peek() !== undefined && !this.op(']')) {
      // A type, or (in Annotated[...], Literal[...]) a value: typer.Option(...), "a".
      const start = this.at;
      const type = this.annotation();
      if (type !== undefined && (this.op(',') || this.op(']'))) args.push(type);
      else {
        this.at = start;
        args.push({ kind: 'value', value: this.value() });
      }
      if (this.op(',')) this.at += 1;
      else if (!this.op(']')) return this.skipTo(']');
    }
    this.at += 1;
    return { kind: 'type', name, args };
  }

  /** Past what cannot be read up to `close`: no type known. */
  private skipTo(close: string): undefined {
    let depth = 0;
    for (let token = this.peek(); token !== undefined; token = this.peek()) {
      this.at += 1;
      if (token.kind !== 'op') continue;
      if ('([{'.includes(token.text)) depth += 1;
      else if (')]}'.includes(token.text)) {
        if (depth === 0 && token.text === close) return undefined;
        depth -= 1;
      }
    }
    return undefined;
  }

  /** The parameters, the cursor just past `def NAME(`; ends past its `)`. */
  private parameters(): FunctionParameter[] {
    const parameters: FunctionParameter[] = [];
    let keywordOnly = false;
    while (this.peek() !== undefined && !this.op(')')) {
      const from = this.at;
      const stars = this.op('*') ? (this.op('*', 1) ? 2 : 1) : 0;
      this.at += stars;
      const token = this.peek();
      if (token?.kind === 'name') {
        this.at += 1;
        const annotation = this.op(':') ? ((this.at += 1), this.annotation()) : undefined;
        if (!this.op('=') && !this.op(',') && !this.op(')')) this.skipExpression(); // an annotation not read
        const value = this.op('=') ? ((this.at += 1), this.value()) : undefined;
        parameters.push({ name: token.text, line: token.line, kind: stars === 2 ? 'kwargs' : stars === 1 ? 'args' : keywordOnly ? 'keyword-only' : 'positional', annotation, default: value });
      }
      if (stars === 1) keywordOnly = true; // (`*args`, or a bare `*`)
      if (!this.op(',') && !this.op(')')) this.skipExpression(); // (the `/` marker, or what is not read)
      if (this.op(',')) this.at += 1;
      else if (this.at === from) this.at += 1; // a stray bracket: past it
    }
    this.at += 1;
    return parameters;
  }

  functions(): PythonFunction[] {
    const found: PythonFunction[] = [];
    let decorators: { callee: string; args: readonly Argument[]; line: number }[] = [];
    while (this.peek() !== undefined) {
      const token = this.peek() as Token;
      if (token.kind === 'op' && token.text === '@' && this.peek(1)?.kind === 'name') {
        this.at += 1;
        const callee = this.dotted() as string;
        const args = this.op('(') ? ((this.at += 1), this.args()) : [];
        decorators.push({ callee, args, line: token.line });
        continue;
      }
      const next = this.peek(1);
      const named = this.peek(2);
      if (token.kind === 'name' && token.text === 'def' && next?.kind === 'name' && named?.kind === 'op' && named.text === '(') {
        this.at += 3;
        found.push({ name: next.text, line: token.line, indent: this.indentOf(token.line), decorators, parameters: this.parameters() });
        decorators = [];
        continue;
      }
      // (What comes between a decorator and its `def`, but `async`, is not the function's.)
      if (!(token.kind === 'name' && token.text === 'async')) decorators = [];
      this.at += 1;
    }
    return found;
  }
}

/** Every function `source` defines (methods too), in order. */
export function pythonFunctions(source: string, tokens: readonly Token[] = tokenize(source)): PythonFunction[] {
  return new SignatureReader(source, tokens).functions();
}
