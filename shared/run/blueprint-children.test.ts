import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../valohai/import.ts';
import type { TaskBlueprint } from '../valohai/model/task-blueprint.ts';
import { blueprintChildren } from './blueprint-children.ts';

const STEP = `
- step:
    name: train
    image: x
    command: python train.py {parameters}
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: momentum, type: float, default: 0.9}
      - {name: layers, type: integer, default: 2}
`;

function blueprint(task: string): TaskBlueprint {
  const { config, diagnostics } = importValohaiYaml(`${STEP}- task:\n    step: train\n    name: t\n${task}`);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return config.tasks[0] as TaskBlueprint;
}

describe('the children of a task blueprint, by its type', () => {
  it('random search: execution-count children, each drawing every parameter on its own, the same on every run', () => {
    const task = blueprint(`    type: random_search
    execution-count: 50
    parameters:
      - {name: lr, style: random, rules: {min: 0.0001, max: 0.1, distribution: loguniform}}
      - {name: momentum, style: random, rules: {min: 0.5, max: 0.99}}
      - {name: layers, style: multiple, rules: {items: [1, 2, 4, 8]}}
`);
    const { children, distributed, notes } = blueprintChildren(task);
    expect(children).toHaveLength(50);
    expect(distributed).toBe(false);
    expect(notes).toEqual([]);
    const lrs = children.map((c) => c['lr'] as number);
    const momenta = children.map((c) => c['momentum'] as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(0.0001);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(0.1);
    // Log-uniform: about as many draws below 0.0032 (the geometric middle) as above it.
    expect(lrs.filter((lr) => lr < 0.0032).length).toBeGreaterThan(12);
    expect(momenta.every((m) => m >= 0.5 && m <= 0.99)).toBe(true);
    // Two unseeded parameters are not drawn in step.
    expect(new Set(children.map((c) => `${(c['lr'] as number) > 0.0032}-${(c['momentum'] as number) > 0.745}`)).size).toBeGreaterThan(2);
    expect(new Set(children.map((c) => c['layers']))).toEqual(new Set([1, 2, 4, 8]));
    expect(blueprintChildren(task).children).toEqual(children);
  });

  it('random search without execution-count runs as many children as the rules would make', () => {
    const { children } = blueprintChildren(
      blueprint(`    type: RANDOM-SEARCH
    parameters:
      - {name: lr, style: random, rules: {min: 1, max: 10, count: 3, integerify: true, seed: 4}}
      - {name: layers, style: multiple, rules: {items: [1, 2]}}
`),
    );
    expect(children).toHaveLength(6);
    expect(children.every((c) => Number.isInteger(c['lr']) && (c['lr'] as number) >= 1 && (c['lr'] as number) <= 10)).toBe(true);
  });

  it('Bayesian (TPE): 20 random draws, then an optimiser of the target metric for the rest, as on Valohai', () => {
    const task = (count: number, target = '    optimization-target-metric: loss\n'): string => `    type: bayesian_tpe
    execution-count: ${count}
${target}    parameters:
      - {name: lr, style: random, rules: {min: 0.001, max: 0.1, distribution: loguniform}}
      - {name: opt, style: multiple, rules: {items: [sgd, adam]}}
`;
    // Fewer than 21 children: random search, as Valohai does.
    const few = blueprintChildren(blueprint(task(12)));
    expect(few).toMatchObject({ distributed: false, notes: [] });
    expect(few.optimizer).toBeUndefined();
    const many = blueprintChildren(blueprint(task(30)));
    expect(many.children).toHaveLength(30);
    expect(many.optimizer).toEqual({
      firstProposed: 20,
      metric: 'loss',
      goal: { kind: 'lowest' },
      space: { lr: { kind: 'range', min: 0.001, max: 0.1, log: true, integer: false }, opt: { kind: 'choice', values: ['sgd', 'adam'] } },
    });
    expect(many.notes).toEqual([expect.stringContaining("each later one takes the values TPE proposes from the finished children's loss, toward the lowest")]);
    expect(blueprintChildren(blueprint(task(30, '    optimization-target-metric: accuracy\n    optimization-target-value: 0.99\n'))).optimizer?.goal).toEqual({ kind: 'toward', value: 0.99 });
    expect(blueprintChildren(blueprint(task(30, '    optimization-target-metric: accuracy\n'))).optimizer?.goal).toEqual({ kind: 'highest' });
    expect(blueprintChildren(blueprint(task(30, ''))).notes).toEqual([expect.stringContaining('without optimization-target-metric: all 30 children are random draws')]);
  });

  it('distributed: execution-count identical workers, started as one group', () => {
    const { children, distributed, notes } = blueprintChildren(
      blueprint(`    type: distributed
    execution-count: 4
    parameters: [{name: layers, style: single, rules: {value: 8}}]
`),
    );
    expect(distributed).toBe(true);
    expect(children).toEqual([{ layers: 8 }, { layers: 8 }, { layers: 8 }, { layers: 8 }]);
    expect(notes).toEqual([]);
    // The upstream fixture's distributed task varies a parameter and sets no count: one worker, and both said.
    const odd = blueprintChildren(
      blueprint(`    type: distributed
    parameters:
      - {name: lr, style: random, rules: {min: 1, max: 25, count: 10}}
`),
    );
    expect(odd.children).toHaveLength(1);
    expect(odd.notes).toEqual([expect.stringContaining('sets no execution-count'), expect.stringContaining('first of its 10 parameter combinations')]);
  });

  it('grid and manual search: every combination, or every parameter set, capped by execution-count', () => {
    const grid = blueprintChildren(
      blueprint(`    execution-count: 3
    parameters:
      - {name: lr, style: multiple, rules: {items: [0.1, 0.2]}}
      - {name: layers, style: linear, rules: {start: 1, end: 2, step: 1}}
`),
    );
    expect(grid.children).toEqual([
      { lr: 0.1, layers: 1 },
      { lr: 0.1, layers: 2 },
      { lr: 0.2, layers: 1 },
    ]);
    const sets = blueprintChildren(blueprint('    type: manual_search\n    parameter-sets: [{lr: 0.5}, {lr: 0.6, layers: 3}]\n'));
    expect(sets.children).toEqual([{ lr: 0.5 }, { lr: 0.6, layers: 3 }]);
    // A random search given parameter sets alone has nothing to draw: its sets run as written.
    expect(blueprintChildren(blueprint('    type: random_search\n    parameter-sets: [{lr: 0.5}, {lr: 0.6}]\n')).children).toEqual([{ lr: 0.5 }, { lr: 0.6 }]);
  });

  it('reads a logspace written with min/max, as in Valohai\'s docs', () => {
    const { children } = blueprintChildren(blueprint('    parameters:\n      - {name: lr, style: logspace, rules: {min: -3, max: -1, count: 3}}\n'));
    expect(children.map((c) => c['lr'])).toEqual([0.001, 0.01, 0.1]);
  });
});
