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
  /** What held, for the actions that fired on a condition: `metadata.loss > 0.2, with metadata.loss = 0.3` ('' where none had one). */
  readonly held: string;
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
  const held: string[] = [];
  /** The values the current action's conditions read, by the name they were read by. */
  const read = new Map<string, Value | undefined>();
  const lookup = (path: readonly string[]): Value | undefined => {
    const [root, ...rest] = path;
    const key = rest.join('.');
    const value = root === 'metadata' ? nonFinite(scalar(scope.metadata[key])) : root === 'parameter' || root === 'parameters' ? scalar(scope.parameters[key]) : undefined;
    read.set(path.join('.'), value);
    return value;
  };
  for (const action of actions) {
    if (!action.when.includes(when)) continue;
    read.clear();
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
    if (!holds) continue;
    thens.push(...action.then);
    if (action.if.length > 0) held.push(`${action.if.join(' and ')}${read.size > 0 ? `, with ${[...read].map(([name, value]) => `${name} = ${shown(value)}`).join(', ')}` : ''}`);
  }
  return { thens, warnings, held: held.join('; ') };
}

function shown(value: Value | undefined): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
