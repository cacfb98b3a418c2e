/**
 * Creating and editing steps from the UI: a new step, its plain keys (image, command), and its
 * parameters and inputs. Text → text by source splicing, like every edit.
 */
import { findByName } from '../model/config.ts';
import type { ScriptInput, ScriptParameter } from '../script/script-outline.ts';
import type { ScriptEnvironment } from '../script/environment-read.ts';
import type { ParameterType, ParameterValue } from '../model/parameter.ts';
import { andThen, appendItem, appendOrMakeList, asFileLines, removeItem, removeKey, setKey, type EditResult } from './yaml-splice.ts';
import { readPlace, stepIn, valueAt } from './find.ts';
import { renderItem } from './render.ts';
import { ENV_NAME } from '../../run/run-environment.ts';

const STEP_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;
/** A parameter's or input's name; dots between words too (a Hydra config's `optimizer.lr`: edges split a port on its first two dots only). */
const ITEM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const ITEM_NAME_RULE = 'start with a letter, then letters, digits, "_" or "-", with dots between words';

export interface NewStep {
  readonly name: string;
  readonly image: string;
  readonly command: string;
  /** Its parameters, inputs and environment variables as its script declares them (script-outline.ts), or none. */
  readonly parameters?: readonly ScriptParameter[];
  readonly inputs?: readonly ScriptInput[];
  readonly environment?: readonly ScriptEnvironment[];
}

/** Appends `- step: {name, image, command, parameters, inputs}` to the file. */
export function addStep(text: string, step: NewStep): EditResult {
  const place = readPlace(text);
  if (!place.ok) return place;
  if (!STEP_NAME.test(step.name)) return { ok: false, message: `"${step.name}" is not a usable step name` };
  if (findByName(place.value.config.steps, step.name)) return { ok: false, message: `there is already a step "${step.name}"` };
  if (step.command.trim() === '') return { ok: false, message: 'a step needs a command' };
  const named = [...(step.parameters ?? []), ...(step.inputs ?? [])].find((p) => !ITEM_NAME.test(p.name));
  if (named) return { ok: false, message: `"${named.name}" is not a usable name: ${ITEM_NAME_RULE}` };
  const item = {
    step: {
      name: step.name,
      ...(step.image.trim() ? { image: step.image.trim() } : {}),
      command: step.command,
      ...(step.parameters && step.parameters.length > 0 ? { parameters: step.parameters } : {}),
      ...(step.inputs && step.inputs.length > 0 ? { inputs: step.inputs } : {}),
      ...(step.environment && step.environment.length > 0 ? { 'environment-variables': step.environment } : {}),
    },
  };
  // A new (or empty, or comments-only) file: the step is its first item, after what is there.
  if (place.value.data === null) return { ok: true, text: `${text}${asFileLines(text, `${text === '' || text.endsWith('\n') ? '' : '\n'}- ${renderItem(item, 2, { indentSeq: true }, false)}\n`)}` };
  if (!Array.isArray(place.value.data) || place.value.data.length === 0) return { ok: false, message: 'the file is not a list of steps and pipelines' };
  return appendItem(text, [], item);
}

export type StepKey = 'image' | 'command' | 'description' | 'time-limit' | 'no-output-timeout' | 'stop-condition';

/** Sets a plain key of a step; `undefined` (or an empty string) removes it. */
export function setStepKey(text: string, stepName: string, key: StepKey, value: string | number | readonly string[] | undefined): EditResult {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const { step } = found.value;
  if (key === 'command' && (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))) return { ok: false, message: 'a step needs a command' };
  if (value === undefined || value === '') return removeKey(text, step.path, key);
  return setKey(text, step.path, key, value);
}

export interface NewParameter {
  readonly name: string;
  readonly type: ParameterType;
  readonly default?: ParameterValue;
}

type StepList = 'parameters' | 'inputs' | 'environment-variables';
const SAID: Readonly<Record<StepList, string>> = { parameters: 'a parameter', inputs: 'an input', 'environment-variables': 'an environment variable' };

function listEdit(text: string, stepName: string, list: StepList, item: Record<string, unknown>): EditResult {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const { step } = found.value;
  const name = item['name'] as string;
  if (!ITEM_NAME.test(name)) return { ok: false, message: `"${name}" is not a usable name: ${ITEM_NAME_RULE}` };
  const existing = list === 'parameters' ? step.parameters : list === 'inputs' ? step.inputs : step.environmentVariables;
  if (existing.some((p) => p.name === name)) return { ok: false, message: `step "${stepName}" already has ${SAID[list]} "${name}"` };
  return appendOrMakeList(text, [...step.path, list], item);
}

export function addStepParameter(text: string, stepName: string, parameter: NewParameter): EditResult {
  return listEdit(text, stepName, 'parameters', { name: parameter.name, type: parameter.type, ...(parameter.default !== undefined ? { default: parameter.default } : {}) });
}

export function addStepInput(text: string, stepName: string, input: { readonly name: string; readonly default?: string }): EditResult {
  return listEdit(text, stepName, 'inputs', { name: input.name, ...(input.default ? { default: input.default } : {}) });
}

/** Adds an environment variable to a step, with a default when one is given. */
export function addStepEnvironmentVariable(text: string, stepName: string, variable: { readonly name: string; readonly default?: string }): EditResult {
  if (!ENV_NAME.test(variable.name)) return { ok: false, message: `"${variable.name}" is not a usable environment variable name: letters, digits and _, not starting with a digit` };
  return listEdit(text, stepName, 'environment-variables', { name: variable.name, ...(variable.default !== undefined && variable.default !== '' ? { default: variable.default } : {}) });
}

