/**
 * Everything the edges into one node deliver, gathered once when the node starts: parameter
 * values, environment variables and the files for each input, plus warnings for edges that
 * delivered nothing (a metadata key never printed is the classic silent failure).
 */
import { edgesByTarget, type PlannedExecution, type PlannedTask, type RunPlan } from '../../../shared/run/plan.ts';
import { coerceReceived } from '../../../shared/run/parameter-values.ts';
import type { Parameter, ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { RunStore } from '../store/run-store.ts';
import type { InputPlan } from './prepare-execution.ts';
import { edgeValue, inputFiles, noMatchHint, outputFiles, pickByEdge, upstreamExecutions } from './upstream.ts';

export interface NodeDelivery {
  readonly values: Record<string, ParameterValue>;
  readonly env: Record<string, string>;
  readonly inputs: InputPlan[];
  readonly warnings: string[];
}

/** The edges into each node, indexed once per plan. */
const edgesInto = new WeakMap<RunPlan, Map<string, RunPlan['edges'][number][]>>();

function edgesIntoNode(plan: RunPlan, node: string): readonly RunPlan['edges'][number][] {
  let index = edgesInto.get(plan);
  if (!index) edgesInto.set(plan, (index = edgesByTarget(plan.edges)));
  return index.get(node) ?? [];
}

/** A parameter the command must be given that has no value yet (neither the node's nor, in a task, its children's). */
function needsValue(node: PlannedExecution | PlannedTask, parameter: Parameter, values: Readonly<Record<string, ParameterValue>>): boolean {
  if (parameter.optional || parameter.type === 'flag' || values[parameter.name] !== undefined) return false;
  return node.kind === 'execution' || !node.children.some((child) => parameter.name in child);
}

export async function gatherNodeInputs(plan: RunPlan, node: PlannedExecution | PlannedTask, store: RunStore, runId: string): Promise<NodeDelivery> {
  const incoming = edgesIntoNode(plan, node.name);
  const values: Record<string, ParameterValue> = { ...node.values };
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  const files = new Map<string, InputPlan['edgeFiles'][number][]>();
  const bySource = new Map<string, ReturnType<typeof upstreamExecutions>>();
  for (const edge of incoming) {
    // Dependency edges only order nodes; file edges feed deployments: nothing to gather.
    if (edge.target.type === 'dependency' || edge.target.type === 'file') continue;
    let executions = bySource.get(edge.source.node);
    if (!executions) {
      executions = upstreamExecutions(store, runId, edge.source.node);
      bySource.set(edge.source.node, executions);
    }
    const { picked, problem } = pickByEdge(edge, executions);
    // An edge that could pick none gives nothing: said once, here, not again as files or a value it lacks.
    const unpicked = problem !== undefined && picked.length === 0;
    if (problem) warnings.push(`edge ${edge.source.node}.${edge.source.type}.${edge.source.key} → ${node.name}: ${problem}${unpicked ? ', so it gives nothing' : ''}`);
    switch (edge.target.type) {
      case 'parameter': {
        const parameter = node.step.parameters.find((p) => p.name === edge.target.key);
        if (unpicked) {
          if (parameter && needsValue(node, parameter, values)) throw new Error(`parameter "${parameter.name}" has no value: its edge gives nothing (${problem}), and it has no default`);
          break;
        }
        const delivered = edgeValue(edge, picked, () => {
          const source = plan.nodes.find((n) => n.name === edge.source.node);
          return source !== undefined && source.kind !== 'deployment' && source.step.parameters.some((p) => p.name === edge.source.key);
        });
        if (delivered.problem && parameter && needsValue(node, parameter, values)) {
          // Run without it, the command would lack an argument it needs: the node cannot start, as on Valohai.
          throw new Error(`parameter "${parameter.name}" has no value: ${delivered.problem}, which its edge gives it, and it has no default`);
        } else if (delivered.problem) warnings.push(`${delivered.problem}, so ${edge.target.node}.${edge.target.key} keeps its own value`);
        else if (!parameter) warnings.push(`${node.name} has no parameter "${edge.target.key}"; the edge's value is not used`);
        else values[parameter.name] = coerceReceived(parameter, delivered.value);
        break;
      }
      case 'environment-variable': {
        const value = picked.map((e) => e.env[edge.source.key]).find((v) => v !== undefined);
        if (value === undefined) warnings.push(`"${edge.source.node}" has no environment variable "${edge.source.key}"`);
        else env[edge.target.key] = value;
        break;
      }
      case 'input': {
        const delivered = edge.source.type === 'output' ? outputFiles(edge, picked, runId) : await inputFiles(edge, picked, runId);
        const hint = delivered.length === 0 && edge.source.type === 'output' ? noMatchHint(edge, picked) : '';
        if (delivered.length === 0 && !unpicked) warnings.push(`edge ${edge.source.node}.${edge.source.type}.${edge.source.key} → ${node.name}.input.${edge.target.key} matched no files${hint}`);
        files.set(edge.target.key, [...(files.get(edge.target.key) ?? []), ...delivered]);
        break;
      }
      default:
        break; // dependency edges only order; file edges feed deployments
    }
  }
  const fed = new Set(incoming.filter((e) => e.target.type === 'input').map((e) => e.target.key));
  const inputs = node.step.inputs.map((input) => ({
    input,
    edgeFiles: files.get(input.name) ?? [],
    useDefaults: !fed.has(input.name) || node.edgeMergeMode === 'append',
  }));
  return { values, env, inputs, warnings };
}
