import { describe, expect, it } from 'vitest';
import { applyAllFixes } from '../edit/apply-fix.ts';
import { importValohaiYaml } from '../import.ts';
import { planRun } from '../../run/plan.ts';

const notAList = (text: string) => importValohaiYaml(text).diagnostics.find((d) => d.code === 'document-not-list');

describe('a map where Valohai reads a list', () => {
  // As valohai-titanic-ml writes it (an assistant's idea of a valohai.yaml).
  const titanic = `# Titanic
version: 1

steps:
  - name: preprocess
    image: python:3.9
    command:
      - python src/preprocess.py  # writes data/clean.csv

  - name: train
    image: python:3.9
    command: python src/train.py

pipelines:
  - name: training-pipeline
    steps:
      - name: preprocess
      - name: train
`;

  it('says what it is, and the fix rewrites it as items, a pipeline of steps as nodes run in their order', () => {
    const said = notAList(titanic);
    expect(said?.message).toBe(
      'A valohai.yaml must be a list of items (each starting with `- step:`, `- pipeline:`, ...); this one is a map with `version:`, `steps:`, `pipelines:`: each of its steps is written as a `- step:` item, each of its pipelines as a `- pipeline:` item',
    );
    expect(said?.fix?.label).toBe("rewrite as the list Valohai reads (each item with its `- `); a pipeline's steps as nodes run in that order; `version:` left out, which Valohai has no use for");
    const fixed = applyAllFixes(titanic);
    expect(fixed.text).toBe(`# Titanic
- step:
    name: preprocess
    image: python:3.9
    command:
      - python src/preprocess.py # writes data/clean.csv

- step:
    name: train
    image: python:3.9
    command: python src/train.py

- pipeline:
    name: training-pipeline
    nodes:
      - name: preprocess
        type: execution
        step: preprocess
      - name: train
        type: execution
        step: train
    edges:
      - [preprocess.dependency.*, train.dependency.*]
`);
    const { config, diagnostics } = importValohaiYaml(fixed.text);
    expect(diagnostics).toEqual([]);
    const planned = planRun(config, 'training-pipeline', { pipelineParams: {}, nodeParams: {} });
    expect(planned.ok && planned.plan.levels).toEqual([['preprocess'], ['train']]);
  });

  it('puts back the dash of an item written without it', () => {
    const text = 'step:\n  name: hello\n  image: python:3.12\n  command: echo hi\n';
    expect(notAList(text)?.message).toContain('this one is a map: `step:` needs its `- ` in front, as a list item');
    const fixed = applyAllFixes(text).text;
    expect(fixed).toBe('- step:\n    name: hello\n    image: python:3.12\n    command: echo hi\n');
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
  });

  it('offers no fix where a key would be lost, or the items are not a list', () => {
    expect(notAList('name: my project\nsteps:\n  - {name: a, image: x, command: echo}\n')?.fix).toBeUndefined();
    expect(notAList('steps:\n  preprocess: {image: x, command: echo}\n')?.fix).toBeUndefined();
    for (const odd of ['step:\n', 'step: text\n', 'steps:\n  -\n  - name: a\n', 'steps:\n  - just text\n']) {
      expect(notAList(odd)?.fix, odd).toBeUndefined();
      expect(importValohaiYaml(odd).diagnostics.map((d) => d.code)).toEqual(['document-not-list']);
    }
    expect(notAList('just text\n')?.message).toBe('A valohai.yaml must be a list of items (each starting with `- step:`, `- pipeline:`, ...)');
  });
});
