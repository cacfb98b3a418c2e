/**
 * Recursive-descent parser for conditions: `or`/`and`/`not` (also `||`/`&&`/`!`), chained
 * comparisons, arithmetic, numbers, strings, true/false/none and dotted names such as
 * `metadata.val_acc`. No function calls, no attribute access beyond names: nothing to escape.
 */
import type { CompareOp, Expr, ParseResult } from './ast.ts';
import { tokenize, type Token } from './tokenize.ts';

class ParseError {
  readonly message: string;
  readonly offset: number;
  constructor(message: string, offset: number) {
    this.message = message;
    this.offset = offset;
  }
}

const COMPARE_OPS: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];
const KEYWORDS: Readonly<Record<string, boolean | null>> = { true: true, True: true, false: false, False: false, none: null, None: null, null: null };

export function parseExpression(text: string): ParseResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const tokens = lexed.tokens;
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { kind: 'end', offset: text.length };
  const isOp = (value: string): boolean => {
    const t = peek();
    return (t.kind === 'op' || t.kind === 'name') && t.value === value;
  };
  const next = (): Token => tokens[pos++] ?? { kind: 'end', offset: text.length };

  const orExpr = (): Expr => {
    let left = andExpr();
    while (isOp('or') || isOp('||')) {
      next();
      left = { kind: 'binary', op: 'or', left, right: andExpr() };
    }
    return left;
  };
  const andExpr = (): Expr => {
    let left = notExpr();
    while (isOp('and') || isOp('&&')) {
      next();
      left = { kind: 'binary', op: 'and', left, right: notExpr() };
    }
    return left;
  };
  const notExpr = (): Expr => {
    if (isOp('not') || isOp('!')) {
      next();
      return { kind: 'unary', op: 'not', operand: notExpr() };
    }
    return comparison();
  };
  const comparison = (): Expr => {
    const first = additive();
    const rest: { op: CompareOp; right: Expr }[] = [];
    while (peek().kind === 'op' && COMPARE_OPS.includes((peek() as { value: string }).value)) {
      const op = (next() as { value: string }).value as CompareOp;
      rest.push({ op, right: additive() });
    }
    return rest.length === 0 ? first : { kind: 'compare', first, rest };
  };
  const additive = (): Expr => {
    let left = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = (next() as { value: string }).value as '+' | '-';
      left = { kind: 'binary', op, left, right: multiplicative() };
    }
    return left;
  };
  const multiplicative = (): Expr => {
    let left = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = (next() as { value: string }).value as '*' | '/' | '%';
      left = { kind: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp('-')) {
      next();
      return { kind: 'unary', op: '-', operand: unary() };
    }
    return primary();
  };
  const primary = (): Expr => {
    const token = next();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'name': {
        if (token.value in KEYWORDS) return { kind: 'literal', value: KEYWORDS[token.value] ?? null };
        const path = [token.value];
        while (isOp('.')) {
          next();
          const part = next();
          if (part.kind !== 'name' && part.kind !== 'number') throw new ParseError('expected a name after "."', part.offset);
          path.push(String(part.value));
        }
        return { kind: 'name', path };
      }
      case 'op':
        if (token.value === '(') {
          const inner = orExpr();
          if (!isOp(')')) throw new ParseError('expected ")"', peek().offset);
          next();
          return inner;
        }
        throw new ParseError(`unexpected "${token.value}"`, token.offset);
      case 'end':
        throw new ParseError('unexpected end of expression', token.offset);
    }
  };

  try {
    const expr = orExpr();
    const rest = peek();
    if (rest.kind !== 'end') {
      const shown = rest.kind === 'string' ? `'${rest.value}'` : `"${String(rest.value)}"`;
      throw new ParseError(`unexpected ${shown} after a complete expression`, rest.offset);
    }
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}
