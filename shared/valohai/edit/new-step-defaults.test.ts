import { describe, expect, it } from 'vitest';
import { newStepDefaults } from './new-step-defaults.ts';

const step = (name: string, ...command: string[]) => ({ name, command });

describe('a new step starts from the project', () => {
  it("runs the project's entry point, named after it", () => {
    expect(newStepDefaults(['helpers.py', 'train.py', 'zap.sh'], [])).toEqual({ name: 'train', command: 'python3 train.py {parameters}' });
    expect(newStepDefaults(['prepare_data.py'], [])).toEqual({ name: 'prepare-data', command: 'python3 prepare_data.py {parameters}' });
  });

  it('offers the next script once a step runs the first', () => {
    const steps = [step('train', 'pip install -r requirements.txt', 'python3 train.py {parameters}')];
    expect(newStepDefaults(['evaluate.py', 'train.py'], steps)).toEqual({ name: 'evaluate', command: 'python3 evaluate.py {parameters}' });
    // A script run by path counts as used; one whose name only ends the same does not.
    expect(newStepDefaults(['evaluate.py', 'retrain.py'], [step('e', 'python ./evaluate.py')])).toMatchObject({ command: 'python3 retrain.py {parameters}' });
  });

  it('finds the entry point in a folder, the one nearest the top first', () => {
    expect(newStepDefaults(['helpers.py', 'scripts/train.sh', 'src/train.py'], [])).toEqual({ name: 'train', command: 'python3 src/train.py {parameters}' });
    expect(newStepDefaults(['src/train.py', 'train.py'], [])).toMatchObject({ command: 'python3 train.py {parameters}' });
    expect(newStepDefaults(['main.py', 'src/train.py'], [])).toMatchObject({ command: 'python3 src/train.py {parameters}' });
    // `train.py` at the top is not the `src/train.py` a step runs.
    expect(newStepDefaults(['src/train.py', 'train.py'], [step('t', 'python3 src/train.py')])).toMatchObject({ command: 'python3 train.py {parameters}' });
    expect(newStepDefaults(['src/train.py', 'train.py'], [step('t', 'python3 ./src/train.py')])).toMatchObject({ command: 'python3 train.py {parameters}' });
  });

  it('runs each kind of script with its interpreter, Python first', () => {
    expect(newStepDefaults(['run.sh', 'run.py'], [])).toMatchObject({ command: 'python3 run.py {parameters}' });
    expect(newStepDefaults(['fit.R'], [])).toEqual({ name: 'fit', command: 'Rscript fit.R {parameters}' });
    expect(newStepDefaults(['go.sh'], [])).toMatchObject({ command: 'bash go.sh {parameters}' });
  });

  it('quotes a name the shell would split, and leaves the name to the user when a step has it', () => {
    expect(newStepDefaults(['my model.py'], [])).toEqual({ name: 'my-model', command: "python3 'my model.py' {parameters}" });
    expect(newStepDefaults(['train.py'], [step('train', 'python3 other.py')])).toEqual({ name: '', command: 'python3 train.py {parameters}' });
  });

  it('falls back to a placeholder when the project has no script left to run', () => {
    expect(newStepDefaults([], [])).toEqual({ name: '', command: 'python3 script.py {parameters}' });
    expect(newStepDefaults(['train.py'], [step('t', 'python3 train.py')])).toEqual({ name: '', command: 'python3 script.py {parameters}' });
  });
});
