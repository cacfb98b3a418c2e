/** Semantic checks on steps, task blueprints and item names: upstream's rules, plus a few. */
import { emptyDataName, parametersIn } from '../../run/input-url.ts';
import { DOCUMENT, type Finding, type Fix, type Subject, type YamlPath } from '../diagnostic.ts';
import type { ValohaiConfig } from '../model/config.ts';
import { findByName } from '../model/config.ts';
import type { Parameter, ParameterValue } from '../model/parameter.ts';
import type { Replaced, Step } from '../model/step.ts';
import type { TaskBlueprint } from '../model/task-blueprint.ts';
import { parseExpression } from '../../expression/parse.ts';
import { lintBashisms } from './lint-bashisms.ts';
import { lintCommandPlaceholders } from './lint-command.ts';
import { lintShellParameters } from './lint-shell-parameters.ts';
import { meant, useName } from './lint-nodes.ts';
import { looksSecret } from '../../run/run-environment.ts';

export function lintDuplicateNames(config: ValohaiConfig): Finding[] {
  const findings: Finding[] = [];
  const kinds = [
    ['step', config.steps],
    ['pipeline', config.pipelines],
    ['task', config.tasks],
    ['endpoint', config.endpoints],
    ['deployment', config.deployments],
  ] as const;
  for (const [kind, items] of kinds) {
    items.forEach((item, index) => {
      // upstream keeps items in a dict by name: a later one replaces this one
      if (!items.slice(index + 1).some((later) => later.name === item.name)) return;
      findings.push({
        severity: 'warning',
        code: 'duplicate-name',
        message: `Duplicate ${kind} name: ${item.name}; Valohai uses the last ${kind} of that name, so this one is ignored (rename or remove one)`,
        path: item.path,
        // About the definition nothing uses, which has no panel: its place in the file is the subject.
        subject: DOCUMENT,
      });
    });
  }
  return findings;
}

export function checkStopCondition(expression: string | undefined, where: string, finding: Omit<Finding, 'message' | 'severity' | 'code'>): Finding[] {
  if (expression === undefined) return [];
  const parsed = parseExpression(expression);
  if (parsed.ok) return [];
  return [
    {
      ...finding,
      severity: 'error',
      code: 'stop-condition-invalid',
      message: `${where}: \`stop-condition\` is not a valid expression: ${parsed.message} (at character ${parsed.offset + 1})`,
    },
  ];
}

function typeProblem(parameter: Parameter, value: ParameterValue): string | undefined {
  if (value === null) return undefined;
  if (value instanceof Date) {
    return parameter.type === 'string' ? `default ${value.toISOString().slice(0, 10)} is read as a date, not a string: quote it` : 'default is a date';
  }
  switch (parameter.type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : `default ${String(value)} is not an integer`;
    case 'float':
      return typeof value === 'number' ? undefined : `default ${String(value)} is not a number`;
    case 'flag':
      return typeof value === 'boolean' ? undefined : `default ${String(value)} is not true or false`;
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? undefined : `default is not a string`;
  }
}

/**
 * A `multiple-separator` without `multiple: separate` joins nothing: a list given to the parameter
 * is refused. `','`, the default, is written on every parameter of a step Valohai's web app exports,
 * multiple or not: it says nothing. Another separator does say the list was meant joined, the fix
 * where `multiple` is not chosen otherwise.
 */
function separatorWithoutMultiple(step: Step, parameter: Parameter, subject: Subject): Finding[] {
  if (parameter.type === 'flag' || parameter.multipleSeparator === undefined || parameter.multipleSeparator === ',' || parameter.multiple === 'separate') return [];
  const message = `Step "${step.name}" parameter "${parameter.name}": \`multiple-separator\` has no effect without \`multiple: separate\`: a list given to this parameter (from an edge, say) is refused, not joined with "${parameter.multipleSeparator}"`;
  const fix: Fix | undefined = parameter.multiple === 'none' ? { kind: 'set-value', label: 'write multiple: separate', path: [...parameter.path, 'multiple'], value: 'separate' } : undefined;
  return [{ severity: 'warning', code: 'parameter-definition', message, path: parameter.path, subject, ...(fix ? { fix } : {}) }];
}

