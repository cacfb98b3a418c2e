import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appliedTo } from '../../../test-support/edits.ts';
import { EXAMPLE_YAML, lineDiff } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';
import { addNodeItem, nodeItem, removeApprovalGate, renameNode, setAction, setNodeKey, setOverrideParameter } from './node-edits.ts';
import type { ParameterValue } from '../model/parameter.ts';
import { setEdge, setPipelineParameter } from './pipeline-edits.ts';
import { addStep, addStepInput, addStepParameter, removeStepItem, renameStep, setStepKey, setStepRequests } from './step-edits.ts';

const example = readFileSync(EXAMPLE_YAML, 'utf8');
const applied = appliedTo(example);

const pipeline = (text: string) => importValohaiYaml(text).config.pipelines[0]!;
const node = (text: string, name: string) => pipeline(text).nodes.find((n) => n.name === name)!;

describe('node edits from the side panel', () => {
  it('overrides a parameter on a node, changes it, and clearing it gives the file back', () => {
    const once = applied(setOverrideParameter(example, 'train-and-ship', 'evaluate', 'threshold', 0.8));
    expect(lineDiff(example, once).added).toEqual(['        override:', '          parameters:', '            - name: threshold', '              default: 0.8']);
    const twice = applied(setOverrideParameter(once, 'train-and-ship', 'evaluate', 'threshold', 0.9));
    expect(lineDiff(once, twice)).toEqual({ removed: ['              default: 0.8'], added: ['              default: 0.9'] });
    expect(applied(setOverrideParameter(twice, 'train-and-ship', 'evaluate', 'threshold', undefined))).toBe(example);
  });

  it('sets and clears on-error; refuses a node that does not exist', () => {
    const set = applied(setNodeKey(example, 'train-and-ship', 'preprocess', 'on-error', 'retry'));
    expect(node(set, 'preprocess').onError).toBe('retry');
    expect(applied(setNodeKey(set, 'train-and-ship', 'preprocess', 'on-error', undefined))).toBe(example);
    expect(setNodeKey(example, 'train-and-ship', 'nope', 'on-error', 'retry')).toEqual({ ok: false, message: 'pipeline "train-and-ship" has no node "nope"' });
  });

  it('removes the approval gate of publish, and the actions key with it', () => {
    const text = applied(removeApprovalGate(example, 'train-and-ship', 'publish'));
    expect(node(text, 'publish').actions).toEqual([]);
    expect(text).not.toContain('require-approval');
  });

  it('adds, replaces and removes a condition', () => {
    const added = applied(setAction(example, 'train-and-ship', 'preprocess', 'new', { when: ['node-complete'], if: ['metadata.rows < 10'], then: ['stop-pipeline'] }));
    expect(node(added, 'preprocess').actions).toMatchObject([{ when: ['node-complete'], if: ['metadata.rows < 10'], then: ['stop-pipeline'] }]);
    const replaced = applied(setAction(added, 'train-and-ship', 'preprocess', 0, { when: ['node-complete'], if: ['metadata.rows < 20'], then: ['error-pipeline'] }));
    expect(node(replaced, 'preprocess').actions[0]).toMatchObject({ if: ['metadata.rows < 20'], then: ['error-pipeline'] });
    expect(applied(setAction(replaced, 'train-and-ship', 'preprocess', 0, undefined))).toBe(example);
  });

  it('renames a node with its edges and pipeline-parameter targets', () => {
    const text = applied(renameNode(example, 'train-and-ship', 'preprocess', 'prep'));
    const p = pipeline(text);
    expect(p.edges.filter((e) => e.source.node === 'prep')).toHaveLength(2);
    expect(p.parameters[0]?.targets).toEqual(['prep.parameter.rows']);
    expect(renameNode(example, 'train-and-ship', 'preprocess', 'sweep')).toMatchObject({ ok: false });
    expect(renameNode(example, 'train-and-ship', 'preprocess', 'a.b')).toMatchObject({ ok: false });
  });

  it('pastes a copied node item under a new name, keeping its actions', () => {
    const item = nodeItem(example, 'train-and-ship', 'publish')!;
    const text = applied(addNodeItem(example, 'train-and-ship', { ...item, name: 'publish-2' }));
    expect(node(text, 'publish-2').actions[0]?.then).toEqual(['require-approval']);
  });
});

