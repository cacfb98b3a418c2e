import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../import.ts';
import { addTask, blueprintForNode, freeTaskName, setParameterSets, setTaskKey, setVariant } from './task-edits.ts';
import type { EditResult } from './yaml-splice.ts';

const FILE = `# a sweep over fit
- step:
    name: fit
    image: x
    command: echo {parameters}
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: depth, type: integer, default: 2}
- task:
    step: fit
    name: sweep  # the one we tune
    type: grid_search
    parameters:
      - name: lr
        style: multiple
        rules:
          items: [0.1, 0.01]
`;

const textOf = (result: EditResult): string => {
  if (!result.ok) throw new Error(result.message);
  return result.text;
};

const taskOf = (text: string) => {
  const { config, diagnostics } = importValohaiYaml(text);
  expect(diagnostics).toEqual([]);
  return config.tasks[0];
};

describe('editing a task blueprint from its panel', () => {
  it('adds, changes and removes how each parameter varies, keeping the rest of the file as written', () => {
    let text = textOf(setVariant(FILE, 'sweep', 'depth', { style: 'linear', start: 1, end: 5, step: 2 }));
    expect(taskOf(text)?.parameters.map((p) => [p.name, p.rules])).toEqual([
      ['lr', { style: 'multiple', items: [0.1, 0.01] }],
      ['depth', { style: 'linear', start: 1, end: 5, step: 2 }],
    ]);
    text = textOf(setVariant(text, 'sweep', 'lr', { style: 'logspace', start: -4, end: -1, count: 4, base: 10, integerify: false }));
    expect(taskOf(text)?.parameters[0]?.rules).toMatchObject({ style: 'logspace', start: -4, end: -1, count: 4 });
    expect(text).toContain('name: sweep  # the one we tune');
    expect(text.startsWith('# a sweep over fit\n')).toBe(true);
    // The last one removed leaves the key a task needs; a later one comes back as a block list.
    text = textOf(setVariant(textOf(setVariant(text, 'sweep', 'lr', undefined)), 'sweep', 'depth', undefined));
    expect(text).toContain('    parameters: []\n');
    expect(taskOf(text)?.parameters).toEqual([]);
    text = textOf(setVariant(text, 'sweep', 'depth', { style: 'random', min: 1, max: 9, count: 3, seed: null, distribution: 'uniform', integerify: false }));
    expect(taskOf(text)?.parameters.map((p) => p.rules)).toEqual([{ style: 'random', min: 1, max: 9, count: 3, seed: undefined, distribution: 'uniform', integerify: false }]);
    expect(text).toContain('    parameters:\n      - name: depth\n        style: random\n');
  });

  it('sets the type and counts, and refuses what would not run', () => {
    let text = textOf(setTaskKey(FILE, 'sweep', 'type', 'random_search'));
    text = textOf(setTaskKey(text, 'sweep', 'execution-count', 5));
    expect(taskOf(text)).toMatchObject({ type: 'random_search', executionCount: 5 });
    expect(taskOf(textOf(setTaskKey(text, 'sweep', 'execution-count', undefined)))?.executionCount).toBeUndefined();
    expect(setTaskKey(FILE, 'sweep', 'type', 'hyperband')).toEqual({ ok: false, message: "a task's type is one of grid_search, random_search, manual_search, bayesian_tpe, distributed" });
    expect(setTaskKey(FILE, 'sweep', 'execution-count', 0)).toEqual({ ok: false, message: 'execution-count is a whole number of at least 1' });
    // A Bayesian task's settings.
    text = textOf(setTaskKey(text, 'sweep', 'type', 'bayesian_tpe'));
    text = textOf(setTaskKey(text, 'sweep', 'optimization-target-metric', 'loss'));
    text = textOf(setTaskKey(text, 'sweep', 'optimization-target-value', 0.05));
    text = textOf(setTaskKey(text, 'sweep', 'execution-batch-size', 2));
    expect(taskOf(text)).toMatchObject({ type: 'bayesian_tpe', optimizationTargetMetric: 'loss', optimizationTargetValue: 0.05, executionBatchSize: 2 });
    expect(setTaskKey(FILE, 'sweep', 'optimization-target-value', Number.NaN)).toMatchObject({ ok: false });
    expect(setTaskKey(FILE, 'sweep', 'optimization-target-metric', ' ')).toMatchObject({ ok: false });
    // What a failed child does to the others, and the Bayesian engine.
    expect(taskOf(textOf(setTaskKey(text, 'sweep', 'on-child-error', 'continue-and-complete')))?.onChildError).toBe('continue-and-complete');
    expect(taskOf(textOf(setTaskKey(text, 'sweep', 'engine', 'hyperopt')))?.engine).toBe('hyperopt');
    expect(setTaskKey(FILE, 'sweep', 'on-child-error', 'ignore')).toEqual({ ok: false, message: 'on-child-error is one of continue-and-complete, continue-and-error, stop-all-and-error' });
    expect(setTaskKey(FILE, 'sweep', 'engine', 'skopt')).toEqual({ ok: false, message: 'a Bayesian engine is one of optuna, hyperopt' });
    // When it stops starting children, whether it reuses earlier ones, what it is for.
    text = textOf(setTaskKey(text, 'sweep', 'stop-condition', 'loss < 0.05'));
    text = textOf(setTaskKey(text, 'sweep', 'reuse-children', true));
    text = textOf(setTaskKey(text, 'sweep', 'description', 'depth: how deep is enough?'));
    expect(taskOf(text)).toMatchObject({ stopCondition: 'loss < 0.05', reuseChildren: true, description: 'depth: how deep is enough?' });
    expect(text).toContain('    stop-condition: loss < 0.05\n    reuse-children: true\n    description: "depth: how deep is enough?"\n');
    expect(setTaskKey(FILE, 'sweep', 'stop-condition', 'loss <')).toMatchObject({ ok: false, message: expect.stringMatching(/^stop-condition is a condition on the children's metadata, as `loss < 0.05`: /) as unknown });
    expect(setTaskKey(FILE, 'sweep', 'reuse-children', 'yes')).toEqual({ ok: false, message: 'reuse-children is true or false' });
    expect(setTaskKey(FILE, 'sweep', 'execution-count', true)).toMatchObject({ ok: false });
    expect(setVariant(FILE, 'sweep', 'lr', { style: 'linear', start: 1, end: 0, step: 1 })).toEqual({ ok: false, message: 'lr: the step goes from start toward end (not 0, and negative to count down)' });
    expect(setVariant(FILE, 'sweep', 'lr', { style: 'multiple', items: [] })).toMatchObject({ ok: false });
    expect(setVariant(FILE, 'sweep', 'lr', { style: 'random', min: 0, max: 1, count: 0.5, seed: null, distribution: 'uniform', integerify: false })).toMatchObject({ ok: false, message: 'lr: count is a whole number of at least 1' });
    expect(setVariant(FILE, 'nope', 'lr', undefined)).toEqual({ ok: false, message: 'no task named "nope"' });
  });

  it('adds a task over a step, varying nothing yet, and refuses a name taken or a step not there', () => {
    const text = textOf(addTask(FILE, { name: 'depth sweep', step: 'fit' }));
    expect(text.startsWith(FILE)).toBe(true);
    expect(importValohaiYaml(text).config.tasks.map((t) => [t.name, t.step, t.type, t.parameters.length])).toEqual([
      ['sweep', 'fit', 'grid_search', 1],
      ['depth sweep', 'fit', 'grid_search', 0],
    ]);
    expect(importValohaiYaml(text).diagnostics).toEqual([]);
    expect(addTask(FILE, { name: 'sweep', step: 'fit' })).toEqual({ ok: false, message: 'there is already a task "sweep"' });
    expect(addTask(FILE, { name: 'x', step: 'nope' })).toEqual({ ok: false, message: 'no step named "nope"' });
    expect(addTask(FILE, { name: ' ', step: 'fit' })).toMatchObject({ ok: false });
    expect(freeTaskName([{ name: 'fit-sweep' }, { name: 'fit-sweep-2' }], 'fit-sweep')).toBe('fit-sweep-3');
    expect(freeTaskName([], 'fit-sweep')).toBe('fit-sweep');
  });

  it('gives a task node that names its step a blueprint of its own, and points the node at it', () => {
    const withNode = `${FILE}- pipeline:\n    name: p\n    nodes:\n      - {name: tune, type: task, step: fit}\n    edges: []\n`;
    const text = textOf(blueprintForNode(withNode, 'p', 'tune', 'tune-sweep'));
    const { config, diagnostics } = importValohaiYaml(text);
    expect(diagnostics).toEqual([]);
    expect(config.tasks.map((t) => [t.name, t.step])).toEqual([['sweep', 'fit'], ['tune-sweep', 'fit']]);
    expect(config.pipelines[0]?.nodes[0]).toMatchObject({ name: 'tune', type: 'task', source: { kind: 'blueprint', task: 'tune-sweep' } });
    expect(blueprintForNode(text, 'p', 'tune', 'again')).toEqual({ ok: false, message: 'node "tune" is not a task node that names its step' });
  });

  it('sets a random variant\'s seed, distribution and whole numbers, and a logspace\'s base, writing none that is its default and unwritten', () => {
    const file = FILE.replace('        style: multiple\n        rules:\n          items: [0.1, 0.01]\n', '        style: random\n        rules: {min: 0.001, max: 0.1, count: 4, seed: 42, distribution: loguniform, numberify: true}  # keep me\n');
    const random = { style: 'random', min: 0.0001, max: 0.1, count: 8, seed: 42, distribution: 'loguniform', integerify: false } as const;
    let text = textOf(setVariant(file, 'sweep', 'lr', random));
    expect(taskOf(text)?.parameters[0]?.rules).toEqual({ style: 'random', min: 0.0001, max: 0.1, count: 8, seed: 42, distribution: 'loguniform', integerify: false });
    expect(text).toContain('numberify: true'); // a rule the panel does not set stays
    expect(text).not.toContain('integerify'); // its default, never written: not written now
    // The seed cleared goes; another distribution and whole numbers are written.
    text = textOf(setVariant(text, 'sweep', 'lr', { ...random, seed: null, distribution: 'uniform', integerify: true }));
    expect(text).toContain('integerify: true');
    expect(text).not.toContain('seed');
    expect(taskOf(text)?.parameters[0]?.rules).toEqual({ style: 'random', min: 0.0001, max: 0.1, count: 8, seed: undefined, distribution: 'uniform', integerify: true });
    text = textOf(setVariant(text, 'sweep', 'lr', { style: 'logspace', start: 1, end: 3, count: 3, base: 2, integerify: true }));
    expect(taskOf(text)?.parameters[0]?.rules).toEqual({ style: 'logspace', start: 1, end: 3, count: 3, base: 2, integerify: true });
    expect(setVariant(file, 'sweep', 'lr', { ...random, min: 0 })).toEqual({ ok: false, message: 'lr: a loguniform range is above 0 (min and max)' });
    expect(setVariant(file, 'sweep', 'lr', { ...random, seed: 1.5 })).toEqual({ ok: false, message: 'lr: seed is a whole number' });
    expect(setVariant(file, 'sweep', 'lr', { style: 'logspace', start: 1, end: 3, count: 3, base: 1, integerify: false })).toEqual({ ok: false, message: 'lr: base is a positive number other than 1' });
  });

  it('writes parameter sets (one execution each) as a manual search, and removes them with the last', () => {
    let text = textOf(setParameterSets(FILE, 'sweep', [{ lr: 0.1 }, { lr: 0.5 }]));
    expect(taskOf(text)).toMatchObject({ type: 'manual_search', parameterSets: [{ lr: 0.1 }, { lr: 0.5 }] });
    expect(importValohaiYaml(text).diagnostics).toEqual([]);
    text = textOf(setParameterSets(text, 'sweep', []));
    expect(text).not.toContain('parameter-sets');
    expect(taskOf(text)?.parameterSets).toEqual([]);
    expect(setParameterSets(FILE, 'sweep', [{}])).toEqual({ ok: false, message: 'a parameter set gives at least one parameter a value' });
  });
});
