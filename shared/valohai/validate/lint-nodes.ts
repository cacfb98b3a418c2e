/** Semantic checks on pipeline nodes: references, overrides, actions. */
import type { Finding, Fix, Subject, YamlPath } from '../diagnostic.ts';
import { parseExpression } from '../../expression/parse.ts';
import { ACTION_THENS, ACTION_WHENS } from '../model/action.ts';
import type { ValohaiConfig } from '../model/config.ts';
import { findByName } from '../model/config.ts';
import type { PipelineNode } from '../model/nodes/node.ts';
import type { Pipeline } from '../model/pipeline.ts';
import type { Override, Step } from '../model/step.ts';
import { stepOfNode } from '../../graph/ports.ts';
import { nearestName } from '../../nearest-name.ts';

/** The name that exists which `given` is a slip of (a letter or two, case, `-`/`_`/space), if any. */
export function meantName(given: string, names: readonly string[]): string | undefined {
  return nearestName(given, names) ?? names.find((n) => n.toLowerCase().replace(/[-_ ]/g, '') === given.toLowerCase().replace(/[-_ ]/g, '')) ?? sameStem(given, names);
}

/**
 * `Preprocess dataset (MNIST)` for `Preprocess dataset (Horses Vs. Humans)`: names that differ only
 * in what their parentheses say, where one name alone has that stem (a step copied from another
 * project, its dataset renamed).
 */
function sameStem(given: string, names: readonly string[]): string | undefined {
  const stem = (name: string): string | undefined => /^(.*\S)\s*\([^()]*\)$/.exec(name.trim())?.[1]?.toLowerCase();
  const wanted = stem(given);
  if (wanted === undefined) return undefined;
  const alike = names.filter((n) => stem(n) === wanted);
  return alike.length === 1 ? alike[0] : undefined;
}

/** ` (did you mean "x"?)` when a name is a slip of one that exists. */
export function meant(given: string, names: readonly string[]): string {
  const near = meantName(given, names);
  return near === undefined ? '' : ` (did you mean "${near}"?)`;
}

/** The finding's fix where `given` is a slip of one of `names`: the value at `path` set to that one. */
export function useName(given: string, names: readonly string[], path: YamlPath, what: string): { fix: Fix } | Record<string, never> {
  const near = meantName(given, names);
  return near === undefined ? {} : { fix: { kind: 'set-value', label: `use ${what} "${near}"`, path, value: near } };
}

function lintOverride(override: Override, step: Step, prefix: string, subject: Subject): Finding[] {
  const findings: Finding[] = [];
  for (const input of override.inputs) {
    if (!step.inputs.some((i) => i.name === input.name)) {
      findings.push({ severity: 'error', code: 'override-unknown-input', message: `${prefix}: input ${input.name} does not exist in step${meant(input.name, step.inputs.map((i) => i.name))}`, path: input.path, subject, field: `override.inputs.${input.name}`, ...useName(input.name, step.inputs.map((i) => i.name), [...input.path, 'name'], 'input') });
    }
  }
  for (const parameter of override.parameters) {
    if (!step.parameters.some((p) => p.name === parameter.name)) {
      findings.push({ severity: 'error', code: 'override-unknown-parameter', message: `${prefix}: parameter ${parameter.name} does not exist in step${meant(parameter.name, step.parameters.map((p) => p.name))}`, path: parameter.path, subject, field: `override.parameters.${parameter.name}`, ...useName(parameter.name, step.parameters.map((p) => p.name), [...parameter.path, 'name'], 'parameter') });
    }
  }
  return findings;
}

