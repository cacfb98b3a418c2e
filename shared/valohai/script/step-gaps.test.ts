import { describe, expect, it } from 'vitest';
import { optionsNotTaken, parametersNotTaken } from './step-gaps.ts';

describe('options a script refuses', () => {
  const accepts = ['--learning-rate', '-k', '--epochs', '-h', '--help'];

  it("takes a declared option and argparse's abbreviation of a long one; refuses the rest", () => {
    expect(optionsNotTaken(['--learning-rate', '--learn', '-k', '--epochs', '--lr', '-e', '--epochs'], accepts)).toEqual(['--lr', '-e']);
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
