import { describe, expect, it } from 'vitest';
import { readExample } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { suggestionsAt } from './yaml-suggestions.ts';

const text = readExample();
const { config } = importValohaiYaml(text);
/** The text up to a point inside the example's pipeline, then the line being typed. */
const inPipeline = text.slice(0, text.indexOf('    edges:') + '    edges:\n'.length);
const at = (line: string) => suggestionsAt(config, line, inPipeline + line);
const labels = (line: string) => at(line)?.items.map((i) => i.label);

describe("the YAML editor's names", () => {
  it("offers the file's steps after a node's step: and its task blueprints after task:", () => {
    expect(at('        step: ev')).toMatchObject({ word: 'ev' });
    expect(labels('        step: ev')).toEqual(['preprocess', 'train', 'evaluate', 'publish']);
    expect(labels('      - {name: x, type: task, task: ')).toEqual(['lr-sweep']);
    expect(labels('      - {name: x, type: execution, step: pre')).toEqual(['preprocess', 'train', 'evaluate', 'publish']);
    expect(labels('        task: ')).toEqual(['lr-sweep']);
    expect(labels('- step:')).toBeUndefined(); // a step's own definition
  });

  it("offers an edge's ends a part at a time: the pipeline's nodes, the socket types of that end, then the names its step declares", () => {
    expect(labels('      - [')).toEqual(['preprocess.', 'sweep.', 'evaluate.', 'publish.']);
    expect(labels('      - [evaluate.')).toEqual(['output.', 'input.', 'parameter.', 'metadata.']);
    expect(labels('      - [evaluate.output.')).toEqual(['model*', 'report.png', '*']);
    expect(labels('      - [evaluate.output.model*, publish.')).toEqual(['input.', 'parameter.', 'environment-variable.']);
    expect(labels('      - [evaluate.output.model*, publish.input.re')).toEqual(['model', 'report']);
    expect(at('      - [evaluate.output.model*, publish.input.re')?.word).toBe('re');
    expect(labels('        target: evaluate.parameter.')).toEqual(['threshold']);
    // A pipeline parameter's targets: parameters only.
    expect(labels('        targets: [preprocess.parameter.rows, sweep.')).toEqual(['parameter.']);
    expect(labels('        targets: [preprocess.parameter.rows, sweep.parameter.')).toEqual(['learning_rate', 'epochs', 'shuffle']);
  });

  it('offers nothing outside a pipeline, nor for a node it does not have', () => {
    expect(suggestionsAt(config, '      - [', '- step:\n    name: a\n')).toBeUndefined();
    expect(labels('      - [nope.output.')).toEqual([]);
  });
});
