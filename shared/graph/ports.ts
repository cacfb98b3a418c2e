/** What a pipeline node offers to edges, resolved from its step, blueprint or endpoints. */
import type { ValohaiConfig } from '../valohai/model/config.ts';
import { findByName } from '../valohai/model/config.ts';
import type { PipelineNode } from '../valohai/model/nodes/node.ts';
import type { Step } from '../valohai/model/step.ts';

/** The step a node runs, when it is defined in this file. */
export function stepOfNode(config: ValohaiConfig, node: PipelineNode): Step | undefined {
  if (node.type === 'execution') return findByName(config.steps, node.step);
  if (node.type === 'task') {
    const source = node.source;
    if (source.kind === 'step' || source.kind === 'both') return findByName(config.steps, source.step);
    if (source.kind === 'blueprint') {
      const blueprint = findByName(config.tasks, source.task);
      return blueprint ? findByName(config.steps, blueprint.step) : undefined;
    }
  }
  return undefined;
}

export type NodePorts =
  /** The node's definition lives elsewhere (another commit, a library step): anything goes. */
  | { readonly known: false }
  | {
      readonly known: true;
      readonly parameters: readonly string[];
      readonly inputs: readonly string[];
      readonly outputs: readonly string[];
      readonly environmentVariables: readonly string[];
      /** `endpoint.file` names, for deployment nodes. */
      readonly files: readonly string[];
    };

export function portsOf(config: ValohaiConfig, node: PipelineNode): NodePorts {
  if (node.type === 'deployment') {
    const files = node.endpoints.flatMap((name) => {
      const endpoint = findByName(config.endpoints, name);
      return endpoint ? endpoint.files.map((file) => `${name}.${file.name}`) : [];
    });
    const allKnown = node.endpoints.every((name) => findByName(config.endpoints, name));
    if (!allKnown) return { known: false };
    return { known: true, parameters: [], inputs: [], outputs: [], environmentVariables: [], files };
  }
  const step = stepOfNode(config, node);
  if (!step || node.commit !== undefined) return { known: false };
  return {
    known: true,
    parameters: step.parameters.map((p) => p.name),
    inputs: step.inputs.map((i) => i.name),
    outputs: step.outputs.map((o) => o.name),
    environmentVariables: step.environmentVariables.map((e) => e.name),
    files: [],
  };
}

/** Whether a socket key (which may hold `*` wildcards, as input→input keys do) names one of `names`. */
export function keyMatches(key: string, names: readonly string[]): boolean {
  if (!key.includes('*')) return names.includes(key);
  const pattern = new RegExp(`^${key.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return names.some((n) => pattern.test(n));
}
