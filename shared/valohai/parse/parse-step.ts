import type { YamlPath } from '../diagnostic.ts';
import type { Override, Step } from '../model/step.ts';
import { parseDuration } from './duration.ts';
import { parseEnvironmentVariable, parseInput, parseMount, parseOutput, parseResources } from './parse-input.ts';
import { parseParameter } from './parse-parameter.ts';
import { listOf } from './list-of.ts';
import { asObject, has, name, optionalBool, str, strList } from './read-value.ts';

export function parseStep(value: unknown, path: YamlPath): Step | undefined {
  const obj = asObject(value);
  const stepName = obj && name(obj);
  if (!obj || stepName === undefined) return undefined;
  return {
    path,
    name: stepName,
    image: str(obj, 'image'),
    command: strList(obj['command']),
    parameters: listOf(obj, 'parameters', path, parseParameter),
    inputs: listOf(obj, 'inputs', path, parseInput),
    outputs: listOf(obj, 'outputs', path, parseOutput),
    environmentVariables: listOf(obj, 'environment-variables', path, parseEnvironmentVariable),
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
  };
}

export function parseOverride(value: unknown, path: YamlPath): Override | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  return {
    path,
    image: str(obj, 'image'),
    command: has(obj, 'command') ? strList(obj['command']) : undefined,
    parameters: listOf(obj, 'parameters', path, parseParameter),
    inputs: listOf(obj, 'inputs', path, parseInput),
    environmentVariables: listOf(obj, 'environment-variables', path, parseEnvironmentVariable),
    mounts: has(obj, 'mounts') ? listOf(obj, 'mounts', path, parseMount) : undefined,
    environment: str(obj, 'environment'),
    autorestart: optionalBool(obj, 'autorestart'),
    runtimeConfigPreset: str(obj, 'runtime-config-preset'),
  };
}
