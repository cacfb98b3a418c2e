/**
 * `autorestart` came to valohai-yaml after the v0.57.0 schema the fixtures were exported from:
 * these are upstream's newer examples (valid and error), which a user's file may follow.
 */
import { describe, expect, it } from 'vitest';
import { resolveStep } from '../../run/resolve-step.ts';
import { importValohaiYaml } from '../import.ts';

const errors = (yaml: string) => importValohaiYaml(yaml).diagnostics.filter((d) => d.severity === 'error');

const STEPS = `- step:
    name: train
    image: tensorflow/tensorflow
    command: python train.py
    environment: aws-spot-env
    autorestart: true
- step:
    name: predict
    image: tensorflow/tensorflow
    command: python predict.py
`;

describe('autorestart (valohai-yaml after v0.57.0)', () => {
  it('accepts it on a step with an environment, and on a step that leaves it out or says false', () => {
    const result = importValohaiYaml(`- step: {name: a, image: x, command: ls, environment: spot, autorestart: true}
- step: {name: b, image: x, command: ls, environment: spot, autorestart: false}
- step: {name: c, image: x, command: ls}
`);
    expect(result.diagnostics).toEqual([]);
    expect(result.config.steps.map((s) => s.autorestart)).toEqual([true, false, undefined]);
  });

  it('refuses autorestart: true on a step without an environment, at the key', () => {
    const [error, ...rest] = errors('- step:\n    name: s\n    image: x\n    command: ls\n    autorestart: true\n');
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'autorestart-without-environment', line: 5, subject: { kind: 'step', step: 's' } });
    expect(error?.message).toContain('without "environment"');
  });

  it("lets a node's override turn it off or on, an explicit false winning over the step's true", () => {
    const { config, diagnostics } = importValohaiYaml(`${STEPS}- pipeline:
    name: p
    nodes:
      - {name: turned-off, type: execution, step: train, override: {autorestart: false}}
      - {name: turned-on, type: execution, step: predict, override: {autorestart: true, environment: aws-spot-env}}
      - {name: kept, type: execution, step: train, override: {image: another/image}}
      - {name: sweep, type: task, step: train, override: {autorestart: false}}
    edges: []
`);
    expect(diagnostics).toEqual([]);
    const [train, predict] = config.steps;
    const nodes = config.pipelines[0]?.nodes ?? [];
    const resolved = nodes.map((n) => (n.type === 'deployment' ? undefined : resolveStep(n.name === 'turned-on' ? predict! : train!, n.override).autorestart));
    expect(resolved).toEqual([false, true, true, false]);
  });

  it("refuses an override's autorestart: true when neither it nor the step names an environment, and takes the step's", () => {
    const found = errors(`${STEPS}- pipeline:
    name: p
    nodes:
      - {name: bare, type: execution, step: predict, override: {autorestart: true}}
      - {name: inherits, type: execution, step: train, override: {autorestart: true}}
    edges: []
`);
    expect(found.map((d) => [d.code, d.message.split(':')[0]])).toEqual([['autorestart-without-environment', 'Pipeline "p" node "bare" step "predict"']]);
  });

  it('refuses autorestart: null in an override (there is no way to unset a step setting), and other non-booleans', () => {
    const found = errors(`${STEPS}- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: train, override: {autorestart: null}}
      - {name: b, type: execution, step: train, override: {autorestart: "yes please"}}
    edges: []
`);
    expect(found.map((d) => d.message)).toEqual([
      'Pipeline "p" node "a": override › autorestart must be true or false (got nothing)',
      'Pipeline "p" node "b": override › autorestart must be true or false (got "yes please")',
    ]);
  });
});
