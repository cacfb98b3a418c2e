import { describe, expect, it } from 'vitest';
import { applyAllFixes } from '../edit/apply-fix.ts';
import { commandItems } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';

const step = (command: string, extra = ''): string =>
  `- step:
    name: train
    image: python:3.12
    command:
${commandItems(command)}
    parameters:
      - {name: model_name, type: string, default: whisper-small}
      - {name: lr, type: float, default: 0.1}
      - {name: batch-size, type: integer, default: 8}
${extra}`;

const warned = (text: string) => importValohaiYaml(text).diagnostics.filter((d) => d.code === 'command-shell-parameter');

describe('a parameter read as a shell variable', () => {
  it('is warned of, saying nothing sets it and what to write, and its fix writes the placeholder in each form the shell reads', () => {
    const text = step(`python t.py --model $model_name --lr "\${lr}"\necho 'done: \${lr}'`);
    const found = warned(text);
    expect(found.map((d) => [d.severity, d.message.split(' (')[0]])).toEqual([
      ['warning', 'Step "train": the command reads $model_name, a shell variable named as parameter "model_name", which nothing sets'],
      ['warning', 'Step "train": the command reads $lr, a shell variable named as parameter "lr", which nothing sets'],
    ]);
    expect(found[0]?.message).toContain('a parameter reaches the command as {parameter-value:model_name}, {parameter:model_name} for its flag, or {parameters}');
    expect(found[0]?.message).toMatch(/so the shell passes an empty word in its place$/);
    // "${lr}" alone in double quotes: the quotes go too, as the placeholder's value comes shell-quoted.
    expect(found.map((d) => d.fix)).toMatchObject([
      { kind: 'replace-text', from: '$model_name', to: '{parameter-value:model_name}' },
      { kind: 'replace-text', from: '"${lr}"', to: '{parameter-value:lr}' },
    ]);
    const { text: fixed } = applyAllFixes(text);
    expect(fixed).toContain('python t.py --model {parameter-value:model_name} --lr {parameter-value:lr}');
    expect(fixed).toContain(`echo 'done: \${lr}'`); // (in single quotes the shell expands nothing: left as it was)
    expect(warned(fixed)).toEqual([]);
  });

  it('is not warned of where something sets it: the command itself, or an environment variable the step declares', () => {
    expect(warned(step('model_name=small\npython t.py --model $model_name'))).toEqual([]);
    expect(warned(step('export lr=0.2 && python t.py --lr $lr'))).toEqual([]);
    expect(warned(step('for lr in 0.1 0.2; do python t.py --lr $lr; done'))).toEqual([]);
    expect(warned(step('python t.py --model $model_name', '    environment-variables:\n      - {name: model_name, default: small}\n'))).toEqual([]);
  });

  it('is not confused with a longer variable, nor with a name no shell variable can have', () => {
    expect(warned(step('python t.py --decay $lr_decay --batch $batch-size'))).toEqual([]);
    // Both $lr and $lr_decay: warned, but no fix, as replacing "$lr" would change the other too.
    const both = warned(step('python t.py --lr $lr --decay $lr_decay'));
    expect(both.map((d) => d.fix)).toEqual([undefined]);
  });
});
