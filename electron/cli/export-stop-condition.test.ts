/**
 * A step's stop-condition in an exported Argo workflow: its pod (run by test-support/argo-pods.ts)
 * stops the command once its metadata meet the condition, as a run here does, and the execution
 * counts as finished with the outputs it wrote so far.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedOf, runPods } from '../../test-support/argo-pods.ts';
import { cli, makeProject } from '../../test-support/runner.ts';

function project(condition: string): string {
  return makeProject(`
- step:
    name: train
    image: python:3.12-slim
    command:
      - mkdir -p /valohai/outputs
      - 'for i in 1 2 3 4 5 6; do echo "epoch $i" > /valohai/outputs/epoch.txt; echo "{\\"epoch\\": $i, \\"loss\\": 0.$((7 - i))}"; sleep 0.3; done'
      - echo finished > /valohai/outputs/end.txt
    stop-condition: ${condition}
- step:
    name: report
    image: busybox
    command: cat /valohai/inputs/model/epoch.txt
    inputs: [{name: model}]
- pipeline:
    name: p
    nodes:
      - {name: train, type: execution, step: train}
      - {name: report, type: execution, step: report}
    edges:
      - [train.output.epoch.txt, report.input.model]
`);
}

describe("a step's stop-condition in pipewright export --to argo", () => {
  it('stops the command once its metadata meet it, the execution finished with what it wrote so far, as a run here does', () => {
    const dir = project('loss < 0.35');
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('stop-condition'))).toEqual([]);
    const pods = runPods(exported, dir);
    const train = pods.get('train') as string;
    const said = "its step's stop-condition `loss < 0.35` held (loss=0.3): stopped early, as on Valohai; it counts as finished and its outputs are kept";
    expect(readFileSync(join(train, 'log'), 'utf8')).toContain(`pipewright: ${said}`);
    // Stopped at the fourth epoch: the file of that epoch kept, the command's last line never run.
    expect(readFileSync(join(train, 'valohai/outputs/epoch.txt'), 'utf8')).toBe('epoch 4\n');
    expect(existsSync(join(train, 'valohai/outputs/end.txt'))).toBe(false);
    expect(readFileSync(join(pods.get('report') as string, 'log'), 'utf8')).toBe('epoch 4\n');

    const here = cli(['run', '--pipeline', 'p'], dir);
    expect(here.code, here.err).toBe(0);
    expect(here.out + here.err).toContain(said);
    expect(cli(['logs', 'latest', 'report'], dir).out).toBe('epoch 4\n');
  });

  it('runs to the end where it never holds, and says once where it cannot be checked', () => {
    const never = project('loss < 0');
    const pods = runPods(exportedOf(never), never);
    expect(readFileSync(join(pods.get('train') as string, 'valohai/outputs/end.txt'), 'utf8')).toBe('finished\n');

    const bad = project('loss < "a"');
    const log = readFileSync(join(runPods(exportedOf(bad), bad).get('train') as string, 'log'), 'utf8');
    expect(log.match(/could not be checked/g)).toEqual(['could not be checked']);
    expect(log).toContain("its step's stop-condition `loss < \"a\"` could not be checked: cannot compare 0.6 < \"a\"");
  });
});