/** Problems with one parameter definition (warnings, as upstream has them). */
export function parameterProblems(parameter: Parameter): string[] {
  const problems: string[] = [];
  if (parameter.type === 'flag') {
    if (parameter.optionalSet) problems.push('`optional` has no effect on flag-type parameters');
    if (parameter.multipleSet) problems.push('`multiple` is not allowed on flag-type parameters');
    if (parameter.passAs !== undefined && (parameter.passTrueAs !== undefined || parameter.passFalseAs !== undefined)) {
      problems.push('`pass-as` is ignored when `pass-true-as` or `pass-false-as` is set');
    }
  } else {
    if (parameter.passTrueAs !== undefined || parameter.passFalseAs !== undefined) problems.push('`pass-true-as`/`pass-false-as` only apply to flag-type parameters');
  }
  if (parameter.default === undefined) return problems;
  const values = Array.isArray(parameter.default) ? (parameter.default as ParameterValue[]) : [parameter.default as ParameterValue];
  for (const value of values) {
    const problem = typeProblem(parameter, value);
    if (problem) {
      problems.push(problem);
      continue;
    }
    if (parameter.type === 'flag' || typeof value !== 'number') continue;
    if (parameter.min !== undefined && value < parameter.min) problems.push(`default ${value} is less than the minimum allowed (${parameter.min})`);
    if (parameter.max !== undefined && value > parameter.max) problems.push(`default ${value} is greater than the maximum allowed (${parameter.max})`);
  }
  if (parameter.type !== 'flag' && parameter.choices && values.some((v) => !parameter.choices?.some((c) => c === v))) {
    problems.push(`default ${JSON.stringify(parameter.default)} is not one of the choices`);
  }
  return problems;
}

/** Where the declaration Valohai uses of a name declared more than once is written. */
function usedOne(step: Step, item: Replaced): YamlPath | undefined {
  const kept = item.kind === 'parameter' ? step.parameters : item.kind === 'input' ? step.inputs : step.environmentVariables;
  return kept.find((declared) => declared.name === item.name)?.path;
}

