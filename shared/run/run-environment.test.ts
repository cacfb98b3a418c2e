import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../valohai/import.ts';
import { planRun } from './plan.ts';
import { looksSecret, parseEnvFlags } from './run-environment.ts';

const yaml = `- step:
    name: s
    image: x
    command: run
    environment-variables: [{name: HF_TOKEN, optional: false}, {name: MODE, default: online}]
- pipeline: {name: p, nodes: [{name: a, type: execution, step: s}], edges: []}
`;

const plan = (values?: Record<string, string>) => planRun(importValohaiYaml(yaml).config, 'p', { pipelineParams: {}, nodeParams: {}, environment: {}, ...(values ? { environmentValues: values } : {}) });

describe("a run's environment variables (--env)", () => {
  it('give a declared variable its value, add another, and let a required one without a default start', () => {
    expect(plan()).toMatchObject({ ok: false, problems: [expect.stringContaining('environment variable HF_TOKEN is required')] });
    const given = plan({ HF_TOKEN: 'hf', MODE: 'off', EXTRA: '1' });
    if (!given.ok) throw new Error(given.problems.join('; '));
    const node = given.plan.nodes[0];
    expect(node?.kind === 'deployment' ? [] : node?.step.environmentVariables.map((v) => [v.name, v.default])).toEqual([['HF_TOKEN', 'hf'], ['MODE', 'off'], ['EXTRA', '1']]);
  });

  it('are read from NAME=VALUE flags, the value holding any =; a name a shell cannot export is refused', () => {
    expect(parseEnvFlags(['A=1', 'B=x=y', 'C='])).toEqual({ ok: true, values: { A: '1', B: 'x=y', C: '' } });
    expect(parseEnvFlags(['A'])).toEqual({ ok: false, message: '--env takes NAME=VALUE (got "A")' });
    expect(parseEnvFlags(['MY-VAR=1'])).toMatchObject({ ok: false, message: expect.stringContaining('"MY-VAR" is not a name a shell can export') });
  });

  it('tell a secret by its name, to hide it as typed and keep it out of the file', () => {
    expect(['HF_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'WANDB_API_KEY', 'OPENAI_APIKEY', 'KAGGLE_KEY'].filter(looksSecret)).toHaveLength(6);
    expect(['WANDB_MODE', 'DATA_TAG', 'BATCH_SIZE', 'TOKENIZERS_PARALLELISM', 'MONKEY_PATCH'].filter(looksSecret)).toEqual([]);
  });
});
