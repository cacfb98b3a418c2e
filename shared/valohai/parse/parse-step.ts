import type { YamlPath } from '../diagnostic.ts';
import type { Override, Replaced, Step } from '../model/step.ts';
import { parseDuration } from './duration.ts';
import { parseEnvironmentVariable, parseInput, parseMount, parseOutput, parseResources } from './parse-input.ts';
import { parseParameter } from './parse-parameter.ts';
import { listOf } from './list-of.ts';
import { lastOfEachName } from '../model/config.ts';
import { asObject, has, name, optionalBool, str, strList } from './read-value.ts';

export function parseStep(value: unknown, path: YamlPath): Step | undefined {
  const obj = asObject(value);
  const stepName = obj && name(obj);
  if (!obj || stepName === undefined) return undefined;
  const parameters = lastOfEachName(listOf(obj, 'parameters', path, parseParameter));
  const inputs = lastOfEachName(listOf(obj, 'inputs', path, parseInput));
  const variables = lastOfEachName(listOf(obj, 'environment-variables', path, parseEnvironmentVariable));
  const replaced = (kind: Replaced['kind'], items: readonly { readonly name: string; readonly path: YamlPath }[]): Replaced[] =>
    items.map((item) => ({ kind, name: item.name, path: item.path }));
  return {
    path,
    name: stepName,
    image: str(obj, 'image'),
    command: strList(obj['command']),
    parameters: parameters.kept,
    inputs: inputs.kept,
    outputs: listOf(obj, 'outputs', path, parseOutput),
    environmentVariables: variables.kept,
    environmentVariableGroups: strList(obj['environment-variable-groups']),
    mounts: listOf(obj, 'mounts', path, parseMount),
    cacheVolumes: strList(obj['cache-volumes']),
    resources: parseResources(obj['resources']),
    environment: str(obj, 'environment'),
    autorestart: optionalBool(obj, 'autorestart'),
    runtimeConfigPreset: str(obj, 'runtime-config-preset'),
    timeLimit: parseDuration(obj['time-limit']),
    noOutputTimeout: parseDuration(obj['no-output-timeout']),
    description: str(obj, 'description'),
    icon: str(obj, 'icon'),
    category: str(obj, 'category'),
    sourcePath: str(obj, 'source-path'),
    stopCondition: str(obj, 'stop-condition'),
    uploadStore: str(obj, 'upload-store'),
    replaced: [...replaced('parameter', parameters.replaced), ...replaced('input', inputs.replaced), ...replaced('environment variable', variables.replaced)],
  };
}

export function parseOverride(value: unknown, path: YamlPath): Override | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  return {
    path,
    image: str(obj, 'image'),
    command: has(obj, 'command') ? strList(obj['command']) : undefined,
    parameters: lastOfEachName(listOf(obj, 'parameters', path, parseParameter)).kept,
    inputs: lastOfEachName(listOf(obj, 'inputs', path, parseInput)).kept,
    environmentVariables: lastOfEachName(listOf(obj, 'environment-variables', path, parseEnvironmentVariable)).kept,
    mounts: has(obj, 'mounts') ? listOf(obj, 'mounts', path, parseMount) : undefined,
    environment: str(obj, 'environment'),
    autorestart: optionalBool(obj, 'autorestart'),
    runtimeConfigPreset: str(obj, 'runtime-config-preset'),
  };
}
