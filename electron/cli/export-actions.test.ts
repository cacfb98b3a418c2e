/**
 * A node's actions in an exported Argo workflow, run pod by pod (test-support/argo-pods.ts) and
 * set beside the same file run here: what a node's end decides from its metadata (stop, error,
 * an approval) and what its start decides from its parameters.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../shared/expression/parse.ts';
import { checkTemplate } from '../../shared/export/argo/action-check.ts';
import { pickerTemplate } from '../../shared/export/argo/picker.ts';
import { pickBest } from '../../shared/run/pick.ts';
import { evaluateActions } from '../../shared/run/actions.ts';
import { parseMetadata } from '../runner/exec/capture.ts';
import { exportedOf, runPods, type Exported, type Task } from '../../test-support/argo-pods.ts';
import { cli, makeProject } from '../../test-support/runner.ts';

const STEPS = `
- step:
    name: train
    image: python:3.12-slim
    command: |
      printf '{"accuracy": %s}\\n' {parameter-value:accuracy}
    parameters:
      - {name: accuracy, type: float, default: 0.9}
- step:
    name: work
    image: busybox
    command: echo working
`;

function pipeline(actions: string, extraNodes = ''): string {
  return `${STEPS}
- pipeline:
    name: p
    nodes:
      - name: train
        type: execution
        step: train
        actions:
${actions}
      - {name: deploy, type: execution, step: work}
      - {name: report, type: execution, step: work}
${extraNodes}
    edges:
      - [train.dependency.x, deploy.dependency.x]
      - [deploy.dependency.x, report.dependency.x]
`;
}


function tasksOf(exported: Exported): Task[] {
  return (exported.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } }).dag.tasks;
}

/** The same pipeline run here: the run's status and each node's. */
function runHere(dir: string, ...args: string[]): { run: string; nodes: Record<string, string> } {
  const result = cli(['run', '--pipeline', 'p', '--json', ...args], dir);
  const events = result.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; node?: string; status?: string });
  const nodes = Object.fromEntries(events.filter((e) => e.type === 'node:finish').map((e) => [e.node, e.status]));
  return { run: events.find((e) => e.type === 'run:finish')?.status ?? `no end (${result.err})`, nodes };
}

const STOP_WHEN_POOR = `          - when: node-complete
            if: metadata.accuracy < 0.6
            then: stop-pipeline`;

