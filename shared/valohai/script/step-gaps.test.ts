import { describe, expect, it } from 'vitest';
import { optionsNotTaken, parametersNotTaken, scriptCall } from './step-gaps.ts';

describe('the script a command line runs', () => {
  it('finds it after an interpreter, a project tool or a launcher, or as a module; and what it is given', () => {
    const cases: [string, string | undefined, string?][] = [
      ['python3 train.py {parameters}', 'train.py', ' {parameters}'],
      ['python -u src/fit.py --x=1 && echo done', 'src/fit.py', ' --x=1 && echo done'],
      ['python3.11 "train.py"', 'train.py', ''],
      ['./train.py -k 3', 'train.py', ' -k 3'],
      ['python3 ./src/fit.py', 'src/fit.py', ''],
      ['uv run python train.py --lr=1', 'train.py', ' --lr=1'],
      ['torchrun --nproc-per-node 2 train.py {parameters}', 'train.py', ' {parameters}'],
      ['accelerate launch --num_processes=2 src/train.py', 'src/train.py', ''],
      ['python -m src.train {parameters}', 'src/train.py', ' {parameters}'],
      ['python -m torch.distributed.run --nproc-per-node=2 train.py', 'train.py', ''],
      ['pip install -r requirements.txt && python3 train.py', undefined],
      ['python -c "import x; x.go()"', undefined],
      ['bash run.sh', undefined],
      ['pythonista train.py', undefined],
      ['/usr/bin/python3 train.py', 'train.py', ''],
      ['.venv/bin/python -u src/fit.py --x', 'src/fit.py', ' --x'],
    ];
    for (const [line, script, after] of cases) {
      const call = scriptCall(line);
      expect(call?.script, line).toBe(script);
      if (after !== undefined) expect(call?.after, line).toBe(after);
    }
  });
});

describe('options a script refuses', () => {
  const accepts = { parser: 'argparse' as const, options: ['--learning-rate', '-k', '--epochs', '-h', '--help'] };

  it("takes a declared option and argparse's abbreviation of a long one; refuses the rest", () => {
    expect(optionsNotTaken(['--learning-rate', '--learn', '-k', '--epochs', '--lr', '-e', '--epochs'], accepts)).toEqual(['--lr', '-e']);
    // click, typer and fire take no abbreviation.
    expect(optionsNotTaken(['--learn', '--epochs'], { ...accepts, parser: 'click' })).toEqual(['--learn']);
  });

  it("checks a step's parameters by the option each passes, positionals aside", () => {
    const step = {
      command: ['python3 train.py {parameters}'],
      parameters: [{ name: 'learning-rate' }, { name: 'lr' }, { name: 'rate', passAs: '--learning-rate={v}' }, { name: 'data', passAs: '{v}' }, { name: 'fast', passTrueAs: '--fast' }, { name: 'k', passAs: '-k {v}' }],
      inputs: [],
    };
    expect(parametersNotTaken(step, accepts)).toEqual([
      { parameter: 'lr', option: '--lr' },
      { parameter: 'fast', option: '--fast' },
    ]);
  });
});
