/** Node actions: at `when`, if every `if` holds, do each `then`. Conditions use the safe evaluator. */
import { evaluate, isTruthy, type Value } from '../expression/evaluate.ts';
import { parseExpression } from '../expression/parse.ts';
import type { Action, ActionWhen } from '../valohai/model/action.ts';

export interface ActionScope {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, unknown>>;
}

export interface ActionVerdict {
  /** The `then`s of every action that fired, in order. */
  readonly thens: readonly string[];
  /** Conditions that could not be evaluated (a metadata key never printed, a type mismatch). */
  readonly warnings: readonly string[];
}

export function scalar(value: unknown): Value | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return undefined;
}

/** A metric Python printed as NaN or ±Infinity (kept as that word, see parseMetadata) compares as that number. */
export function nonFinite(value: Value | undefined): Value | undefined {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

export function evaluateActions(actions: readonly Action[], when: ActionWhen, scope: ActionScope): ActionVerdict {
  const thens: string[] = [];
  const warnings: string[] = [];
  const lookup = (path: readonly string[]): Value | undefined => {
    const [root, ...rest] = path;
    const key = rest.join('.');
    if (root === 'metadata') return nonFinite(scalar(scope.metadata[key]));
    if (root === 'parameter' || root === 'parameters') return scalar(scope.parameters[key]);
    return undefined;
  };
  for (const action of actions) {
    if (!action.when.includes(when)) continue;
    let holds = true;
    for (const condition of action.if) {
      const parsed = parseExpression(condition);
      if (!parsed.ok) {
        warnings.push(`condition "${condition}" is not valid: ${parsed.message}`);
        holds = false;
        break;
      }
      const result = evaluate(parsed.expr, lookup);
      if (!result.ok) {
        warnings.push(`condition "${condition}" could not be evaluated: ${result.message}`);
        holds = false;
        break;
      }
      if (!isTruthy(result.value)) {
        holds = false;
        break;
      }
    }
    if (holds) thens.push(...action.then);
  }
  return { thens, warnings };
}
