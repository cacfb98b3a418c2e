import type { Finding } from '../diagnostic.ts';
import { DOCUMENT } from '../diagnostic.ts';
import type { ValohaiConfig } from '../model/config.ts';
import type { Deployment } from '../model/deployment.ts';
import type { Endpoint } from '../model/endpoint.ts';
import type { Pipeline } from '../model/pipeline.ts';
import type { Step } from '../model/step.ts';
import type { TaskBlueprint } from '../model/task-blueprint.ts';
import { notAListMessage } from './not-a-list.ts';
import { parseDeployment, parseEndpoint } from './parse-endpoint.ts';
import { parsePipeline } from './parse-pipeline.ts';
import { parseStep } from './parse-step.ts';
import { parseTaskBlueprint } from './parse-task.ts';
import { asObject } from './read-value.ts';

export const TOP_LEVEL_KEYS = ['step', 'pipeline', 'blueprint', 'task', 'endpoint', 'deployment'] as const;

/** Plain YAML data → the model. Reports only what the schema cannot say; never throws. */
export function parseConfig(data: unknown, findings: Finding[]): ValohaiConfig {
  const steps: Step[] = [];
  const pipelines: Pipeline[] = [];
  const tasks: TaskBlueprint[] = [];
  const endpoints: Endpoint[] = [];
  const deployments: Deployment[] = [];
  const config = { steps, pipelines, tasks, endpoints, deployments };
  if (data === null || data === undefined) {
    findings.push({
      severity: 'error',
      code: 'document-empty',
      message: 'The file is empty: a valohai.yaml is a list of step, pipeline, task, endpoint and deployment items',
      path: [],
      subject: DOCUMENT,
    });
    return config;
  }
  if (!Array.isArray(data)) {
    findings.push({
      severity: 'error',
      code: 'document-not-list',
      message: notAListMessage(data),
      path: [],
      subject: DOCUMENT,
    });
    return config;
  }
  data.forEach((item: unknown, index) => {
    const obj = asObject(item);
    if (!obj) {
      findings.push({
        severity: 'error',
        code: 'item-not-map',
        message: `Item ${index + 1} must be a map with one key such as \`step:\` or \`pipeline:\``,
        path: [index],
        subject: DOCUMENT,
      });
      return;
    }
    for (const [key, value] of Object.entries(obj)) {
      const path = [index, key];
      switch (key) {
        case 'step':
          pushDefined(steps, parseStep(value, path));
          break;
        case 'pipeline':
        case 'blueprint':
          pushDefined(pipelines, parsePipeline(value, path, key === 'blueprint', findings));
          break;
        case 'task':
          pushDefined(tasks, parseTaskBlueprint(value, path));
          break;
        case 'endpoint':
          pushDefined(endpoints, parseEndpoint(value, path));
          break;
        case 'deployment':
          pushDefined(deployments, parseDeployment(value, path));
          break;
        default:
          findings.push({
            severity: 'warning',
            code: 'item-unknown-kind',
            message: `No parser for "${key}": Valohai ignores it (known: ${TOP_LEVEL_KEYS.join(', ')})`,
            path,
            subject: DOCUMENT,
          });
      }
    }
  });
  return config;
}

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}
