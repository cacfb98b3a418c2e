/**
 * The executions a node runs: one for an execution node; for a task node, one per blueprint
 * variant, and one per item of any list value that reaches a single-valued parameter (so a
 * list-valued metadata→parameter edge spreads a sweep, as on Valohai).
 */
import type { PlannedExecution, PlannedTask } from './plan.ts';
import { grid } from './variants.ts';
import { takesOneValue, type Parameter, type ParameterValue } from '../valohai/model/parameter.ts';

export type ChildPlan = { readonly ok: true; readonly children: Record<string, ParameterValue>[] } | { readonly ok: false; readonly error: string };

function listValued(node: PlannedExecution | PlannedTask, values: Readonly<Record<string, ParameterValue>>): string[] {
  return node.step.parameters.filter((p) => takesOneValue(p) && Array.isArray(values[p.name])).map((p) => p.name);
}

/** Why an execution cannot start with a list for parameter `name`, which takes one value. */
export function listRefused(name: string, parameter: Parameter | undefined): string {
  const separator = parameter?.type !== 'flag' ? parameter?.multipleSeparator : undefined;
  // A separator written without `multiple: separate` says the author meant the list joined: that first.
  const join = separator === undefined ? '' : `add multiple: separate to the parameter to join it with "${separator}" into one argument, as its multiple-separator says; or `;
  return `parameter "${name}" received a list, but it takes one value (${join}make the node a task to run one execution per value; where the list is a task's children's values, the edge's configuration {pick: max, by: METRIC} passes only the best child's)`;
}

export function planChildren(node: PlannedExecution | PlannedTask, values: Readonly<Record<string, ParameterValue>>): ChildPlan {
  if (node.kind === 'execution') {
    const lists = listValued(node, values);
    const name = lists[0];
    if (name !== undefined) return { ok: false, error: listRefused(name, node.step.parameters.find((p) => p.name === name)) };
    return { ok: true, children: [{ ...values }] };
  }
  const variants = node.children.length > 0 ? node.children : [{}];
  const children: Record<string, ParameterValue>[] = [];
  for (const variant of variants) {
    const merged = { ...values, ...variant };
    const spread = listValued(node, merged);
    const combos = grid(Object.fromEntries(spread.map((name) => [name, merged[name] as ParameterValue[]])));
    for (const combo of combos) children.push({ ...merged, ...combo });
  }
  return { ok: true, children };
}
