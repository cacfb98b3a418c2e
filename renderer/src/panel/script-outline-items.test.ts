import { describe, expect, it } from 'vitest';
import { missingFromStep, scriptRunBy } from './script-outline-items.ts';

const outline = {
  step: null,
  image: null,
  parameters: [
    { name: 'learning-rate', type: 'float' as const, default: 0.1 },
    { name: 'k', type: 'integer' as const, 'pass-as': '-k {v}' },
    { name: 'data', type: 'string' as const, 'pass-as': '{v}' },
    { name: 'shuffle', type: 'flag' as const, default: false },
    { name: 'dropout', type: 'float' as const, default: 0.2 },
  ],
  inputs: [{ name: 'dataset' }, { name: 'labels' }],
  notes: [],
  accepts: null,
  modules: [],
  environment: [{ name: 'WANDB_PROJECT', default: 'churn' }, { name: 'SEED' }],
};

describe("a script's outline beside a step", () => {
  it('finds the script a command runs, among the project\'s own', () => {
    const scripts = ['train.py', 'prep.py'];
    expect(scriptRunBy('python3 train.py {parameters}', scripts)).toBe('train.py');
    expect(scriptRunBy('python -u prep.py', scripts)).toBe('prep.py');
    expect(scriptRunBy('python3.11 "train.py"', scripts)).toBe('train.py');
    expect(scriptRunBy('python3 other.py', scripts)).toBeUndefined();
    expect(scriptRunBy('pip install x && python3 train.py', scripts)).toBeUndefined();
    // One in a folder of the project, however the path is written.
    expect(scriptRunBy('python3 src/fit.py {parameters}', ['src/fit.py'])).toBe('src/fit.py');
    expect(scriptRunBy('python3 ./src/fit.py', ['src/fit.py'])).toBe('src/fit.py');
    expect(scriptRunBy('python3 ../fit.py', ['src/fit.py'])).toBeUndefined();
  });

  it('counts an option as passed by any parameter that passes it, whatever its name; a positional by its name', () => {
    const step = {
      command: ['python3 train.py {parameters}'],
      parameters: [
        { name: 'lr', passAs: '--learning-rate={v}' },
        { name: 'k', passAs: '-k {v}' },
        { name: 'data', passAs: '{v}' },
        { name: 'mix', passTrueAs: '--shuffle' },
      ],
      inputs: [{ name: 'dataset' }],
    };
    expect(missingFromStep({ ...step, environmentVariables: [{ name: 'SEED' }] }, outline)).toEqual({
      parameters: [{ name: 'dropout', type: 'float', default: 0.2 }],
      inputs: [{ name: 'labels' }],
      environment: [{ name: 'WANDB_PROJECT', default: 'churn' }],
    });
  });
});
