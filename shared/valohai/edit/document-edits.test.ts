import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appliedTo } from '../../../test-support/edits.ts';
import { EXAMPLE_YAML, fixtureNames, lineDiff, readFixture } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';
import { addApprovalGate, addEdge, addNode, removeEdge, removeNode, setParameterDefault } from './document-edits.ts';
import { replaceItem, setKey } from './yaml-splice.ts';

const example = readFileSync(EXAMPLE_YAML, 'utf8');
const applied = appliedTo(example);

describe('unedited files round-trip byte for byte', () => {
  const parseable = fixtureNames().filter((name) => importValohaiYaml(readFixture(name)).source.doc?.errors.length === 0);

  it('covers all but the unparseable fixtures', () => {
    expect(parseable.length).toBeGreaterThanOrEqual(60);
  });

  it.each(parseable)('%s: setting each item name to itself changes no byte', (name) => {
    const text = readFixture(name);
    const { config } = importValohaiYaml(text);
    let current = text;
    for (const item of [...config.steps, ...config.pipelines, ...config.tasks, ...config.endpoints]) {
      const result = setKey(current, item.path, 'name', item.name);
      if (result.ok) current = result.text;
    }
    expect(current).toBe(text);
  });
});

describe('an edit and its inverse give back the same bytes', () => {
  const withPipelines = fixtureNames().filter((name) => {
    const result = importValohaiYaml(readFixture(name));
    return result.source.data !== undefined && result.config.pipelines.some((p) => p.nodes.some((n) => n.type === 'execution'));
  });

  it.each(withPipelines)('%s: adding a node and removing it again', (name) => {
    const text = readFixture(name);
    const pipeline = importValohaiYaml(text).config.pipelines.find((p) => p.nodes.some((n) => n.type === 'execution'));
    const node = pipeline?.nodes.find((n) => n.type === 'execution');
    if (!pipeline || node?.type !== 'execution') throw new Error('no execution node');
    const added = addNode(text, pipeline.name, { type: 'execution', name: 'pw-probe', step: node.step });
    if (!added.ok) throw new Error(added.message);
    expect(importValohaiYaml(added.text).config.pipelines.find((p) => p.name === pipeline.name)?.nodes.at(-1)?.name).toBe('pw-probe');
    const removed = removeNode(added.text, pipeline.name, 'pw-probe');
    expect(removed).toEqual({ ok: true, text });
  });
});

