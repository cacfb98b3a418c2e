/**
 * What `run`, `plan` and `export` run: `--pipeline NAME`, one step alone (`--step NAME`, as
 * `vh exec run STEP`), one top-level task alone (`--task NAME`), or, when none is given, the
 * file's only pipeline (or, in a file of steps and no pipeline, its only step). `--input NAME=URL`
 * gives a step or task run alone its input's files.
 */
import { join } from 'node:path';
import type { PlanOptions } from '../../shared/run/plan.ts';
import { stepNodeName, stepRunName, taskRunName } from '../../shared/run/step-run.ts';
import { inEffect } from '../../shared/valohai/model/config.ts';
import { saidErrors, unreadableErrors } from '../../shared/valohai/diagnostic.ts';
import { importProjectFile, readProjectFile } from './read-project.ts';
import { parseParams } from './run-args.ts';
import { parseEnvFlags } from '../../shared/run/run-environment.ts';

export interface TargetFlags {
  readonly pipeline: string | undefined;
  readonly step: string | undefined;
  readonly task: string | undefined;
  /** `--input NAME=URL`, only with a step or task run alone. */
  readonly inputs: readonly string[];
}

/** Why there is nothing to run: the flags (a usage error), or a file that cannot be read (its errors, located). */
export type Refused = { readonly ok: false; readonly message: string; readonly why: 'usage' | 'file' };

/** `alone`: the step or task run alone (its node is named after it), for its `--input`. */
export type Target = { readonly ok: true; readonly name: string; readonly alone: string | undefined } | Refused;

const usage = (message: string): Refused => ({ ok: false, message, why: 'usage' });

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

export function chooseTarget(flags: TargetFlags, projectDir: string): Target {
  const target = namedTarget(flags, projectDir);
  // --input goes with a step or task run alone, named or the file's only step.
  if (target.ok && target.alone === undefined && flags.inputs.length > 0) return usage('--input NAME=URL is for a step or task run alone (--step NAME, --task NAME); a pipeline node takes --node-input NODE.INPUT=URL');
  return target;
}

function namedTarget(flags: TargetFlags, projectDir: string): Target {
  const given = [flags.pipeline !== undefined && '--pipeline NAME', flags.step !== undefined && '--step NAME', flags.task !== undefined && '--task NAME'].filter((f) => f !== false);
  if (given.length > 1) return usage(`give ${given.join(' or ')}, not ${given.length > 2 ? 'more than one' : 'both'}`);
  if (flags.pipeline !== undefined) return { ok: true, name: flags.pipeline, alone: undefined };
  if (flags.step !== undefined) return { ok: true, name: stepRunName(flags.step), alone: flags.step };
  if (flags.task !== undefined) return { ok: true, name: taskRunName(flags.task), alone: flags.task };
  const file = readProjectFile(join(projectDir, 'valohai.yaml'));
  if (!file.ok) return usage(file.message);
  const imported = importProjectFile(file);
  const unread = unreadableErrors(imported.diagnostics);
  // Nothing in a file that is not read can be named: what to fix comes before what to name.
  if (!imported.config || unread.length > 0) return { ok: false, message: saidErrors('valohai.yaml cannot be read; fix it first:', 'valohai.yaml', unread.length > 0 ? unread : imported.diagnostics), why: 'file' };
  const config = inEffect(imported.config);
  const broken = imported.diagnostics.some((d) => d.severity === 'error') ? ' (valohai.yaml has errors, which may hide some: pipewright validate lists them)' : '';
  const pipelines = config.pipelines.map((p) => p.name);
  const steps = config.steps.map((s) => s.name);
  const [onlyPipeline] = pipelines;
  if (pipelines.length === 1 && onlyPipeline !== undefined) return { ok: true, name: onlyPipeline, alone: undefined };
  if (pipelines.length > 1) return usage(`--pipeline NAME is required: valohai.yaml has ${pipelines.length} pipelines (${quoted(pipelines)}); or run one step alone with --step NAME${broken}`);
  const [onlyStep] = steps;
  if (steps.length === 1 && onlyStep !== undefined) return { ok: true, name: stepRunName(onlyStep), alone: onlyStep };
  const tasks = config.tasks.length > 0 ? `, or one of its tasks (${quoted(config.tasks.map((t) => t.name))}) with --task NAME` : '';
  if (steps.length > 1) return usage(`--step NAME is required: valohai.yaml defines no pipeline; run one of its steps alone (${quoted(steps)}) with --step NAME${tasks}${broken}`);
  const endpoints = config.endpoints.length > 0 ? ` (its endpoints are deployed on Valohai; none runs here)` : '';
  return usage(`--pipeline NAME is required, and valohai.yaml defines no pipeline and no step${endpoints}${broken}`);
}

/** `--node-input` flags with a step or task run's `--input NAME=URL` added as its node's; a message for a malformed one. */
export function withStepInputs(target: Extract<Target, { ok: true }>, flags: TargetFlags, nodeInputs: readonly string[]): readonly string[] | { readonly message: string } {
  if (target.alone === undefined) return nodeInputs;
  const node = stepNodeName(target.alone);
  const bad = flags.inputs.find((text) => text.indexOf('=') <= 0);
  if (bad !== undefined) return { message: `--input takes NAME=URL (got "${bad}")` };
  return [...nodeInputs, ...flags.inputs.map((text) => `${node}.${text}`)];
}

export interface RunArgs extends TargetFlags {
  readonly params: readonly string[];
  readonly nodeParams: readonly string[];
  readonly nodeInputs: readonly string[];
  /** `--env NAME=VALUE`: this run's environment variables. */
  readonly env: readonly string[];
}

/** The run's name (a pipeline's, or `step:NAME`) and its plan options, or what is wrong with the flags. */
export function runTarget(args: RunArgs, projectDir: string, cwd: string): { readonly ok: true; readonly name: string; readonly options: PlanOptions } | Refused {
  const target = chooseTarget(args, projectDir);
  if (!target.ok) return target;
  const nodeInputs = withStepInputs(target, args, args.nodeInputs);
  if ('message' in nodeInputs) return usage(nodeInputs.message);
  const parsed = parseParams(args.params, args.nodeParams, nodeInputs, { cwd, projectDir });
  if (!parsed.ok) return usage(parsed.message);
  const env = parseEnvFlags(args.env);
  if (!env.ok) return usage(env.message);
  return { ok: true, name: target.name, options: Object.keys(env.values).length > 0 ? { ...parsed.options, environmentValues: env.values } : parsed.options };
}
