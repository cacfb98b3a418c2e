import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { logText, makeProject, run } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';

const TRAIN = `
- step:
    name: train
    image: x
    command: 'sleep 0.2; echo {parameters}; printf "{\\"acc\\": %s}\\n" {parameter-value:lr}; echo {parameter-value:lr} > $VH_OUTPUTS_DIR/model.txt'
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: depth, type: integer, default: 1}
- step:
    name: collect
    image: x
    command: 'cat $VH_INPUTS_DIR/models/*/model.txt $VH_INPUTS_DIR/models/model.txt 2>/dev/null | sort'
    inputs: [{name: models}]
`;

function childParameters(events: readonly RunEvent[], node: string): unknown[] {
  return events.flatMap((e) => (e.type === 'execution:start' && e.node === node ? [e.parameters] : []));
}

describe('task nodes', () => {
  it('runs one child per combination of a blueprint, with every variant style', async () => {
    const dir = makeProject(`${TRAIN}
- task:
    name: sweep
    step: train
    parameters:
      - {name: lr, style: logspace, rules: {start: -3, end: -1, count: 3, base: 10}}
      - {name: depth, style: multiple, rules: {items: [2, 4]}}
- task:
    name: lin
    step: train
    parameters:
      - {name: lr, style: linear, rules: {start: 0.1, end: 0.3, step: 0.1}}
- task:
    name: rnd
    step: train
    execution-count: 2
    parameters:
      - {name: lr, style: random, rules: {min: 0, max: 1, count: 5, seed: 7}}
- task:
    name: sets
    step: train
    type: manual_search
    parameter-sets: [{lr: 0.5, depth: 9}, {lr: 0.6, depth: 8}]
- pipeline:
    name: p
    nodes:
      - {name: grid, type: task, task: sweep}
      - {name: linear, type: task, task: lin}
      - {name: random, type: task, task: rnd}
      - {name: sets, type: task, task: sets}
    edges: []
`);
    const result = await run(dir, 'p', { jobs: 2 });
    expect(result.status).toBe('succeeded');
    expect(childParameters(result.events, 'grid')).toHaveLength(6);
    expect(new Set(childParameters(result.events, 'grid').map((p) => JSON.stringify(p)))).toEqual(
      new Set([0.001, 0.01, 0.1].flatMap((lr) => [2, 4].map((depth) => JSON.stringify({ lr, depth })))),
    );
    expect(childParameters(result.events, 'linear').map((p) => (p as { lr: number }).lr).sort()).toEqual([0.1, 0.2, 0.3]);
    const random = childParameters(result.events, 'random').map((p) => (p as { lr: number }).lr);
    expect(random).toHaveLength(2); // execution-count caps the children
    const again = await run(dir, 'p', { jobs: 2 });
    expect(childParameters(again.events, 'random').map((p) => (p as { lr: number }).lr).sort()).toEqual([...random].sort()); // seeded
    expect(childParameters(result.events, 'sets').map((p) => JSON.stringify(p)).sort()).toEqual(['{"lr":0.5,"depth":9}', '{"lr":0.6,"depth":8}']);
  });

  it('a pipeline parameter (or --node-param) that sets a swept parameter gives it that one value; the others still vary', async () => {
    const dir = makeProject(`${TRAIN}
- task:
    name: sweep
    step: train
    parameters:
      - {name: lr, style: multiple, rules: {items: [0.1, 0.2, 0.3]}}
      - {name: depth, style: multiple, rules: {items: [2, 4]}}
- pipeline:
    name: p
    parameters: [{name: rate, targets: [t.parameter.lr], default: 0.5}]
    nodes: [{name: t, type: task, task: sweep}]
    edges: []
`);
    const byFile = await run(dir, 'p');
    expect(childParameters(byFile.events, 't')).toEqual([
      { lr: 0.5, depth: 2 },
      { lr: 0.5, depth: 4 },
    ]);
    const byFlag = await run(dir, 'p', { planOptions: { pipelineParams: { rate: ['0.7'] }, nodeParams: { t: { depth: ['8'] } } } });
    expect(childParameters(byFlag.events, 't')).toEqual([{ lr: 0.7, depth: 8 }]);
    // The flags that narrowed the sweep are said (the file's own pipeline parameter is not: it means it).
    const said = (events: typeof byFlag.events): string[] => events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(said(byFlag.events)).toContain('node "t": --param rate, --node-param t.depth give lr, depth one value: the task runs 1 execution, not the 6 its variants make (to sweep values of your own: --param rate=A --param rate+=B)');
    expect(said(byFile.events).filter((m) => m.includes('one value'))).toEqual([]);
    // Several values of one's own are a sweep of them, nothing to say.
    const own = await run(dir, 'p', { planOptions: { pipelineParams: {}, nodeParams: { t: { depth: ['1', '3', '5'] } } } });
    expect(childParameters(own.events, 't')).toHaveLength(3);
    expect(said(own.events).filter((m) => m.includes('one value'))).toEqual([]);
    // One value for lr and a list for depth: lr's variants are gone, depth's list makes the children.
    const mixed = await run(dir, 'p', { planOptions: { pipelineParams: { rate: ['0.7'] }, nodeParams: { t: { depth: ['1', '3', '5'] } } } });
    expect(childParameters(mixed.events, 't')).toHaveLength(3);
    expect(said(mixed.events)).toContain('node "t": --param rate gives lr one value: the task\'s variants of it are not run (to sweep values of your own: --param rate=A --param rate+=B)');
  });

  it('keeps at most maximum-queued-executions children running at once', async () => {
    const dir = makeProject(`${TRAIN}
- task:
    name: sweep
    step: train
    maximum-queued-executions: 2
    parameters: [{name: lr, style: multiple, rules: {items: [1, 2, 3, 4, 5]}}]
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep}]
    edges: []
`);
    let running = 0;
    let peak = 0;
    await run(dir, 'p', {
      jobs: 8,
      onEvent: (e) => {
        if (e.type === 'execution:start') peak = Math.max(peak, (running += 1));
        if (e.type === 'execution:finish') running -= 1;
      },
    });
    expect(peak).toBe(2);
  });

  it('spreads a list-valued metadata→parameter edge into one child per item, and passes on the outputs of all children', async () => {
    const dir = makeProject(`${TRAIN}
- step: {name: propose, image: x, command: 'echo "{\\"lrs\\": [0.2, 0.4, 0.8]}"'}
- pipeline:
    name: p
    nodes:
      - {name: propose, type: execution, step: propose}
      - {name: train, type: task, step: train}
      - {name: collect, type: execution, step: collect}
    edges:
      - [propose.metadata.lrs, train.parameter.lr]
      - [train.output.model.txt, collect.input.models]
`);
    const result = await run(dir, 'p', { jobs: 3 });
    expect(childParameters(result.events, 'train').map((p) => (p as { lr: number }).lr).sort()).toEqual([0.2, 0.4, 0.8]);
    expect(logText(result.events, 'collect')).toBe('0.2\n0.4\n0.8');
  });

  it("lays its children's files out as Valohai does: together, each execution in a folder of its own only where names clash", async () => {
    const dir = makeProject(`${TRAIN}
- step:
    name: named
    image: x
    command: 'echo {parameter-value:lr} > $VH_OUTPUTS_DIR/model-{parameter-value:lr}.txt && echo same > $VH_OUTPUTS_DIR/same.txt'
    parameters: [{name: lr, type: float, default: 0.1}]
- step:
    name: list
    image: x
    command: 'cd $VH_INPUTS_DIR && find . -type f | sort'
    inputs: [{name: models}, {name: same, optional: true}]
- task:
    name: sweep
    step: named
    parameters: [{name: lr, style: multiple, rules: {items: [0.2, 0.4]}}]
- pipeline:
    name: p
    nodes:
      - {name: t, type: task, task: sweep}
      - {name: list, type: execution, step: list}
    edges:
      - [t.output.model-*, list.input.models]
      - [t.output.same.txt, list.input.same]
`);
    const result = await run(dir, 'p', { jobs: 2 });
    const ids = result.events.flatMap((e) => (e.type === 'execution:start' && e.node === 't' ? [e.executionId] : [])).sort();
    expect(logText(result.events, 'list').split('\n')).toEqual(['./models/model-0.2.txt', './models/model-0.4.txt', ...ids.map((id) => `./same/${id}/same.txt`)]);
  });

  it('passes only the best child with configuration {pick: max, by: key}', async () => {
    const dir = makeProject(`${TRAIN}
- task:
    name: sweep
    step: train
    parameters: [{name: lr, style: multiple, rules: {items: [0.3, 0.9, 0.5]}}]
- pipeline:
    name: p
    nodes:
      - {name: t, type: task, task: sweep}
      - {name: best, type: execution, step: collect}
    edges:
      - {source: t.output.model.txt, target: best.input.models, configuration: {pick: max, by: acc}}
`);
    const result = await run(dir, 'p', { jobs: 3 });
    expect(logText(result.events, 'best')).toBe('0.9');
  });

  it('on-child-error: stop-all-and-error stops the siblings; continue-and-complete finishes the node', async () => {
    const yaml = (mode: string) => `
- step:
    name: maybe
    image: x
    command: 'if [ {parameter-value:n} = 2 ]; then exit 1; fi; sleep 0.2'
    parameters: [{name: n, type: integer}]
- task:
    name: sweep
    step: maybe
    on-child-error: ${mode}
    maximum-queued-executions: 1
    parameters: [{name: n, style: multiple, rules: {items: [1, 2, 3, 4]}}]
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep}]
    edges: []
`;
    const stop = makeProject(yaml('stop-all-and-error'));
    const stopped = await run(stop, 'p');
    expect(stopped.status).toBe('failed');
    expect(openStore(stop).getExecutions(stopped.runId)).toHaveLength(2);
    const cont = makeProject(yaml('continue-and-complete'));
    const completed = await run(cont, 'p');
    expect(completed.status).toBe('succeeded');
    expect(openStore(cont).getExecutions(completed.runId).map((e) => e.status)).toEqual(['succeeded', 'failed', 'succeeded', 'succeeded']);
    const err = makeProject(yaml('continue-and-error'));
    const errored = await run(err, 'p');
    expect(errored.status).toBe('failed');
    expect(openStore(err).getExecutions(errored.runId)).toHaveLength(4);
  });
});