function lintStep(step: Step): Finding[] {
  const subject: Subject = { kind: 'step', step: step.name };
  const findings: Finding[] = [];
  if (step.runtimeConfigPreset !== undefined && step.environment === undefined) {
    findings.push({
      severity: 'error',
      code: 'preset-without-environment',
      message: `Step "${step.name}" sets "runtime-config-preset" without "environment"; a runtime config preset needs an environment`,
      path: [...step.path, 'runtime-config-preset'],
      subject,
    });
  }
  if (step.autorestart === true && step.environment === undefined) {
    findings.push({
      severity: 'error',
      code: 'autorestart-without-environment',
      message: `Step "${step.name}" sets "autorestart: true" without "environment"; autorestart restarts an execution whose spot instance was interrupted, so it needs a spot instance environment`,
      path: [...step.path, 'autorestart'],
      subject,
    });
  }
  for (const item of step.replaced) {
    const message = `Step "${step.name}" declares ${item.kind} "${item.name}" twice; Valohai uses the last one (in this one's place), so this one is ignored`;
    // Written exactly twice: the one used goes where Valohai puts it, so the file means the same.
    // Written more often, those between the first (whose place it takes) and the last go first.
    const alike = step.replaced.filter((other) => other.kind === item.kind && other.name === item.name);
    const used = alike.length === 1 ? usedOne(step, item) : undefined;
    const fix: Fix | undefined =
      used !== undefined
        ? { kind: 'move-item', label: `keep the last ${item.kind} "${item.name}" (the one Valohai uses), here`, path: used, to: item.path }
        : alike[0] !== item
          ? { kind: 'remove-item', label: `remove this ${item.kind} "${item.name}" (a later one replaces it, and the first holds its place)`, path: item.path }
          : undefined;
    findings.push({ severity: 'warning', code: 'parameter-duplicate', message, path: item.path, subject, ...(fix ? { fix } : {}) });
  }
  for (const parameter of step.parameters) {
    for (const problem of parameterProblems(parameter)) {
      findings.push({ severity: 'warning', code: 'parameter-definition', message: `Step "${step.name}" parameter "${parameter.name}": ${problem}`, path: parameter.path, subject });
    }
    findings.push(...separatorWithoutMultiple(step, parameter, subject));
    findings.push(...relativeValohaiFolder(step, parameter, subject));
  }
  findings.push(...checkStopCondition(step.stopCondition, `Step "${step.name}"`, { path: [...step.path, 'stop-condition'], subject }));
  findings.push(...lintCommandPlaceholders(step), ...lintBashisms(step), ...lintShellParameters(step));
  for (const variable of step.environmentVariables) {
    // `${NGC_API_KEY}` as a default reads as "the shell's value", but nothing fills it in.
    const named = variable.default === undefined ? undefined : /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(variable.default.trim())?.[1];
    if (named === undefined) {
      // A token's value in the file is in git with it.
      if (variable.default !== undefined && variable.default.trim() !== '' && looksSecret(variable.name)) {
        const message = `Step "${step.name}" environment variable ${variable.name} has its value in the file, and so in git: put it in the project's .env file instead (${variable.name}=…, kept out of git), give it for a run (pipewright run --env ${variable.name}=…, or Run with…), or in Valohai's project environment variables`;
        findings.push({ severity: 'warning', code: 'environment-variable-secret', message, path: [...variable.path, 'default'], subject });
      }
      continue;
    }
    const message = `Step "${step.name}" environment variable ${variable.name}: its default ${variable.default ?? ''} is passed as written (nothing fills in \${…} in a default), and it takes the place of any ${named} already set; leave the default out to pass on the value the machine has`;
    findings.push({ severity: 'warning', code: 'environment-variable-placeholder', message, path: variable.path, subject });
  }
  const names = new Set(step.parameters.map((p) => p.name));
  for (const input of step.inputs) {
    for (const name of new Set(input.defaults.flatMap(parametersIn))) {
      if (names.has(name)) continue;
      const message = `Step "${step.name}" input "${input.name}": its default names {parameter:${name}}, which the step does not have, so it stays as written`;
      findings.push({ severity: 'warning', code: 'input-unknown-parameter', message, path: [...input.path, 'default'], subject });
    }
    findings.push(...emptyDataNames(step, input, subject));
  }
  return findings;
}

/** `default: datum://` (as a real project marks an input to give at each run): it names nothing, so it is no default. */
function emptyDataNames(step: Step, input: Step['inputs'][number], subject: Subject): Finding[] {
  return input.defaults.flatMap((value, index): Finding[] => {
    const scheme = emptyDataName(value);
    if (scheme === undefined) return [];
    const named = scheme === 'datum' ? 'datum://ALIAS or datum://ID names one' : 'dataset://NAME/VERSION names one';
    const message = `Step "${step.name}" input "${input.name}": its default ${scheme}:// names no ${scheme} (${named}), so it gives no files; an input without a default is given by each run or by an edge`;
    const one = input.defaults.length === 1;
    const at = one ? [...input.path, 'default'] : [...input.path, 'default', index];
    return [{ severity: 'warning', code: 'input-default-names-nothing', message, path: at, subject, fix: one ? { kind: 'remove-key', label: 'remove the default', path: at } : { kind: 'remove-item', label: `remove ${scheme}://`, path: at } }];
  });
}

