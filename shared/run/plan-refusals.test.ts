import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../valohai/import.ts';
import { listRefused } from './children.ts';
import { planRun } from './plan.ts';

/** As in a real project's file: the edge's input name is a letter off the one the step declares. */
const yaml = `- step:
    name: count
    image: x
    command: python count.py {parameters}
    outputs: []
- step:
    name: train
    image: x
    command: python train.py {parameters}
    parameters: [{name: learning_rate, type: float}]
    inputs: [{name: cooccurrence_matrix}]
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: count}, {name: b, type: execution, step: train}]
    edges:
      - [a.output.matrix*, b.input.cooccurence_matrix]
      - [a.metadata.lr, b.parameter.learning_rat]
`;

const refusal = (text: string): string[] => {
  const planned = planRun(importValohaiYaml(text).config, 'p', { pipelineParams: {}, nodeParams: {}, environment: {} });
  return planned.ok ? [] : [...planned.problems];
};

describe('why a run cannot start', () => {
  it("names the edge that feeds a name the step lacks, a letter off the input or parameter left without one", () => {
    expect(refusal(yaml)).toEqual([
      'node "b": parameter "learning_rate" has no value (an edge feeds "learning_rat", which the step lacks: did it mean "learning_rate"? Or give it a default or an edge, or for one run: --node-param b.learning_rate=VALUE)',
      'node "b": input "cooccurrence_matrix" has no default and no edge feeding it (an edge feeds "cooccurence_matrix", which the step lacks: did it mean "cooccurrence_matrix"? Or give it one in the file, or for one run: --node-input b.cooccurrence_matrix=PATH or URL)',
    ]);
  });

  it('says nothing of an edge into a name far from any', () => {
    const far = yaml.replace('b.input.cooccurence_matrix', 'b.input.extra').replace('b.parameter.learning_rat', 'b.parameter.epochs');
    expect(refusal(far)).toEqual([
      'node "b": parameter "learning_rate" has no value (give it a default or an edge, or for one run: --node-param b.learning_rate=VALUE)',
      'node "b": input "cooccurrence_matrix" has no default and no edge feeding it (give it one in the file, or for one run: --node-input b.cooccurrence_matrix=PATH or URL)',
    ]);
  });

  it("points --param at a node's own parameter of that name, which --node-param sets", () => {
    const text = yaml.replace('[{name: learning_rate, type: float}]', '[{name: learning_rate, type: float, default: 0.1}]').replace('      - [a.metadata.lr, b.parameter.learning_rat]\n', '').replace('b.input.cooccurence_matrix', 'b.input.cooccurrence_matrix');
    const planned = planRun(importValohaiYaml(text).config, 'p', { pipelineParams: { learning_rate: ['0.2'] }, nodeParams: {}, environment: {} });
    expect(planned.ok ? [] : planned.problems).toEqual([
      '--param learning_rate: the pipeline has no parameter "learning_rate" (it has: none); a node\'s own parameter is set with --node-param: --node-param b.learning_rate=VALUE',
    ]);
  });

  it("says first, of a list into a parameter with a multiple-separator but no multiple, the multiple: separate its separator meant", () => {
    const step = importValohaiYaml("- step: {name: t, image: x, command: x, parameters: [{name: ids, type: string, multiple-separator: ','}, {name: lr, type: float}]}\n").config.steps[0];
    expect(listRefused('ids', step?.parameters[0])).toBe('parameter "ids" received a list, but it takes one value (add multiple: separate to the parameter to join it with "," into one argument, as its multiple-separator says; or make the node a task to run one execution per value; where the list is a task\'s children\'s values, the edge\'s configuration {pick: max, by: METRIC} passes only the best child\'s)');
    expect(listRefused('lr', step?.parameters[1])).toMatch(/^parameter "lr" received a list, but it takes one value \(make the node a task/);
  });
});
