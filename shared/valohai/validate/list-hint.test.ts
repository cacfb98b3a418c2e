import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../import.ts';

const errorsOf = (text: string) => importValohaiYaml(text).diagnostics.filter((d) => d.severity === 'error');
const stepWith = (lines: string): string => `- step:\n    name: a\n    image: python\n    command: python a.py\n${lines}`;

/** The list the message shows, written in place of the map or value: the file it makes. */
function withShownList(text: string, message: string): string {
  const shown = /in a list: ((?:inputs|parameters|environment-variables): \[.*\])$/.exec(message)?.[1];
  if (shown === undefined) throw new Error(`no list shown in: ${message}`);
  const key = shown.slice(0, shown.indexOf(':'));
  return text.replace(new RegExp(`    ${key}:[^\\n]*(\\n      [^\\n]*)*`), `    ${shown}`);
}

describe("a step's inputs, parameters or environment variables not written as a list", () => {
  it('shows the list meant by a map of names to values, which then reads without error', () => {
    const text = stepWith('    inputs:\n      train: s3://bucket/train.csv\n      test: data/*.csv\n    parameters:\n      lr: 0.1\n      epochs: 5\n      fast: true\n    environment-variables:\n      MODE: "on"\n');
    const messages = errorsOf(text).map((e) => e.message);
    expect(messages).toEqual([
      'Step "a": inputs must be a list (got a map); each input is a map with its name, in a list: inputs: [{name: train, default: "s3://bucket/train.csv"}, {name: test, default: data/*.csv}]',
      'Step "a": parameters must be a list (got a map); each parameter is a map with its name, in a list: parameters: [{name: lr, type: float, default: 0.1}, {name: epochs, type: integer, default: 5}, …]',
      'Step "a": environment-variables must be a list (got a map); each environment variable is a map with its name, in a list: environment-variables: [{name: MODE, default: "on"}]',
    ]);
    // Each shown list (but the one cut short) is what Valohai reads, with the values as written.
    let fixed = text;
    for (const message of [messages[0], messages[2]]) fixed = withShownList(fixed, message ?? '');
    const after = importValohaiYaml(fixed);
    expect(after.diagnostics.filter((d) => d.severity === 'error' && !d.message.includes('parameters'))).toEqual([]);
    const step = after.config.steps[0];
    expect(step?.inputs.map((i) => [i.name, i.defaults])).toEqual([['train', ['s3://bucket/train.csv']], ['test', ['data/*.csv']]]);
    expect(step?.environmentVariables.map((v) => [v.name, v.default])).toEqual([['MODE', 'on']]);
  });

  it('shows the list meant by one input path or one parameter name', () => {
    const text = stepWith('    inputs: data/raw train.csv\n    parameters: lr\n');
    const [inputs, parameters] = errorsOf(text).map((e) => e.message);
    expect(inputs).toBe('Step "a": inputs must be a list (got "data/raw train.csv"); each input is a map with its name, in a list: inputs: [{name: raw-train, default: "data/raw train.csv"}]');
    expect(parameters).toBe('Step "a": parameters must be a list (got "lr"); each parameter is a map with its name, in a list: parameters: [{name: lr, type: string}]');
    const fixed = withShownList(withShownList(text, inputs ?? ''), parameters ?? '');
    expect(errorsOf(fixed)).toEqual([]);
    expect(importValohaiYaml(fixed).config.steps[0]?.parameters.map((p) => [p.name, p.type])).toEqual([['lr', 'string']]);
  });

  it('says nothing more elsewhere: a pipeline\'s nodes, an empty value', () => {
    const messages = errorsOf(`${stepWith('    inputs: ""\n')}- pipeline:\n    name: p\n    nodes: a\n    edges: []\n`).map((e) => e.message);
    expect(messages.some((m) => m.includes('in a list:'))).toBe(false);
  });
});
