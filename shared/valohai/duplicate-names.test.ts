import { describe, expect, it } from 'vitest';
import { buildCommand } from '../run/build-command.ts';
import { planRun } from '../run/plan.ts';
import { importValohaiYaml } from './import.ts';
import { findByName, inEffect } from './model/config.ts';

// Upstream's parser keeps steps (and a step's parameters, inputs and environment variables) in a
// dict by name: a later item of the same name replaces an earlier one, in the earlier one's place.
// Valohai runs what that parser gives, so a file with a name written twice must run the same here.

const twoSteps = `- step:
    name: save step
    image: python:3.12
    command: python save.py
    inputs:
      - {name: model, optional: true}
- step:
    name: save step
    image: python:3.12
    command: python eval.py
    inputs:
      - {name: saved_model, optional: true}
- pipeline:
    name: p
    nodes:
      - {name: save, type: execution, step: save step}
    edges: []
`;

describe('a name written twice', () => {
  it('runs the last step of that name, and says the earlier one is ignored, at its own line', () => {
    const { config, diagnostics } = importValohaiYaml(twoSteps);
    const planned = planRun(config, 'p', { pipelineParams: {}, nodeParams: {} });
    if (!planned.ok) throw new Error(planned.problems.join('; '));
    const [node] = planned.plan.nodes;
    expect(node?.kind === 'execution' && node.step.command).toEqual(['python eval.py']);
    expect(node?.kind === 'execution' && node.step.inputs.map((i) => i.name)).toEqual(['saved_model']);
    const said = diagnostics.filter((d) => d.code === 'duplicate-name');
    expect(said).toHaveLength(1);
    expect(said[0]?.message).toContain('Valohai uses the last step of that name, so this one is ignored');
    expect(said[0]?.line).toBe(2);
    expect(findByName(config.steps, 'save step')?.command).toEqual(['python eval.py']);
  });

  it("keeps one of a step's parameters, inputs and variables per name: the first one's place, the last one's value", () => {
    const { config, diagnostics } = importValohaiYaml(`- step:
    name: a
    image: python:3.12
    command: python a.py {parameters}
    parameters:
      - {name: lr, type: float, default: 0.1}
      - {name: epochs, type: integer, default: 3}
      - {name: lr, type: float, default: 0.5}
    inputs:
      - {name: data, default: a.txt}
      - {name: data, default: b.txt}
    environment-variables:
      - {name: MODE, default: first}
      - {name: MODE, default: second}
`);
    const step = findByName(config.steps, 'a');
    if (!step) throw new Error('no step');
    // was "--lr=0.5 --epochs=3 --lr=0.5", and both files fetched
    expect(buildCommand(step, { lr: 0.5, epochs: 3 })).toEqual(['python a.py --lr=0.5 --epochs=3']);
    expect(step.inputs.map((i) => i.defaults)).toEqual([['b.txt']]);
    expect(step.environmentVariables.map((v) => v.default)).toEqual(['second']);
    const said = diagnostics.filter((d) => d.code === 'parameter-duplicate').map((d) => [d.line, d.message]);
    expect(said).toEqual([
      [6, 'Step "a" declares parameter "lr" twice; Valohai uses the last one (in this one\'s place), so this one is ignored'],
      [10, 'Step "a" declares input "data" twice; Valohai uses the last one (in this one\'s place), so this one is ignored'],
      [13, 'Step "a" declares environment variable "MODE" twice; Valohai uses the last one (in this one\'s place), so this one is ignored'],
    ]);
  });

  it("checks only the definitions in effect, as upstream's linter does: an ignored one's slips are not the file's errors", () => {
    const text = `- step: {name: a, image: x, command: echo a}
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: no-such-step}]
    edges: []
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: a}]
    edges: []
`;
    const { config, diagnostics } = importValohaiYaml(text);
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[3, 'duplicate-name']]);
    expect(inEffect(config).pipelines.map((p) => p.nodes[0]?.type === 'execution' && p.nodes[0].step)).toEqual(['a']);
  });
});
