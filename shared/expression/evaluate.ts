/** Evaluates a parsed condition against values by name. No host objects are reachable. */
import type { Expr } from './ast.ts';

export type Value = number | string | boolean | null;
/** Looks a dotted name up (`['metadata', 'val_acc']`); undefined when it has no value yet. */
export type Scope = (path: readonly string[]) => Value | undefined;

export type EvalResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly message: string };

class EvalError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || a === null || b === null || typeof a === 'boolean') {
    throw new EvalError(`cannot compare ${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`);
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') throw new EvalError(`cannot compute ${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new EvalError('division by zero');
      return a / b;
    default:
      if (b === 0) throw new EvalError('division by zero');
      return a % b;
  }
}

function evalExpr(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name': {
      const value = scope(expr.path);
      if (value === undefined) throw new EvalError(`"${expr.path.join('.')}" has no value`);
      return value;
    }
    case 'unary': {
      const value = evalExpr(expr.operand, scope);
      if (expr.op === 'not') return !truthy(value);
      if (typeof value !== 'number') throw new EvalError(`cannot negate ${JSON.stringify(value)}`);
      return -value;
    }
    case 'binary':
      if (expr.op === 'and') return truthy(evalExpr(expr.left, scope)) ? evalExpr(expr.right, scope) : false;
      if (expr.op === 'or') {
        const left = evalExpr(expr.left, scope);
        return truthy(left) ? left : evalExpr(expr.right, scope);
      }
      return arithmetic(expr.op, evalExpr(expr.left, scope), evalExpr(expr.right, scope));
    case 'compare': {
      let left = evalExpr(expr.first, scope);
      for (const { op, right } of expr.rest) {
        const value = evalExpr(right, scope);
        if (!compare(op, left, value)) return false;
        left = value;
      }
      return true;
    }
  }
}

export function evaluate(expr: Expr, scope: Scope): EvalResult {
  try {
    return { ok: true, value: evalExpr(expr, scope) };
  } catch (error) {
    if (error instanceof EvalError) return { ok: false, message: error.message };
    throw error;
  }
}

export function isTruthy(value: Value): boolean {
  return truthy(value);
}