describe('edits change only the lines they must', () => {
  it('adds a node at the end of the nodes list, in the list style', () => {
    const text = applied(addNode(example, 'train-and-ship', { type: 'execution', name: 'report', step: 'evaluate' }));
    expect(lineDiff(example, text)).toEqual({
      removed: [],
      added: ['      - name: report', '        type: execution', '        step: evaluate'],
    });
  });

  it('adds an edge as shorthand, like its neighbours', () => {
    const withNode = applied(addNode(example, 'train-and-ship', { type: 'execution', name: 'report', step: 'evaluate' }));
    const text = applied(addEdge(withNode, 'train-and-ship', 'sweep.outputs.model*', 'report.input.model'));
    expect(lineDiff(withNode, text)).toEqual({ removed: [], added: ['      - [sweep.output.model*, report.input.model]'] });
  });

  it('refuses a metadata → input edge, and says why', () => {
    const result = addEdge(example, 'train-and-ship', 'evaluate.metadata.accuracy', 'publish.input.model');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('makes no sense') as unknown });
  });

  it('refuses a second edge into one parameter', () => {
    const once = applied(addEdge(example, 'train-and-ship', 'preprocess.metadata.best', 'evaluate.parameter.threshold'));
    const twice = addEdge(once, 'train-and-ship', 'sweep.metadata.best', 'evaluate.parameter.threshold');
    expect(twice.ok).toBe(false);
  });

  it('removes an edge, and only its line', () => {
    const text = applied(removeEdge(example, 'train-and-ship', 3));
    expect(lineDiff(example, text)).toEqual({ removed: ['      - [evaluate.output.model*, publish.input.model]'], added: [] });
  });

  it('removes a long-form edge written in flow style', () => {
    const text = removeEdge(example, 'train-and-ship', 2);
    expect(text.ok && lineDiff(example, text.text).removed).toEqual([
      '      - {source: sweep.output.model*, target: evaluate.input.model, configuration: {pick: max, by: accuracy}}',
    ]);
  });

  it('changes a parameter default in place', () => {
    const text = applied(setParameterDefault(example, 'train', 'epochs', 35));
    expect(lineDiff(example, text)).toEqual({ removed: ['        default: 20'], added: ['        default: 35'] });
  });

  it('writes a text of several lines (a SQL query) as a literal block, and what a block cannot keep quoted; each reads back as typed', () => {
    const sql = 'SELECT a,\n  b\nFROM t;';
    const text = applied(setParameterDefault(example, 'train', 'epochs', sql));
    expect(lineDiff(example, text)).toEqual({ removed: ['        default: 20'], added: ['        default: |-', '          SELECT a,', '            b', '          FROM t;'] });
    let current = text;
    for (const value of ['one line', 'a\n\nb\n', '  indented first\nline', 'two ends\n\n', 'a\r\nb', '# not a comment\n- not a list', sql]) {
      const result = setParameterDefault(current, 'train', 'epochs', value);
      if (!result.ok) throw new Error(result.message);
      current = result.text;
      const step = importValohaiYaml(current).config.steps.find((s) => s.name === 'train');
      expect(step?.parameters.find((p) => p.name === 'epochs')?.default).toBe(value);
    }
    expect(current).toBe(text);
  });

  it('refuses to edit a file with a key written twice in one map, naming its line (an edit could land on the dead one)', () => {
    const twice = '- step:\n    name: train\n    image: x\n    command: run\n    inputs: [{name: a}]\n    inputs: [{name: b}]\n    parameters: [{name: epochs, default: 1}]\n';
    expect(importValohaiYaml(twice).diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(setParameterDefault(twice, 'train', 'epochs', 2)).toEqual({ ok: false, message: 'line 6 repeats a key of its map (Valohai reads the last one): remove one of the two before editing here' });
  });

  it('adds a default where there was none, quoting strings YAML 1.1 would misread', () => {
    const text = applied(setParameterDefault(example, 'evaluate', 'threshold', 0.75));
    expect(lineDiff(example, text).added).toEqual(['        default: 0.75']);
    const withString = setKey(example, [0, 'step', 'environment-variables', 0], 'default', 'yes');
    expect(withString.ok && lineDiff(example, withString.text)).toEqual({ removed: ['        default: "2026-q4"'], added: ['        default: "yes"'] });
  });

  it("changes a quoted text in the quotes it was written in, a list item's too", () => {
    const text = `- step:
    name: s
    image: 'python:3.12'
    command: ["python s.py", 'echo done']
    parameters:
      - {name: out, default: "valohai/outputs/m"}
`;
    const steps = [0, 'step'] as const;
    const applied = appliedTo(text);
    expect(lineDiff(text, applied(setKey(text, [...steps], 'image', 'python:3.13'))).added).toEqual(["    image: 'python:3.13'"]);
    expect(lineDiff(text, applied(setKey(text, [...steps, 'parameters', 0], 'default', '/valohai/outputs/m'))).added).toEqual(['      - {name: out, default: "/valohai/outputs/m"}']);
    const item = replaceItem(text, [...steps, 'command'], 1, "echo it's done");
    expect(item.ok && lineDiff(text, item.text).added).toEqual([`    command: ["python s.py", 'echo it''s done']`]);
  });

  it('adds an approval gate to a node without actions', () => {
    const text = applied(addApprovalGate(example, 'train-and-ship', 'preprocess'));
    expect(lineDiff(example, text)).toEqual({
      removed: [],
      added: ['        actions:', '          - when: node-starting', '            then: require-approval'],
    });
  });

  it('adds an approval gate after existing actions', () => {
    const text = applied(addApprovalGate(example, 'train-and-ship', 'evaluate', 'node-complete'));
    expect(lineDiff(example, text).added).toEqual(['          - when: node-complete', '            then: require-approval']);
  });

  it('removes a node with its edges, keeping the comment in its edges list', () => {
    const text = applied(removeNode(example, 'train-and-ship', 'publish'));
    const lines = example.split('\n');
    const nodeStart = lines.indexOf('      - name: publish');
    const gone = new Set([...lines.slice(nodeStart, nodeStart + 6).keys()].map((i) => i + nodeStart));
    lines.forEach((line, i) => line.includes('publish.input') && gone.add(i));
    expect(text).toBe(lines.filter((_, i) => !gone.has(i)).join('\n'));
    expect(importValohaiYaml(text).config.pipelines[0]?.nodes.map((n) => n.name)).toEqual(['preprocess', 'sweep', 'evaluate']);
  });

  it('appends into an empty edges list as a block list', () => {
    const text = readFixture('examples__edge-merge-mode.yaml');
    const { config } = importValohaiYaml(text);
    const [first, second] = config.pipelines[0]?.nodes ?? [];
    const result = addEdge(text, config.pipelines[0]?.name ?? '', `${first?.name}.output.*`, `${second?.name}.dependency.*`);
    expect(result.ok).toBe(false); // output → dependency makes no sense
    const dep = addEdge(text, config.pipelines[0]?.name ?? '', `${first?.name}.dependency.*`, `${second?.name}.dependency.*`);
    if (!dep.ok) throw new Error(dep.message);
    expect(importValohaiYaml(dep.text).config.pipelines[0]?.edges).toHaveLength(1);
    expect(dep.text).not.toContain('edges: []');
  });

  it('reports an edit it cannot make instead of breaking the file', () => {
    expect(addNode(example, 'no-such-pipeline', { type: 'execution', name: 'x', step: 'train' })).toMatchObject({ ok: false });
    expect(addNode(example, 'train-and-ship', { type: 'execution', name: 'sweep', step: 'train' })).toMatchObject({ ok: false });
    expect(setParameterDefault('- step: [', 'train', 'epochs', 1)).toMatchObject({ ok: false });
  });
});

describe('a pipeline that shares its nodes and edges with another through YAML anchors', () => {
  const twins = `- step: {name: s, image: x, command: echo}
- pipeline:
    name: a
    nodes: &nodes
      - {name: one, type: execution, step: s}
      - {name: two, type: execution, step: s}
    edges: &edges
      - [one.dependency.x, two.dependency.x]
- pipeline:
    name: b
    nodes: *nodes
    edges: *edges
`;

  it("deletes a node from one pipeline alone, saying each shared list it made that pipeline's own", () => {
    const removed = removeNode(twins, 'b', 'two');
    expect(removed).toMatchObject({
      ok: true,
      note: 'the YAML alias *edges (line 12) was made a copy of what &edges holds, so the edit changes this place alone; the YAML alias *nodes (line 11) was made a copy of what &nodes holds, so the edit changes this place alone',
    });
    const pipelines = importValohaiYaml(appliedTo(twins)(removed)).config.pipelines;
    expect(pipelines.map((p) => [p.name, p.nodes.map((n) => n.name), p.edges.length])).toEqual([
      ['a', ['one', 'two'], 1],
      ['b', ['one'], 0],
    ]);
  });
});
