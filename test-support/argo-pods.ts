/**
 * An exported Argo workflow run for real without Kubernetes: each DAG task in order, as Argo would
 * run it: its `when` decided from the output parameters of the tasks before it, the task's
 * parameters substituted into its container's script, its artifacts placed (the code, upstream
 * outputs, bucket folders), `/valohai` and `/pipewright` moved under a folder per pod.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertArgoWorkflow } from './argo-schema.ts';
import { expect } from 'vitest';
import { cli } from './runner.ts';

export interface Task {
  name: string;
  template: string;
  dependencies?: string[];
  when?: string;
  continueOn?: { failed?: boolean };
  arguments?: { parameters?: { name: string; value: string }[]; artifacts?: { name: string; from: string }[] };
}
export interface Template {
  name: string;
  suspend?: object;
  inputs?: { artifacts?: { name: string; path: string; git?: object; s3?: { bucket: string; key: string } }[] };
  outputs?: { artifacts?: { name: string; path: string }[]; parameters?: { name: string; valueFrom: { path: string } }[] };
  container?: { command: string[]; args?: string[]; env?: { name: string; value: string }[]; image: string; resources?: object };
}
export interface Exported {
  workflow: { spec: { templates: Template[]; arguments: { parameters: { name: string; value: string }[] } } };
  warnings: string[];
}

/**
 * Each pod's root folder by task name; the tasks their `when` skipped; the pod that failed the
 * workflow; the pods that failed with `continueOn: {failed: true}`, the workflow going on.
 */
export type Pods = Map<string, string> & { readonly skipped: ReadonlySet<string>; readonly failed: string | undefined; readonly failedOn: ReadonlySet<string> };

const REFERENCE = /\{\{tasks\.([\w-]+)\.(?:outputs\.(?:artifacts|parameters)\.[\w-]+|status)\}\}/g;

/** Argo's `when` as the export writes it: `'A' == 'B'` and `'A' != 'B'` joined by `&&`. */
function holds(when: string): boolean {
  return when.split(' && ').every((part) => {
    const compared = /^'([^']*)' (==|!=) '([^']*)'$/.exec(part.trim());
    expect(compared, `a when Argo's govaluate reads: ${part}`).not.toBeNull();
    const [, left, op, right] = compared as RegExpExecArray;
    return op === '==' ? left === right : left !== right;
  });
}

/**
 * Runs every pod of the workflow's DAG in order, stopping at a failed one (as Argo starts no new
 * task then) when `mayFail`, else failing the test; a task with `continueOn: {failed: true}` may
 * fail, the workflow going on (its `{{tasks.X.status}}` is then `Failed`). `buckets`: a folder per S3 bucket; an s3
 * artifact gets its key from there, a file or a folder with all under it, as Argo fetches a key
 * that is a folder.
 */