/** Sets a step's environment variable's default; `undefined` removes it (the shell's value, if any, is then what a run here gets). */
export function setEnvironmentVariableDefault(text: string, stepName: string, name: string, value: string | undefined): EditResult {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const { step } = found.value;
  const variable = step.environmentVariables.find((v) => v.name === name);
  if (!variable) return { ok: false, message: `step "${stepName}" has no environment variable "${name}"` };
  return value === undefined ? removeKey(text, variable.path, 'default') : setKey(text, variable.path, 'default', value);
}


/** Adds what a step's script declares and the step lacks (script-outline.ts): its parameters, then its inputs, then its environment variables. */
export function addScriptItems(text: string, stepName: string, items: { readonly parameters: readonly ScriptParameter[]; readonly inputs: readonly ScriptInput[]; readonly environment?: readonly ScriptEnvironment[] }): EditResult {
  let result: EditResult = { ok: true, text };
  for (const parameter of items.parameters) result = andThen(result, (t) => listEdit(t, stepName, 'parameters', { ...parameter }));
  for (const input of items.inputs) result = andThen(result, (t) => listEdit(t, stepName, 'inputs', { ...input }));
  for (const variable of items.environment ?? []) result = andThen(result, (t) => listEdit(t, stepName, 'environment-variables', { ...variable }));
  return result;
}

/** Removes a parameter, input or environment variable of a step; the last one takes its key with it. */
export function removeStepItem(text: string, stepName: string, list: StepList, name: string): EditResult {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const { step } = found.value;
  const items = list === 'parameters' ? step.parameters : list === 'inputs' ? step.inputs : step.environmentVariables;
  const index = items.findIndex((p) => p.name === name);
  if (index < 0) return { ok: false, message: `step "${stepName}" has no ${SAID[list].replace(/^an? /, '')} "${name}"` };
  if (items.length === 1) return removeKey(text, step.path, list);
  return removeItem(text, [...step.path, list], index);
}

/** Renames a step and every node and task blueprint that runs it, in every pipeline. */
export function renameStep(text: string, from: string, to: string): EditResult {
  const name = to.trim();
  if (name === from) return { ok: true, text };
  const place = readPlace(text);
  if (!place.ok) return place;
  const { config } = place.value;
  const step = findByName(config.steps, from);
  if (!step) return { ok: false, message: `no step named "${from}"` };
  if (!STEP_NAME.test(name)) return { ok: false, message: `"${to}" is not a usable step name` };
  if (findByName(config.steps, name)) return { ok: false, message: `there is already a step "${name}"` };
  let current = setKey(text, step.path, 'name', name);
  for (const pipeline of config.pipelines) {
    for (const node of pipeline.nodes) {
      const runs = node.type === 'execution' ? node.step === from : node.type === 'task' && (node.source.kind === 'step' || node.source.kind === 'both') && node.source.step === from;
      if (runs) current = andThen(current, (t) => setKey(t, node.path, 'step', name));
    }
  }
  for (const blueprint of config.tasks) if (blueprint.step === from) current = andThen(current, (t) => setKey(t, blueprint.path, 'step', name));
  return current;
}

/**
 * Sets the least cores and memory (MB) the step asks for (`resources.cpu.min`, `resources.memory.min`),
 * keeping the rest of its resources; a maximum below the new minimum is raised to it.
 */
export function setStepRequests(text: string, stepName: string, requests: { readonly cpu: number; readonly memoryMb: number }): EditResult {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const { step } = found.value;
  if (!(requests.cpu > 0) || !(requests.memoryMb > 0)) return { ok: false, message: 'cores and memory asked for are above 0' };
  const current = valueAt(found.value.data, [...step.path, 'resources']);
  const resources = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  const range = (key: string, min: number): Record<string, unknown> => {
    const was = resources[key] !== null && typeof resources[key] === 'object' ? (resources[key] as Record<string, unknown>) : {};
    const max = typeof was['max'] === 'number' ? Math.max(was['max'], min) : undefined;
    return { ...was, min, ...(max !== undefined ? { max } : {}) };
  };
  return setKey(text, step.path, 'resources', { ...resources, cpu: range('cpu', requests.cpu), memory: range('memory', Math.round(requests.memoryMb)) });
}

/** A step's input, read from the file as it is now. */
function stepInput(text: string, stepName: string, inputName: string) {
  const found = stepIn(text, stepName);
  if (!found.ok) return found;
  const input = found.value.step.inputs.find((i) => i.name === inputName);
  return input ? { ok: true as const, input } : { ok: false as const, message: `step "${stepName}" has no input "${inputName}"` };
}

/** Sets an input's defaults: none removes the key, one is written as a text, more as a list. */
export function setInputDefaults(text: string, stepName: string, inputName: string, urls: readonly string[]): EditResult {
  const found = stepInput(text, stepName, inputName);
  if (!found.ok) return found;
  const given = urls.map((u) => u.trim()).filter((u) => u !== '');
  if (given.length === 0) return found.input.defaultSet ? removeKey(text, found.input.path, 'default') : { ok: true, text };
  return setKey(text, found.input.path, 'default', given.length === 1 ? given[0] : given);
}

/** Marks an input optional (a run may give it no files), or takes the mark away. */
export function setInputOptional(text: string, stepName: string, inputName: string, optional: boolean): EditResult {
  const found = stepInput(text, stepName, inputName);
  if (!found.ok) return found;
  return optional ? setKey(text, found.input.path, 'optional', true) : removeKey(text, found.input.path, 'optional');
}