function lintReferences(node: PipelineNode, config: ValohaiConfig, prefix: string, subject: Subject): Finding[] {
  if (node.type === 'deployment') {
    return node.endpoints
      .filter((name) => !findByName(config.endpoints, name))
      .map((name) => ({
        severity: 'warning' as const,
        code: 'deployment-unknown-endpoint',
        message: `${prefix}: endpoint "${name}" is not defined in this file`,
        path: [...node.path, 'endpoints'],
        subject,
      }));
  }
  if (node.commit !== undefined) return []; // the step lives in another commit or a library
  const findings: Finding[] = [];
  if (node.type === 'task' && (node.source.kind === 'blueprint' || node.source.kind === 'both')) {
    if (!findByName(config.tasks, node.source.task)) {
      findings.push({ severity: 'error', code: 'node-unknown-task', message: `${prefix} task "${node.source.task}" does not exist${meant(node.source.task, config.tasks.map((t) => t.name))}`, path: [...node.path, 'task'], subject, ...useName(node.source.task, config.tasks.map((t) => t.name), [...node.path, 'task'], 'task') });
      return findings;
    }
  }
  const stepName = node.type === 'execution' ? node.step : node.source.kind === 'step' || node.source.kind === 'both' ? node.source.step : undefined;
  if (stepName !== undefined && !findByName(config.steps, stepName)) {
    const steps = config.steps.map((t) => t.name);
    const listed = meant(stepName, steps) || ` (this file's steps: ${steps.length === 0 ? 'none' : steps.slice(0, 12).map((n) => `"${n}"`).join(', ') + (steps.length > 12 ? ', …' : '')})`;
    findings.push({ severity: 'error', code: 'node-unknown-step', message: `${prefix} step "${stepName}" does not exist${listed}`, path: [...node.path, 'step'], subject, ...useName(stepName, config.steps.map((t) => t.name), [...node.path, 'step'], 'step') });
    return findings;
  }
  const step = stepOfNode(config, node);
  const override = node.override;
  if (step && override) {
    findings.push(...lintOverride(override, step, `${prefix} step "${step.name}"`, subject));
    // Upstream requires the environment in the same override, even when the step has one.
    if (override.runtimeConfigPreset !== undefined && override.environment === undefined) {
      findings.push({
        severity: 'error',
        code: 'preset-without-environment',
        message: `${prefix} step "${step.name}": missing "environment". When specifying a runtime config preset, you must also specify an environment`,
        path: [...override.path, 'runtime-config-preset'],
        subject,
      });
    }
    // (Unlike a preset, autorestart takes the step's environment: upstream's own example relies on it.)
    if (override.autorestart === true && (override.environment ?? step.environment) === undefined) {
      findings.push({
        severity: 'error',
        code: 'autorestart-without-environment',
        message: `${prefix} step "${step.name}": missing "environment". autorestart restarts an execution whose spot instance was interrupted, so the override or the step must name a spot instance environment`,
        path: [...override.path, 'autorestart'],
        subject,
      });
    }
  }
  return findings;
}

function lintActions(node: PipelineNode, prefix: string, subject: Subject): Finding[] {
  const findings: Finding[] = [];
  for (const action of node.actions) {
    for (const when of action.when) {
      if (!(ACTION_WHENS as readonly string[]).includes(when)) {
        findings.push({ severity: 'warning', code: 'action-unknown-when', message: `${prefix}: unknown action \`when\` "${when}" (known: ${ACTION_WHENS.join(', ')})`, path: [...action.path, 'when'], subject });
      }
    }
    for (const then of action.then) {
      if (!(ACTION_THENS as readonly string[]).includes(then)) {
        findings.push({ severity: 'warning', code: 'action-unknown-then', message: `${prefix}: unknown action \`then\` "${then}" (known: ${ACTION_THENS.join(', ')})`, path: [...action.path, 'then'], subject });
      }
    }
    for (const condition of action.if) {
      const parsed = parseExpression(condition);
      if (!parsed.ok) {
        findings.push({ severity: 'error', code: 'action-if-invalid', message: `${prefix}: condition "${condition}" is not a valid expression: ${parsed.message}`, path: [...action.path, 'if'], subject });
      }
    }
  }
  return findings;
}

export function lintNodes(pipeline: Pipeline, config: ValohaiConfig): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const node of pipeline.nodes) {
    const subject: Subject = { kind: 'node', pipeline: pipeline.name, node: node.name };
    const prefix = `Pipeline "${pipeline.name}" node "${node.name}"`;
    if (seen.has(node.name)) {
      findings.push({ severity: 'error', code: 'node-duplicate', message: `${prefix}: another node already has this name`, path: [...node.path, 'name'], subject });
    }
    seen.add(node.name);
    findings.push(...lintReferences(node, config, prefix, subject), ...lintActions(node, prefix, subject));
  }
  return findings;
}