export function runPods(exported: Exported, code: string, buckets: Record<string, string> = {}, mayFail = false): Pods {
  const templates = new Map(exported.workflow.spec.templates.map((t) => [t.name, t]));
  const dag = templates.get('pipeline') as Template & { dag: { tasks: Task[] } };
  const scratch = mkdtempSync(join(tmpdir(), 'pipewright-pods-'));
  const roots = new Map<string, string>();
  const ancestors = new Map<string, Set<string>>();
  const outputs = new Map<string, string>();
  const skipped = new Set<string>();
  const failedOn = new Set<string>();
  let failed: string | undefined;
  for (const task of dag.dag.tasks) {
    for (const dependency of task.dependencies ?? []) expect(roots.has(dependency), `${task.name} runs after ${dependency}`).toBe(true);
    const mine = new Set((task.dependencies ?? []).flatMap((d) => [d, ...(ancestors.get(d) ?? [])]));
    ancestors.set(task.name, mine);
    // Argo resolves {{tasks.X…}} only from the task's ancestors.
    for (const [, referenced] of JSON.stringify(task).matchAll(REFERENCE)) expect(mine.has(referenced as string), `${task.name} takes from ${referenced}, one of its ancestors`).toBe(true);
    const template = templates.get(task.template) as Template;
    const root = join(scratch, task.name);
    mkdirSync(root);
    roots.set(task.name, root);
    // An output parameter of a task before, as Argo substitutes it.
    const resolved = (text: string): string =>
      text
        .replace(/\{\{tasks\.([\w-]+)\.outputs\.parameters\.([\w-]+)\}\}/g, (_, t: string, p: string) => outputs.get(`${t}.${p}`) ?? `(no ${t}.${p})`)
        .replace(/\{\{tasks\.([\w-]+)\.status\}\}/g, (_, t: string) => (skipped.has(t) ? 'Skipped' : failedOn.has(t) ? 'Failed' : 'Succeeded'));
    if (task.when !== undefined && !holds(resolved(task.when))) {
      skipped.add(task.name);
      continue;
    }
    if (template.suspend) continue; // an approval: `argo resume` lets it pass
    const moved = (text: string): string => text.replaceAll('/valohai', `${root}/valohai`).replaceAll('/pipewright/', `${root}/pipewright/`);
    const given = new Map((task.arguments?.parameters ?? []).map((p) => [p.name, resolved(p.value)]));
    for (const artifact of template.inputs?.artifacts ?? []) {
      const target = moved(artifact.path);
      if (artifact.git) cpSync(code, target, { recursive: true, filter: (src) => !src.includes('.git') });
      const bucket = artifact.s3 ? buckets[artifact.s3.bucket] : undefined;
      if (artifact.s3 && bucket) cpSync(join(bucket, artifact.s3.key), target, { recursive: true });
      const from = task.arguments?.artifacts?.find((a) => a.name === artifact.name)?.from;
      const upstream = from ? /^\{\{tasks\.([\w-]+)\.outputs\.artifacts\.([\w-]+)\}\}$/.exec(from) : null;
      if (upstream && !skipped.has(upstream[1] as string)) {
        const producer = templates.get(dag.dag.tasks.find((t) => t.name === upstream[1])?.template ?? '') as Template;
        const path = producer.outputs?.artifacts?.find((a) => a.name === upstream[2])?.path as string;
        cpSync(join(roots.get(upstream[1] as string) as string, path), target, { recursive: true });
      }
    }
    const argv = [...(template.container?.command ?? []), ...(template.container?.args ?? [])].map((arg) => moved(arg.replace(/\{\{inputs\.parameters\.([\w-]+)\}\}/g, (_, name: string) => given.get(name) ?? '')));
    const env = Object.fromEntries((template.container?.env ?? []).map((e) => [e.name, moved(e.value.replace('{{pod.name}}', task.name).replace('{{workflow.name}}', 'wf-1'))]));
    const result = spawnSync(argv[0] as string, argv.slice(1), { cwd: root, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
    writeFileSync(join(root, 'log'), result.stdout + result.stderr);
    for (const parameter of template.outputs?.parameters ?? []) {
      const path = moved(parameter.valueFrom.path);
      if (existsSync(path)) outputs.set(`${task.name}.${parameter.name}`, readFileSync(path, 'utf8'));
    }
    if (result.status !== 0 && task.continueOn?.failed === true) {
      failedOn.add(task.name);
      continue;
    }
    if (mayFail && result.status !== 0) {
      failed = task.name;
      break;
    }
    expect(result.status, `pod ${task.name}: ${result.stderr}`).toBe(0);
  }
  return Object.assign(roots, { skipped, failed, failedOn });
}

/** `pipewright export --pipeline p --json` of the project at `dir`, checked against Argo's schema (which throws, naming the path). */
export function exportedOf(dir: string, ...args: string[]): Exported {
  const result = cli(['export', '--pipeline', 'p', '--json', ...args], dir);
  expect(result.code, result.err).toBe(0);
  const exported = JSON.parse(result.out) as Exported;
  assertArgoWorkflow(exported.workflow);
  return exported;
}
