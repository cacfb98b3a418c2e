/**
 * A step's or a task's `stop-condition` (`loss < 0.05`, `metadata.epoch >= 10 and acc > 0.9`):
 * checked against an execution's metadata as it is printed (a step: the execution stops early and
 * counts as finished, its outputs kept) or when a task's child ends (no more children start).
 * Names are metadata keys, bare or as `metadata.KEY`; a key not printed yet means "not yet".
 */
import { evaluate, isTruthy, type Value } from '../../../shared/expression/evaluate.ts';
import type { Expr } from '../../../shared/expression/ast.ts';
import { parseExpression } from '../../../shared/expression/parse.ts';
import type { PlannedTask } from '../../../shared/run/plan.ts';
import { nonFinite, scalar } from '../../../shared/run/actions.ts';
import type { NodeState } from './node-state.ts';

export type StopVerdict = { readonly holds: true; readonly said: string } | { readonly holds: false; readonly problem?: string };

export class StopCondition {
  readonly text: string;
  private readonly expr: Expr | undefined;
  private readonly invalid: string | undefined;

  constructor(text: string) {
    this.text = text;
    const parsed = parseExpression(text);
    this.expr = parsed.ok ? parsed.expr : undefined;
    this.invalid = parsed.ok ? undefined : parsed.message;
  }

  /** Whether it holds for these metadata values (the latest of each key); `said` names the values it read. */
  check(metadata: Readonly<Record<string, unknown>>): StopVerdict {
    if (!this.expr) return { holds: false, problem: `its stop-condition \`${this.text}\` is not valid (${this.invalid ?? ''}), so it never stops anything` };
    const read = new Map<string, Value>();
    let missing = false;
    const result = evaluate(this.expr, (path) => {
      const key = (path[0] === 'metadata' && path.length > 1 ? path.slice(1) : path).join('.');
      const value = nonFinite(scalar(metadata[key]));
      if (value === undefined) missing = true;
      else read.set(key, value);
      return value;
    });
    if (!result.ok) return missing ? { holds: false } : { holds: false, problem: `its stop-condition \`${this.text}\` could not be checked: ${result.message}` };
    if (!isTruthy(result.value)) return { holds: false };
    return { holds: true, said: [...read].map(([key, value]) => `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`).join(', ') };
  }
}

/**
 * A task's stop-condition, read on each child's metadata as it ends: once it holds, the children
 * not yet started are dropped. Returns what to say (that, or once that it cannot be checked).
 */
export function stopTaskWhenDue(node: PlannedTask, metadata: Readonly<Record<string, unknown>> | undefined, state: NodeState): string | undefined {
  if (node.stopCondition === undefined || metadata === undefined || state.queue.length === 0) return undefined;
  const verdict = new StopCondition(node.stopCondition).check(metadata);
  if (!verdict.holds) {
    if (verdict.problem === undefined || state.toldStopProblem) return undefined;
    state.toldStopProblem = true;
    return `node "${node.name}": ${verdict.problem.replace('its stop-condition', "its task's stop-condition")}`;
  }
  const left = state.queue.length;
  state.queue = [];
  return `node "${node.name}": its task's stop-condition \`${node.stopCondition}\` held (${verdict.said}): the ${left} ${left === 1 ? 'child' : 'children'} not yet started will not run, as on Valohai`;
}
