import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logText, makeProject, run } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';

const PRODUCER = `
- step:
    name: produce
    image: busybox
    command:
      - mkdir -p $VH_OUTPUTS_DIR/results
      - echo model > $VH_OUTPUTS_DIR/model.bin && echo a > $VH_OUTPUTS_DIR/results/a.pkl && echo b > $VH_OUTPUTS_DIR/results/b.pkl && echo c > $VH_OUTPUTS_DIR/notes.txt
      - 'echo "{\\"best_lr\\": 0.1}"; echo "{\\"best_lr\\": 0.05}"'
    parameters: [{name: region, type: string, default: eu-north}]
    inputs: [{name: raw, default: raw.csv}]
    environment-variables: [{name: DATA_TAG, default: q4}]
`;

describe('every edge kind', () => {
  it('passes outputs by glob, inputs, parameters, the latest metadata and environment variables', async () => {
    const dir = makeProject(
      `${PRODUCER}
- step:
    name: consume
    image: busybox
    command:
      - 'echo "lr={parameter-value:lr} region={parameter-value:region} tag=$DATA_TAG"'
      - ls $VH_INPUTS_DIR/pickles $VH_INPUTS_DIR/model $VH_INPUTS_DIR/copy
    parameters:
      - {name: lr, type: float, default: 1}
      - {name: region, type: string}
    inputs: [{name: pickles}, {name: model}, {name: copy}]
    environment-variables: [{name: DATA_TAG}]
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: produce}
      - {name: b, type: execution, step: consume}
    edges:
      - [a.output.results/*.pkl, b.input.pickles]
      - [a.output.model*, b.input.model]
      - [a.input.raw, b.input.copy]
      - [a.parameter.region, b.parameter.region]
      - [a.metadata.best_lr, b.parameter.lr]
      - [a.environment-variable.DATA_TAG, b.environment-variable.DATA_TAG]
`,
      { 'raw.csv': 'x\n' },
    );
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(logText(result.events, 'b').split('\n')).toEqual([
      'lr=0.05 region=eu-north tag=q4',
      expect.stringContaining('copy:') as unknown,
      'raw.csv',
      '',
      expect.stringContaining('model:') as unknown,
      'model.bin',
      '',
      expect.stringContaining('pickles:') as unknown,
      'a.pkl',
      'b.pkl',
    ]);
    // Outputs move downstream by hard link, never by copying bytes.
    const [a, b] = openStore(dir).getExecutions(result.runId);
    const received = statSync(join(b?.dir ?? '', 'inputs/model/model.bin'));
    expect(received.ino).toBe(statSync(join(a?.dir ?? '', 'outputs/model.bin')).ino);
    // One file for both, so it is read-only: a step writing into its input in place would
    // change the upstream's output and the cache (root, as in CI, is not stopped by the mode).
    expect((received.mode & 0o777).toString(8)).toBe('444');
  });

  it('orders nodes joined only by a dependency edge', async () => {
    const dir = makeProject(`
- step: {name: first, image: x, command: "sleep 0.3; echo first"}
- step: {name: second, image: x, command: "echo second"}
- pipeline:
    name: p
    nodes:
      - {name: one, type: execution, step: first}
      - {name: two, type: execution, step: second}
    edges:
      - {source: one.dependency.*, target: two.dependency.*}
`);
    const result = await run(dir, 'p');
    const order = result.events.flatMap((e) => (e.type === 'node:finish' ? [e.node] : []));
    expect(order).toEqual(['one', 'two']);
  });

  it('replaces input defaults with edge files by default, and appends them with edge-merge-mode: append', async () => {
    const dir = makeProject(
      `${PRODUCER}
- step:
    name: list
    image: busybox
    command: ls $VH_INPUTS_DIR/data
    inputs: [{name: data, default: default.txt}]
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: produce}
      - {name: replace, type: execution, step: list}
      - {name: append, type: execution, step: list, edge-merge-mode: append}
    edges:
      - [a.output.notes.txt, replace.input.data]
      - [a.output.notes.txt, append.input.data]
`,
      { 'raw.csv': 'x\n', 'default.txt': 'd\n' },
    );
    const result = await run(dir, 'p');
    expect(logText(result.events, 'replace')).toBe('notes.txt');
    expect(logText(result.events, 'append')).toBe('default.txt\nnotes.txt');
  });

  it("refuses a sweep's list of values into a one-value parameter with the ways out, and takes the best child's with pick", async () => {
    const yaml = (edge: string): string => `
- step: {name: fit, image: x, command: 'printf "{\\"acc\\": %s}\\n" {parameter-value:lr}', parameters: [{name: lr, type: float, default: 0.1}]}
- step: {name: use, image: x, command: 'echo {parameters}', parameters: [{name: lr, type: float, default: 1}]}
- task: {name: many, step: fit, parameters: [{name: lr, style: multiple, rules: {items: [0.1, 0.3, 0.2]}}]}
- pipeline:
    name: p
    nodes: [{name: sweep, type: task, task: many}, {name: u, type: execution, step: use}]
    edges: [${edge}]
`;
    const all = await run(makeProject(yaml('[sweep.parameter.lr, u.parameter.lr]')), 'p');
    expect(all.status).toBe('failed');
    expect(all.events.find((e) => e.type === 'node:finish' && e.node === 'u')).toMatchObject({
      error: 'parameter "lr" received a list, but it takes one value (make the node a task to run one execution per value; where the list is a task\'s children\'s values, the edge\'s configuration {pick: max, by: METRIC} passes only the best child\'s)',
    });
    const best = await run(makeProject(yaml('{source: sweep.parameter.lr, target: u.parameter.lr, configuration: {pick: max, by: acc}}')), 'p');
    expect(logText(best.events, 'u')).toBe('--lr=0.3');
    // By a key no child printed, the edge picks none and gives nothing, said once; u keeps its default.
    const none = await run(makeProject(yaml('{source: sweep.parameter.lr, target: u.parameter.lr, configuration: {pick: max, by: loss}}')), 'p');
    expect(logText(none.events, 'u')).toBe('--lr=1.0');
    expect(none.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []))).toEqual(['node "u": edge sweep.parameter.lr → u: no execution of "sweep" printed a numeric "loss" to pick by, so it gives nothing']);
  });

  it("places edge files by the input's keep-directories: by name, by their whole output path, or by the path after the glob's wildcard root", async () => {
    const dir = makeProject(
      `${PRODUCER}
- step:
    name: tree
    image: busybox
    command: cd $VH_INPUTS_DIR && find none full suffix -type f | sort
    inputs:
      - {name: none}
      - {name: full, keep-directories: full}
      - {name: suffix, keep-directories: suffix}
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: produce}
      - {name: t, type: execution, step: tree}
    edges:
      - [a.output.results/*.pkl, t.input.none]
      - [a.output.results/*.pkl, t.input.full]
      - [a.output.results/*.pkl, t.input.suffix]
`,
      { 'raw.csv': 'x\n' },
    );
    const result = await run(dir, 'p');
    expect(logText(result.events, 't').split('\n')).toEqual(['full/results/a.pkl', 'full/results/b.pkl', 'none/a.pkl', 'none/b.pkl', 'suffix/a.pkl', 'suffix/b.pkl']);
  });

  it("reads ** as Valohai does, into subfolders even within a segment (**.pkl), in an edge and in an input's default", async () => {
    const dir = makeProject(
      `${PRODUCER}
- step:
    name: tree
    image: busybox
    command: cd $VH_INPUTS_DIR && find . -type f | sort
    inputs:
      - {name: edge, keep-directories: suffix}
      - {name: local, default: 'data/**.csv', keep-directories: suffix}
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: produce}
      - {name: t, type: execution, step: tree}
    edges:
      - [a.output.**.pkl, t.input.edge]
`,
      { 'raw.csv': 'x\n', 'data/top.csv': '1\n', 'data/2024/jan.csv': '2\n', 'data/2024/notes.txt': '3\n' },
    );
    const result = await run(dir, 'p');
    expect(logText(result.events, 't').split('\n')).toEqual(['./edge/results/a.pkl', './edge/results/b.pkl', './local/2024/jan.csv', './local/top.csv']);
  });

  it("takes a local wildcard default's files at any depth, as Valohai matches a bucket's keys, but never a run's own files", async () => {
    const dir = makeProject(
      `
- step: {name: write, image: busybox, command: 'echo o > $VH_OUTPUTS_DIR/out.csv'}
- step:
    name: list
    image: busybox
    command: cd $VH_INPUTS_DIR && find . -type f | sort
    inputs: [{name: csvs, default: '*.csv', keep-directories: full}]
- pipeline:
    name: p
    nodes: [{name: w, type: execution, step: write}, {name: l, type: execution, step: list, edge-merge-mode: append}]
    edges: [[w.output.out.csv, l.input.csvs]]
`,
      { 'raw.csv': 'x\n', 'data/2024/jan.csv': '2\n', 'data/notes.txt': '3\n' },
    );
    for (const _ of [1, 2]) {
      const result = await run(dir, 'p');
      // The edge's out.csv, and the project's two .csv files; none from .pipewright/executions/.
      expect(logText(result.events, 'l').split('\n')).toEqual(['./csvs/data/2024/jan.csv', './csvs/out.csv', './csvs/raw.csv']);
    }
  });

  it('says why an output edge took nothing: a folder named without /*, or what the node did write', async () => {
    const dir = makeProject(
      `${PRODUCER}
- step: {name: take, image: busybox, command: 'true', inputs: [{name: folder, optional: true}, {name: typo, optional: true}]}
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: produce}, {name: t, type: execution, step: take}]
    edges: [[a.output.results, t.input.folder], [a.output.*.csv, t.input.typo]]
`,
      { 'raw.csv': 'x\n' },
    );
    const result = await run(dir, 'p');
    const said = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(said).toContain('node "t": edge a.output.results → t.input.folder matched no files (results is a folder of its outputs: results/* takes the files in it)');
    expect(said).toContain('node "t": edge a.output.*.csv → t.input.typo matched no files ("a" wrote model.bin, notes.txt, results/a.pkl, and 1 more)');
  });

  it('says which metadata a node printed when an edge names a key it never printed; a parameter then left with no value stops the node before it starts', async () => {
    const dir = makeProject(
      `${PRODUCER}
- step:
    name: use
    image: busybox
    command: 'echo ran {parameters}'
    parameters: [{name: lr, type: float, default: 0.5}, {name: depth, type: integer}]
- pipeline:
    name: kept
    nodes: [{name: a, type: execution, step: produce}, {name: u, type: execution, step: use}]
    edges: [[a.metadata.bestlr, u.parameter.lr], [a.parameter.region, u.parameter.depth]]
- pipeline:
    name: none
    nodes: [{name: a, type: execution, step: produce}, {name: u, type: execution, step: use}]
    edges: [[a.metadata.best_lr, u.parameter.lr], [a.metadata.depth, u.parameter.depth]]
`,
      { 'raw.csv': 'x\n' },
    );
    // lr has a default: the run goes on with it, and says why.
    const kept = await run(dir, 'kept', { planOptions: { pipelineParams: {}, nodeParams: { a: { region: ['4'] } } } });
    const said = kept.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(said).toContain('node "u": "a" never printed metadata "bestlr" (it printed: best_lr), so u.lr keeps its own value');
    expect(logText(kept.events, 'u')).toBe('ran --lr=0.5 --depth=4');
    // depth has none: the command would run without an argument it needs.
    const none = await run(dir, 'none');
    expect(none.status).toBe('failed');
    expect(logText(none.events, 'u')).toBe('');
    expect(none.events).toContainEqual(expect.objectContaining({ type: 'node:finish', node: 'u', status: 'failed', error: 'parameter "depth" has no value: "a" never printed metadata "depth" (it printed: best_lr), which its edge gives it, and it has no default' }));
  });

  it('tells a parameter given no value from one the source does not have', async () => {
    const dir = makeProject(`
- step:
    name: s
    image: busybox
    command: echo s {parameters}
    parameters: [{name: note, type: string, optional: true}]
- step:
    name: use
    image: busybox
    command: echo got {parameters}
    parameters: [{name: lr, type: float, default: 0.5}, {name: tag, type: string, default: t}]
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: s}, {name: u, type: execution, step: use}]
    edges: [[a.parameter.note, u.parameter.lr], [a.parameter.nothere, u.parameter.tag]]
`);
    const result = await run(dir, 'p');
    const said = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(said).toContain('node "u": "a" gave parameter "note" no value, so u.lr keeps its own value');
    expect(said).toContain('node "u": "a" has no parameter "nothere", so u.tag keeps its own value');
    expect(logText(result.events, 'u')).toBe('got --lr=0.5 --tag=t');
  });

  it('sends pipeline parameters to their targets, overridden by --param and --node-param', async () => {
    const dir = makeProject(`
- step:
    name: echo
    image: busybox
    command: echo {parameters}
    parameters: [{name: rate, type: float}, {name: tag, type: string, default: none}, {name: ids, type: integer, multiple: separate}]
- pipeline:
    name: p
    parameters:
      - {name: learning-rate, default: 0.003, targets: [a.parameter.rate, b.parameter.rate]}
      - {name: ids, default: [1, 2], target: a.parameter.ids}
    nodes:
      - {name: a, type: execution, step: echo}
      - {name: b, type: execution, step: echo, override: {parameters: [{name: ids, default: [7]}]}}
    edges: []
`);
    const defaults = await run(dir, 'p');
    expect(logText(defaults.events, 'a')).toBe('--rate=0.003 --tag=none --ids=1,2');
    const given = await run(dir, 'p', { planOptions: { pipelineParams: { 'learning-rate': ['0.5'], ids: ['4', '5', '6'] }, nodeParams: { b: { tag: ['x y'] } } } });
    expect(logText(given.events, 'a')).toBe('--rate=0.5 --tag=none --ids=4,5,6');
    expect(logText(given.events, 'b')).toBe('--rate=0.5 --tag=x y --ids=7');
    const command = given.events.find((e) => e.type === 'execution:start' && e.node === 'b');
    expect(command && 'command' in command && command.command).toBe("echo --rate=0.5 '--tag=x y' --ids=7");
    await expect(run(dir, 'p', { planOptions: { pipelineParams: { 'learning-rate': ['fast'] }, nodeParams: {} } })).rejects.toThrow('pipeline parameter "learning-rate" (into node "a"): rate: "fast" is not a number');
    // A misspelt name is refused with what there is to choose from.
    await expect(run(dir, 'p', { planOptions: { pipelineParams: {}, nodeParams: { c: { tag: ['x'] } } } })).rejects.toThrow('--node-param c.tag: the pipeline has no node "c" (it has: a, b)');
    await expect(run(dir, 'p', { planOptions: { pipelineParams: {}, nodeParams: { a: { tga: ['x'] } } } })).rejects.toThrow('--node-param a.tga: node "a" has no parameter "tga" (did you mean "tag"? it has: rate, tag, ids)');
  });
});