function lintTask(task: TaskBlueprint, config: ValohaiConfig): Finding[] {
  const subject: Subject = { kind: 'task', task: task.name };
  const findings: Finding[] = [];
  const warn = (message: string, field: string): void => {
    findings.push({ severity: 'warning', code: 'task-field-ignored', message: `Task "${task.name}": ${message}`, path: [...task.path, field], subject });
  };
  if (task.parameterSets.length > 0 && task.type !== 'manual_search') warn('parameter sets only make sense with manual search', 'parameter-sets');
  if (task.type !== 'bayesian_tpe') {
    if (task.optimizationTargetMetric !== undefined) warn('optimization-target-metric only makes sense for Bayesian TPE tasks', 'optimization-target-metric');
    if (task.optimizationTargetValue !== undefined) warn('optimization-target-value only makes sense for Bayesian TPE tasks', 'optimization-target-value');
    if (task.engine !== undefined) warn('engine only makes sense for Bayesian TPE tasks', 'engine');
  }
  if (task.type === 'distributed' && !(task.executionCount !== undefined && task.executionCount > 0)) {
    findings.push({ severity: 'warning', code: 'task-distributed-count', message: `Task "${task.name}": a distributed task without execution-count has one worker (execution-count: N runs N together)`, path: [...task.path, 'type'], subject });
  }
  if (task.type === 'bayesian_tpe' && task.optimizationTargetMetric === undefined && task.parameters.length > 0) {
    findings.push({ severity: 'warning', code: 'task-bayesian-metric', message: `Task "${task.name}": a Bayesian task without optimization-target-metric has nothing to optimise: every child is a random draw (name the metadata key its children print)`, path: [...task.path, 'type'], subject });
  }
  findings.push(...checkStopCondition(task.stopCondition, `Task "${task.name}"`, { path: [...task.path, 'stop-condition'], subject }));
  if (task.step === '') return findings; // the schema reports the missing field
  const step = findByName(config.steps, task.step);
  if (!step) {
    findings.push({
      severity: 'error',
      code: 'task-unknown-step',
      message: `Task "${task.name}" runs step "${task.step}", which this file does not define${meant(task.step, config.steps.map((s) => s.name))}`,
      path: [...task.path, 'step'],
      subject,
      ...useName(task.step, config.steps.map((s) => s.name), [...task.path, 'step'], 'step'),
    });
    return findings;
  }
  for (const variant of task.parameters) {
    if (!step.parameters.some((p) => p.name === variant.name)) {
      findings.push({
        severity: 'warning',
        code: 'task-unknown-parameter',
        message: `Task "${task.name}" varies parameter "${variant.name}", which step "${step.name}" does not declare`,
        path: variant.path,
        subject,
      });
    }
  }
  return findings;
}

export function lintSteps(config: ValohaiConfig): Finding[] {
  return [...config.steps.flatMap(lintStep), ...config.tasks.flatMap((task) => lintTask(task, config))];
}

/**
 * A default written `valohai/outputs/model` (no leading `/`): read from the working folder, the
 * repository, so what is written there is not an output and what is read there is not an input.
 */
function relativeValohaiFolder(step: Step, parameter: Step['parameters'][number], subject: Subject): Finding[] {
  const value = parameter.default;
  if (typeof value !== 'string') return [];
  const found = /^(?:\.\/)?(valohai\/(inputs|outputs|config)(?:\/.*)?)$/.exec(value.trim());
  if (!found) return [];
  const meant = `/${found[1] ?? ''}`;
  const message = `Step "${step.name}" parameter "${parameter.name}": its default ${value} is a path from the working folder (the repository's), not /valohai/${found[2] ?? ''}, so ${found[2] === 'outputs' ? 'what is written there is not kept as an output' : 'nothing is there'} (did you mean ${meant}?)`;
  return [{ severity: 'warning', code: 'parameter-relative-valohai-folder', message, path: [...parameter.path, 'default'], subject, fix: { kind: 'set-value', label: `use ${meant}`, path: [...parameter.path, 'default'], value: meant } }];
}
