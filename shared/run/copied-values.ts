/** Values that edges copy from node to node, known from a run's plan alone (before it runs). */
import type { ParameterValue } from '../valohai/model/parameter.ts';
import { planChildren } from './children.ts';
import { coerceReceived } from './parameter-values.ts';
import { pickRuleOf } from './pick.ts';
import { edgesByTarget, type RunPlan } from './plan.ts';

type PlannedEdge = RunPlan['edges'][number];

/**
 * What parameter→parameter and env→env edges copy is known before a run: each node's values and
 * variables, level by level (a parameter a sweep passes on is every child's value, a list, as a
 * run passes it). What only a run knows is left as the node's own: a metadata value, and the value
 * a `pick` chooses among a sweep's children. `fromDeployments`: the edges out of a deployment
 * node, whose URL only a deployment has.
 */
export function copiedValues(plan: RunPlan): { values: Map<string, Record<string, ParameterValue>>; envs: Map<string, Record<string, string>>; fromDeployments: PlannedEdge[] } {
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  const incoming = edgesByTarget(plan.edges);
  const fromDeployments: PlannedEdge[] = [];
  const values = new Map<string, Record<string, ParameterValue>>();
  const envs = new Map<string, Record<string, string>>();
  for (const level of plan.levels) {
    for (const name of level) {
      const node = byName.get(name);
      if (!node || node.kind === 'deployment') continue;
      const own: Record<string, ParameterValue> = { ...node.values };
      const env: Record<string, string> = {};
      for (const v of node.step.environmentVariables) if (v.default !== undefined) env[v.name] = v.default;
      for (const edge of incoming.get(name) ?? []) {
        const kind = `${edge.source.type}->${edge.target.type}`;
        const from = edge.source.node;
        if (kind === 'parameter->parameter') {
          const source = byName.get(from);
          const target = node.step.parameters.find((p) => p.name === edge.target.key);
          if (source?.kind === 'task') {
            // Out of a sweep: its best child's value is a run's to know (metadata-values.ts); without
            // a pick, every child's, a list, as a run passes it.
            const rule = pickRuleOf(edge);
            if (rule !== undefined && rule !== 'needs-by') continue;
            const children = planChildren(source, values.get(from) ?? {});
            const list = children.ok ? children.children.map((c) => c[edge.source.key]).filter((v) => v !== undefined) : [];
            if (list.length > 0) own[edge.target.key] = target ? coerceReceived(target, list.length === 1 ? list[0] : list) : (list as ParameterValue);
            continue;
          }
          const value = values.get(from)?.[edge.source.key];
          if (value !== undefined) own[edge.target.key] = value;
        } else if (kind === 'environment-variable->environment-variable') {
          const value = envs.get(from)?.[edge.source.key];
          if (value !== undefined) env[edge.target.key] = value;
        } else if (kind === 'deployment->parameter' || kind === 'output->file') {
          fromDeployments.push(edge);
        }
      }
      values.set(name, own);
      envs.set(name, env);
    }
  }

  return { values, envs, fromDeployments };
}