describe('actions in pipewright export --to argo', () => {
  it('stops the pipeline after a node whose metadata says so, skipping every node after it, as a run here does', () => {
    const dir = makeProject(pipeline(STOP_WHEN_POOR));
    const poor = exportedOf(dir, '--node-param', 'train.accuracy=0.4');
    expect(poor.warnings.filter((w) => w.includes('action'))).toEqual([]);
    const tasks = tasksOf(poor);
    expect(tasks.map((t) => [t.name, t.dependencies ?? [], t.when ?? ''])).toEqual([
      ['train', [], ''],
      ['train-check', ['train'], ''],
      ['deploy', ['train-check'], "'{{tasks.train-check.outputs.parameters.verdict}}' != 'stop'"],
      ['report', ['deploy'], "'{{tasks.train-check.outputs.parameters.verdict}}' != 'stop'"],
    ]);
    const stopped = runPods(poor, dir);
    expect([...stopped.skipped]).toEqual(['deploy', 'report']);
    expect(stopped.failed).toBeUndefined();
    expect(runHere(dir, '--node-param', 'train.accuracy=0.4')).toEqual({ run: 'stopped', nodes: { train: 'succeeded', deploy: 'skipped', report: 'skipped' } });

    const good = runPods(exportedOf(dir, '--node-param', 'train.accuracy=0.8'), dir);
    expect([...good.skipped]).toEqual([]);
    expect(runHere(dir, '--node-param', 'train.accuracy=0.8')).toEqual({ run: 'succeeded', nodes: { train: 'succeeded', deploy: 'succeeded', report: 'succeeded' } });
  });

  it('fails the workflow where error-pipeline holds, and says why in the check pod', () => {
    const dir = makeProject(pipeline(`          - {when: node-complete, if: [metadata.accuracy >= 0.5, metadata.accuracy < 0.7], then: error-pipeline}`));
    const pods = runPods(exportedOf(dir, '--node-param', 'train.accuracy=0.6'), dir, {}, true);
    expect(pods.failed).toBe('train-check');
    expect(runHere(dir, '--node-param', 'train.accuracy=0.6').run).toBe('failed');
    // Both conditions must hold: 0.9 passes.
    expect(runPods(exportedOf(dir), dir).failed).toBeUndefined();
    expect(runHere(dir).run).toBe('succeeded');
  });

  it('asks an approval with a condition on metadata only when it holds', () => {
    const dir = makeProject(pipeline(`          - {when: node-complete, if: metadata.accuracy < 0.95, then: require-approval}`));
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('approval'))).toEqual([]);
    expect(tasksOf(exported).find((t) => t.name === 'train-approval-after')).toMatchObject({ dependencies: ['train-check'], when: "'{{tasks.train-check.outputs.parameters.verdict}}' == 'approve'" });
    expect([...runPods(exported, dir).skipped]).toEqual([]); // 0.9 < 0.95: asked
    const sure = runPods(exportedOf(dir, '--node-param', 'train.accuracy=0.99'), dir);
    expect([...sure.skipped]).toEqual(['train-approval-after']); // not asked, and the nodes after it run
    expect(sure.has('report')).toBe(true);
  });

  it('takes the node-error actions of a node that fails and goes on (on-error: continue), as a run here does; its node-complete ones where it did not fail', () => {
    const failing = (actions: string): string =>
      pipeline(actions)
        .replace('{parameter-value:accuracy}\n', '{parameter-value:accuracy}\n      exit {parameter-value:code}\n')
        .replace('{name: accuracy, type: float, default: 0.9}', '{name: accuracy, type: float, default: 0.9}\n      - {name: code, type: integer, default: 0}')
        .replace('        step: train\n', '        step: train\n        on-error: continue\n');
    const both = `          - {when: node-error, if: metadata.accuracy < 0.5, then: stop-pipeline}
          - {when: node-error, if: metadata.accuracy >= 0.5, then: error-pipeline}
          - {when: node-complete, if: metadata.accuracy < 0.5, then: error-pipeline}`;
    const dir = makeProject(failing(both));
    const skipped = (pods: ReturnType<typeof runPods>): string[] => [...pods.skipped];
    // Failed with a poor accuracy: its node-error stop-pipeline holds (its node-complete error-pipeline would too, and is not taken).
    const poor = ['--node-param', 'train.accuracy=0.4', '--node-param', 'train.code=3'];
    const exported = exportedOf(dir, ...poor);
    expect(exported.warnings.filter((w) => w.includes('action'))).toEqual([]);
    expect(tasksOf(exported).find((t) => t.name === 'train-check')?.arguments?.parameters).toEqual([{ name: 'statuses', value: '{{tasks.train.status}}' }]);
    const stopped = runPods(exported, dir);
    expect([stopped.failedOn, skipped(stopped), stopped.failed]).toEqual([new Set(['train']), ['deploy', 'report'], undefined]);
    expect(readFileSync(join(stopped.get('train-check') as string, 'log'), 'utf8')).toContain('node "train" failed and its action stops the pipeline');
    expect(runHere(dir, ...poor)).toEqual({ run: 'stopped', nodes: { train: 'failed', deploy: 'skipped', report: 'skipped' } });
    // Failed with a good accuracy: error-pipeline, the check pod failing the workflow.
    const good = ['--node-param', 'train.code=3'];
    expect(runPods(exportedOf(dir, ...good), dir, {}, true).failed).toBe('train-check');
    expect(runHere(dir, ...good).run).toBe('failed');
    // Not failed, a poor accuracy: its node-complete action holds.
    expect(runPods(exportedOf(dir, '--node-param', 'train.accuracy=0.4'), dir, {}, true).failed).toBe('train-check');
    expect(runHere(dir, '--node-param', 'train.accuracy=0.4').run).toBe('failed');

    // Failed with no node-error action, its node-complete approval not asked: the nodes after it run in both.
    const asks = makeProject(failing('          - {when: node-complete, then: require-approval}'));
    const gone = runPods(exportedOf(asks, ...good), asks);
    expect([gone.failedOn, skipped(gone)]).toEqual([new Set(['train']), ['train-approval-after']]);
    expect(gone.has('report')).toBe(true);
    expect(runHere(asks, ...good)).toEqual({ run: 'succeeded', nodes: { train: 'failed', deploy: 'succeeded', report: 'succeeded' } });
    expect(skipped(runPods(exportedOf(asks), asks))).toEqual([]); // not failed: asked
  });

  it("decides a node's start now from its parameters: an approval or not, or the nodes left out", () => {
    const gated = makeProject(pipeline(`          - {when: node-starting, if: parameter.accuracy > 0.5, then: require-approval}`));
    expect(tasksOf(exportedOf(gated)).map((t) => t.name)).toEqual(['train-approval', 'train', 'deploy', 'report']);
    const notGated = exportedOf(gated, '--node-param', 'train.accuracy=0.3');
    expect(tasksOf(notGated).map((t) => t.name)).toEqual(['train', 'deploy', 'report']);
    expect(notGated.warnings.filter((w) => w.includes('approval'))).toEqual([]);

    const stopping = makeProject(pipeline(`          - {when: node-starting, if: parameter.accuracy < 0.5, then: stop-pipeline}`, '      - {name: beside, type: execution, step: work}'));
    const left = exportedOf(stopping, '--node-param', 'train.accuracy=0.3');
    expect(tasksOf(left).map((t) => t.name)).toEqual(['beside']);
    expect(left.warnings).toContain('node "train": its action "stop-pipeline" as it starts holds with these parameters (a run would end there): it and the nodes after it are not exported');
    expect(tasksOf(exportedOf(stopping)).map((t) => t.name)).toEqual(['train', 'beside', 'deploy', 'report']);
  });

  it('decides as a run here does on every kind of condition: types, missing keys, NaN, nested metadata, and/or/not, arithmetic', () => {
    // Two executions' stdout (a sweep's children): the latest value of each key, in order.
    const stdout = ['{"loss": 0.5, "name": "resnet", "ok": true, "nothing": null, "nested": {"a": 1}}\nnot metadata\n  {"epoch": 1}  \n', '{"loss": 0.25, "epoch": 3, "diverged": NaN}\n{"vh_metadata": {"wrapped": 2}}\n[1, 2]\n{"tiny": 1.5e-7, "huge": 1e21, "small": 0.00001, "whole": 2.0, "big": 12345678901234567}\n'];
    const conditions = [
      'metadata.loss < 0.3', 'metadata.loss == 0.25', 'metadata.epoch == 3.0', 'metadata.ok == 1', 'metadata.ok == true', 'metadata.ok', 'metadata.wrapped == 2',
      'metadata.name == "resnet"', 'metadata.name < "z"', 'metadata.name > 1', 'metadata.ok < 2', 'metadata.nothing == none', 'metadata.nothing < 1',
      'metadata.missing > 1', 'metadata.nested > 0', 'metadata.nested.a == 1', 'metadata.diverged > 0', 'metadata.diverged != metadata.diverged',
      'not metadata.loss', 'metadata.loss and 0', '0 or metadata.name', 'metadata.epoch % 2 == 1', '-metadata.epoch < -2', '-metadata.name',
      'metadata.loss / 0 > 1', 'metadata.epoch * 2 + 1 == 7', '"a" + metadata.name == "aresnet"', '1 < metadata.epoch < 4', '1 < metadata.epoch < 2',
      'metadata.tiny < 1', 'metadata.huge > 1', 'metadata.small > 0', 'metadata.whole == 2', 'metadata.big > 1', 'parameter.rate > 0.01', 'parameters.rate == 0.1', 'parameter.other == 1', 'metadata.epoch - 1 == 2 and not (metadata.loss > 1 or false)',
    ];
    const parameters = { rate: 0.1 };
    const here: Record<string, unknown> = {};
    for (const text of stdout) for (const line of text.split('\n')) Object.assign(here, parseMetadata(line) ?? {});
    const root = mkdtempSync(join(tmpdir(), 'pipewright-check-'));
    stdout.forEach((text, i) => {
      mkdirSync(join(root, 'pipewright/executions', String(i)), { recursive: true });
      writeFileSync(join(root, 'pipewright/executions', String(i), 'stdout.log'), text);
    });
    const decided = conditions.map((text) => {
      const parsed = parseExpression(text);
      if (!parsed.ok) throw new Error(text);
      const check = { node: 'n', actions: [{ if: [{ text, expr: parsed.expr }], then: ['stop-pipeline'] }], failing: undefined, parameters, filled: false, count: stdout.length };
      const template = checkTemplate('c', check) as { container: { command: string[] } };
      const [file, ...args] = template.container.command.map((a) => a.replaceAll('/pipewright/', `${root}/pipewright/`)) as [string, ...string[]];
      const result = spawnSync(file, args, { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      const local = evaluateActions([{ path: [], when: ['node-complete'], if: [text], then: ['stop-pipeline'] }], 'node-complete', { metadata: here, parameters });
      // Where it stops, both say which condition held and on what values, alike.
      const said = local.thens.length > 0 ? `node "n" stopped the pipeline (its action's condition held: ${local.held}): the nodes after it are skipped` : 'node "n": the pipeline goes on';
      return { text, pod: readFileSync(join(root, 'pipewright/verdict'), 'utf8'), here: local.thens.length > 0 ? 'stop' : 'go', podSaid: result.stdout.trim().split('\n').pop(), said };
    });
    expect(decided.filter((d) => d.pod !== d.here)).toEqual([]);
    expect(decided.filter((d) => d.podSaid !== d.said).map((d) => [d.podSaid, d.said])).toEqual([]);
    expect(decided.find((d) => d.text === 'metadata.tiny < 1')?.said).toContain('with metadata.tiny = 1.5e-7)');
    // Neither always nor never: the cases above are a real mix.
    expect(new Set(decided.map((d) => d.here))).toEqual(new Set(['stop', 'go']));
  });

  it("the picker picks the child a run here picks: the latest value whatever its type, NaN and text passed over, the first on a tie", () => {
    const cases: { by: string; pick: 'max' | 'min'; children: string[] }[] = [
      { by: 'acc', pick: 'max', children: ['{"acc": 0.9}\n{"acc": "n/a"}\n', '{"acc": 0.5}\n', '{"acc": 0.7}\n'] },
      { by: 'acc', pick: 'max', children: ['{"acc": NaN}\n', '{"acc": 0.2}\n', '{"acc": 0.2}\n'] },
      { by: 'loss', pick: 'min', children: ['{"loss": 3}\n{"loss": 1}\n', '{"vh_metadata": {"loss": 0.5}}\n', '{"loss": true}\n'] },
      { by: 'acc', pick: 'max', children: ['{"acc": 1}\n', 'no metadata\n', '{"acc": Infinity}\n'] },
    ];
    for (const { by, pick, children } of cases) {
      const root = mkdtempSync(join(tmpdir(), 'pipewright-pick-'));
      children.forEach((text, i) => {
        mkdirSync(join(root, 'pipewright/children', String(i), 'outputs'), { recursive: true });
        writeFileSync(join(root, 'pipewright/children', String(i), 'stdout.log'), text);
      });
      const template = pickerTemplate('p', { pick, by }, children.length) as { container: { command: string[] } };
      const [file, ...args] = template.container.command.map((a) => a.replaceAll('/pipewright/', `${root}/pipewright/`).replaceAll('/valohai', `${root}/valohai`)) as [string, ...string[]];
      const result = spawnSync(file, args, { encoding: 'utf8' });
      const latest = children.map((text) => Object.assign({}, ...text.split('\n').map((line) => parseMetadata(line) ?? {})) as Record<string, unknown>);
      const here = pickBest(latest.map((metadata, i) => ({ i, metadata })), { pick, by }, (c) => c.metadata);
      expect(result.stdout, `${by} of ${JSON.stringify(children)}`).toContain(`picked child ${here?.i ?? 'none'}:`);
    }
  });
});