describe('pipeline and step edits', () => {
  it('edits an edge key and its configuration, and refuses a nonsense kind', () => {
    const text = applied(setEdge(example, 'train-and-ship', 0, 'preprocess.output.*.csv', 'sweep.input.dataset', {}));
    expect(text).toContain('- [preprocess.output.*.csv, sweep.input.dataset]');
    expect(setEdge(example, 'train-and-ship', 0, 'preprocess.metadata.x', 'sweep.input.dataset', {})).toMatchObject({ ok: false });
  });

  it('adds and removes a pipeline parameter with targets', () => {
    const text = applied(setPipelineParameter(example, 'train-and-ship', 'noise', { name: 'noise', default: 0.2, targets: ['preprocess.parameter.noise'] }));
    expect(pipeline(text).parameters.map((p) => p.name)).toEqual(['rows', 'noise']);
    expect(applied(setPipelineParameter(text, 'train-and-ship', 'noise', undefined))).toBe(example);
  });

  it("changes a pipeline parameter key by key: its description, its target: form, a list default and the plural target as written stay", () => {
    const text = `- step: {name: s, image: x, command: 'echo {parameters}', parameters: [{name: kind, type: string}, {name: n, type: integer}]}
- pipeline:
    name: p
    parameters:
      - name: kind
        description: which transformation # the thesis's axis
        target: t.parameters.kind
        default: [original, eroded]
    nodes: [{name: t, type: task, step: s}]
    edges: []
`;
    const as = (change: Partial<{ default: ParameterValue | undefined; targets: string[] }>) =>
      setPipelineParameter(text, 'p', 'kind', { name: 'kind', default: ['original', 'eroded'], targets: ['t.parameters.kind'], ...change });
    const mine = appliedTo(text);
    // The same values: nothing written.
    expect(mine(as({}))).toBe(text);
    const listed = mine(as({ default: ['original', 'eroded', 'dilated'] }));
    expect(lineDiff(text, listed)).toEqual({ removed: ['        default: [original, eroded]'], added: ['        default: [original, eroded, dilated]'] });
    const second = mine(as({ targets: ['t.parameters.kind', 't.parameter.n'] }));
    expect(second).toContain('        description: which transformation # the thesis\'s axis\n');
    expect(pipeline(second).parameters[0]?.targets).toEqual(['t.parameters.kind', 't.parameter.n']);
    expect(second).not.toContain('target:');
  });

  it('writes the first step of a new, empty or comments-only file', () => {
    const step = { name: 'train', image: 'python:3.12-slim', command: 'python3 train.py {parameters}' };
    const first = addStep('', step);
    expect(first).toEqual({ ok: true, text: '- step:\n    name: train\n    image: python:3.12-slim\n    command: python3 train.py {parameters}\n' });
    const commented = addStep('# our pipelines', step);
    expect(commented).toMatchObject({ ok: true, text: expect.stringMatching(/^# our pipelines\n- step:\n {4}name: train\n/) as unknown });
    if (commented.ok) expect(importValohaiYaml(commented.text).diagnostics).toEqual([]);
  });

  it('creates a step and edits its image, command, parameters and inputs', () => {
    let text = applied(addStep(example, { name: 'report', image: 'python:3.12-slim', command: 'python3 report.py' }));
    text = applied(setStepKey(text, 'report', 'command', 'python3 report.py {parameters}'));
    text = applied(addStepParameter(text, 'report', { name: 'top', type: 'integer', default: 5 }));
    text = applied(addStepInput(text, 'report', { name: 'model' }));
    const step = importValohaiYaml(text).config.steps.find((s) => s.name === 'report')!;
    expect(step).toMatchObject({ command: ['python3 report.py {parameters}'], parameters: [{ name: 'top', type: 'integer', default: 5 }], inputs: [{ name: 'model' }] });
    text = applied(removeStepItem(text, 'report', 'parameters', 'top'));
    expect(importValohaiYaml(text).config.steps.find((s) => s.name === 'report')?.parameters).toEqual([]);
    expect(addStep(example, { name: 'train', image: '', command: 'x' })).toMatchObject({ ok: false, message: 'there is already a step "train"' });
  });

  it("sets the cores and memory a step asks for, keeping the rest of its resources and raising a maximum below them", () => {
    const resources = (text: string) => importValohaiYaml(text).config.steps.find((s) => s.name === 'train')?.resources;
    let text = applied(setStepRequests(example, 'train', { cpu: 1.5, memoryMb: 320 }));
    expect(resources(text)).toEqual({ cpu: { min: 1.5 }, memory: { min: 320 }, devices: {} });
    expect(importValohaiYaml(text).diagnostics).toEqual([]);
    text = text.replace('        min: 320\n', '        min: 320\n        max: 400\n').replace('    resources:\n', '    resources:\n      devices: {nvidia.com/gpu: 1}\n');
    text = applied(setStepRequests(text, 'train', { cpu: 2, memoryMb: 512 }));
    expect(resources(text)).toEqual({ cpu: { min: 2 }, memory: { min: 512, max: 512 }, devices: { 'nvidia.com/gpu': 1 } });
    expect(setStepRequests(example, 'train', { cpu: 0, memoryMb: 1 })).toMatchObject({ ok: false });
    expect(setStepRequests(example, 'nope', { cpu: 1, memoryMb: 1 })).toEqual({ ok: false, message: 'no step named "nope"' });
  });
});

describe('a file that shares parts through YAML anchors', () => {
  const shared = `- step: &base
    name: train
    image: python:3.12
    command: python train.py
    parameters: &params
      - {name: lr, type: float, default: 0.1}
- step:
    <<: *base
    name: big
- step:
    name: small
    image: python:3.12
    command: python train.py
    parameters: *params
`;

  it('edits what a step writes itself, over what it merges in', () => {
    const set = appliedTo(shared)(setStepKey(shared, 'big', 'command', 'python big.py'));
    const steps = importValohaiYaml(set).config.steps;
    expect(steps.map((s) => [s.name, s.command])).toEqual([['train', ['python train.py']], ['big', ['python big.py']], ['small', ['python train.py']]]);
  });

  it('edits an alias or a merged-in part as this place\'s own copy, and says so; the other places keep theirs', () => {
    const small = addStepParameter(shared, 'small', { name: 'x', type: 'integer' });
    expect(small).toMatchObject({ ok: true, note: 'the YAML alias *params (line 14) was made a copy of what &params holds, so the edit changes this place alone' });
    const params = (text: string) => Object.fromEntries(importValohaiYaml(text).config.steps.map((s) => [s.name, s.parameters.map((p) => p.name)]));
    expect(params(appliedTo(shared)(small))).toEqual({ train: ['lr'], big: ['lr'], small: ['lr', 'x'] });
    const big = addStepParameter(shared, 'big', { name: 'x', type: 'integer' });
    expect(big).toMatchObject({ ok: true, note: '"parameters", which came from the YAML merge <<: *base (line 8), was written here, so the edit changes this place alone' });
    expect(params(appliedTo(shared)(big))).toEqual({ train: ['lr'], big: ['lr', 'x'], small: ['lr'] });
    expect(importValohaiYaml(appliedTo(shared)(big)).diagnostics).toEqual([]);
    // Its input is new, written in its own map over the merge: nothing shared is changed, nothing said.
    expect(addStepInput(shared, 'big', { name: 'data' })).toEqual({ ok: true, text: expect.stringContaining('    name: big\n    inputs:') as unknown });
  });

  it("makes the copy from the anchored part's own text, so it reads as the original: flow items, comments, line ends", () => {
    const commented = `- step:
    name: train
    image: python:3.12
    command: python train.py
    parameters: &params
      - {name: lr, type: float, default: 0.1}   # the rate
      - name: epochs
        type: integer
- step:
    name: small
    image: python:3.12
    command: python train.py
    parameters: *params  # as train
- step: {name: tiny, image: x, command: y, parameters: *params}
`;
    const small = appliedTo(commented)(addStepParameter(commented, 'small', { name: 'x', type: 'integer' }));
    expect(small).toContain('    parameters:  # as train\n      - {name: lr, type: float, default: 0.1}   # the rate\n      - name: epochs\n        type: integer\n      - name: x\n        type: integer\n- step: {name: tiny');
    // In a flow map the copy is written as a flow list; on Windows line ends, the file keeps them.
    expect(appliedTo(commented)(addStepParameter(commented, 'tiny', { name: 'x', type: 'integer' }))).toContain('parameters: [{name: lr, type: float, default: 0.1}, {name: epochs, type: integer}, {name: x, type: integer}]}');
    const windows = appliedTo(commented.replace(/\n/g, '\r\n'))(addStepParameter(commented.replace(/\n/g, '\r\n'), 'small', { name: 'x', type: 'integer' }));
    expect(windows).toBe(small.replace(/\n/g, '\r\n'));
  });

  it('says which other places an edit of an anchored part changes too, leaving out a map that writes the key itself', () => {
    const train = addStepParameter(shared, 'train', { name: 'x', type: 'integer' });
    expect(train).toMatchObject({ ok: true, note: 'this part of the file is shared: &base is also used at line 8 (*base); &params is also used at line 14 (*params), so the edit changes those places too' });
    expect(setStepKey(shared, 'train', 'image', 'python:3.13')).toMatchObject({ ok: true, note: 'this part of the file is shared: &base is also used at line 8 (*base), so the edit changes that place too' });
    // What a map merges in cannot be removed from it alone: said, and nothing changes.
    expect(setStepKey(shared, 'big', 'image', undefined)).toEqual({ ok: false, message: '"image" comes from the YAML merge <<: *base (line 8), so it cannot be removed here alone: give it another value here, or remove it where it is written' });
    expect(setStepKey(shared, 'small', 'description', undefined)).toEqual({ ok: true, text: shared });
    // "big" writes its own name over the merge: renaming "train" changes it alone.
    expect(renameStep(shared, 'train', 'training')).not.toHaveProperty('note');
  });
});

describe('input and environment overrides', () => {
  it('points one node at another input file and sets its environment, then clears both', async () => {
    const { setOverride } = await import('./node-edits.ts');
    const input = applied(setOverride(example, 'train-and-ship', 'preprocess', 'inputs', 'raw', 'data/raw.csv'));
    const env = applied(setOverride(input, 'train-and-ship', 'preprocess', 'environment-variables', 'DATA_TAG', '2027-q1'));
    const override = (node(env, 'preprocess') as { override?: { inputs: { defaults: string[] }[]; environmentVariables: { default?: string }[] } }).override;
    expect(override?.inputs[0]?.defaults).toEqual(['data/raw.csv']);
    expect(override?.environmentVariables[0]?.default).toBe('2027-q1');
    const cleared = applied(setOverride(env, 'train-and-ship', 'preprocess', 'environment-variables', 'DATA_TAG', undefined));
    expect(applied(setOverride(cleared, 'train-and-ship', 'preprocess', 'inputs', 'raw', undefined))).toBe(example);
  });
});

describe('renaming a step', () => {
  it('renames the step, the nodes that run it and the task blueprint built on it', async () => {
    const { renameStep } = await import('./step-edits.ts');
    const text = applied(renameStep(example, 'train', 'fit'));
    const { config } = importValohaiYaml(text);
    expect(config.steps.map((s) => s.name)).toContain('fit');
    expect(config.tasks[0]?.step).toBe('fit');
    expect(renameStep(example, 'train', 'evaluate')).toEqual({ ok: false, message: 'there is already a step "evaluate"' });
    expect(applied(renameStep(text, 'fit', 'train'))).toBe(example);
  });
});
