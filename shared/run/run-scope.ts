/**
 * What of a valohai.yaml one run uses: its pipeline, the steps and task blueprints its nodes run,
 * the endpoints and deployments when it deploys. A finding about anything else (a typo in another
 * pipeline, an unused step) neither stops this run nor is said when it starts; `validate` lists all.
 */
import type { Subject } from '../valohai/diagnostic.ts';
import { findByName, type ValohaiConfig } from '../valohai/model/config.ts';

export function runScope(config: ValohaiConfig, pipelineName: string): (subject: Subject) => boolean {
  const pipeline = findByName(config.pipelines, pipelineName);
  const steps = new Set<string>();
  const tasks = new Set<string>();
  let deploys = false;
  for (const node of pipeline?.nodes ?? []) {
    if (node.type === 'deployment') deploys = true;
    else if (node.type === 'execution') steps.add(node.step);
    else {
      if (node.source.kind === 'step' || node.source.kind === 'both') steps.add(node.source.step);
      if (node.source.kind === 'blueprint' || node.source.kind === 'both') {
        tasks.add(node.source.task);
        const blueprint = findByName(config.tasks, node.source.task);
        if (blueprint) steps.add(blueprint.step);
      }
    }
  }
  return (subject) => {
    switch (subject.kind) {
      case 'document':
        return true;
      case 'step':
        return steps.has(subject.step);
      case 'task':
        return tasks.has(subject.task);
      case 'endpoint':
      case 'deployment':
        return deploys;
      default:
        return subject.pipeline === pipelineName;
    }
  };
}
