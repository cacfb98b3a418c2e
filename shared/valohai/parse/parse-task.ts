import type { YamlPath } from '../diagnostic.ts';
import type { ParameterValue } from '../model/parameter.ts';
import type { TaskBlueprint, VariantParameter, VariantRules } from '../model/task-blueprint.ts';
import { normaliseOnChildError, normaliseTaskType } from '../model/task-blueprint.ts';
import { listOf } from './list-of.ts';
import { asArray, asObject, asParameterValue, bool, name, num, str, type Obj } from './read-value.ts';

function rules(style: string, obj: Obj): VariantRules {
  const n = (key: string, fallback = 0): number => num(obj, key) ?? fallback;
  const integerify = bool(obj, 'integerify', false);
  switch (style.toLowerCase()) {
    case 'single':
      return { style: 'single', value: asParameterValue(obj['value']) ?? null };
    case 'multiple':
      return { style: 'multiple', items: asArray(obj['items']).map((v) => asParameterValue(v) ?? null) };
    case 'linear':
      return { style: 'linear', start: n('start'), end: n('end'), step: n('step', 1) };
    case 'logspace':
      // Valohai's own docs write a logspace's exponents as min/max.
      return { style: 'logspace', start: num(obj, 'start') ?? n('min'), end: num(obj, 'end') ?? n('max'), count: n('count', 1), base: n('base', 10), integerify };
    case 'random':
      return {
        style: 'random',
        min: n('min'),
        max: n('max', 1),
        count: n('count', 1),
        seed: num(obj, 'seed'),
        distribution: str(obj, 'distribution') ?? 'uniform',
        integerify,
      };
    default:
      return { style: 'other', name: style, rules: obj };
  }
}

function parseVariantParameter(value: unknown, path: YamlPath): VariantParameter | undefined {
  const obj = asObject(value);
  const paramName = obj && name(obj);
  if (!obj || paramName === undefined) return undefined;
  return { path, name: paramName, rules: rules(str(obj, 'style') ?? 'single', asObject(obj['rules']) ?? {}) };
}

export function parseTaskBlueprint(value: unknown, path: YamlPath): TaskBlueprint | undefined {
  const obj = asObject(value);
  const taskName = obj && name(obj);
  if (!obj || taskName === undefined) return undefined;
  const onChildError = str(obj, 'on-child-error');
  const parameterSets = asArray(obj['parameter-sets'])
    .map(asObject)
    .filter((row): row is Obj => row !== undefined)
    .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asParameterValue(v) ?? null])) as Record<string, ParameterValue>);
  return {
    path,
    name: taskName,
    step: name(obj, 'step') ?? '',
    type: normaliseTaskType(str(obj, 'type') ?? 'grid_search'),
    parameters: listOf(obj, 'parameters', path, parseVariantParameter),
    parameterSets,
    executionCount: num(obj, 'execution-count'),
    executionBatchSize: num(obj, 'execution-batch-size'),
    maximumQueuedExecutions: num(obj, 'maximum-queued-executions'),
    optimizationTargetMetric: str(obj, 'optimization-target-metric'),
    optimizationTargetValue: num(obj, 'optimization-target-value'),
    engine: str(obj, 'engine'),
    onChildError: onChildError === undefined ? undefined : normaliseOnChildError(onChildError),
    stopCondition: str(obj, 'stop-condition'),
    reuseChildren: bool(obj, 'reuse-children', false),
    description: str(obj, 'description'),
  };
}
