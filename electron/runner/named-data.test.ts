import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

/**
 * A training step that names its outputs as Valohai code does: the model gets an alias through
 * model.pkl.metadata.json, the data files go into a dataset version through valohai.metadata.jsonl.
 */
const TRAIN = String.raw`
import json, os, sys
version, content = sys.argv[1], sys.argv[2]
out = os.environ['VH_OUTPUTS_DIR']
os.makedirs(os.path.join(out, 'data'))
open(os.path.join(out, 'model.pkl'), 'w').write(content)
json.dump({'valohai.alias': 'model-prod', 'valohai.tags': ['nightly']}, open(os.path.join(out, 'model.pkl.metadata.json'), 'w'))
with open(os.path.join(out, 'valohai.metadata.jsonl'), 'w') as lines:
    for name in ('a.csv', 'b.csv'):
        open(os.path.join(out, 'data', name), 'w').write(name + ' ' + version)
        entry = {'uri': 'dataset://tables/' + version, 'targeting_aliases': ['stable']} if version == 'v1' else 'dataset://tables/' + version
        lines.write(json.dumps({'file': 'data/' + name, 'metadata': {'valohai.dataset-versions': [entry]}}) + '\n')
`;

const PROJECT = `
- step:
    name: train
    image: python:3.12
    command: python3 train.py {parameter-value:version} {parameter-value:content}
    parameters: [{name: version, type: string, default: v1}, {name: content, type: string, default: first}]
- step:
    name: list
    image: x
    command: cd $VH_INPUTS_DIR && find . -type f | sort
    inputs: [{name: all}]
- step:
    name: use
    image: x
    command: cd $VH_INPUTS_DIR && find . -type f | sort && cat model/model.pkl latest/a.csv stable/a.csv
    parameters: [{name: version, type: string, optional: true}]
    inputs:
      - {name: model, default: datum://model-prod}
      - {name: tables, default: dataset://tables/v1}
      - {name: latest, default: dataset://tables/latest}
      - {name: stable, default: dataset://tables/stable}
- pipeline:
    name: make
    nodes: [{name: train, type: execution, step: train}, {name: list, type: execution, step: list}]
    edges: [[train.output.*, list.input.all]]
- pipeline:
    name: retrain-then-use
    nodes: [{name: train, type: execution, step: train}, {name: use, type: execution, step: use}]
    edges: [[train.parameter.version, use.parameter.version]]
`;

describe('datum:// aliases and dataset:// versions from this project\'s runs', () => {
  it('names outputs as their metadata files say, takes them as inputs later, moves an alias to the newest, and keeps what names point at', () => {
    const dir = makeProject(PROJECT, { 'train.py': TRAIN });
    expect(cli(['data'], dir).out).toContain('No output of a run here was named yet');
    // Before any run gave the name, the step is refused before it starts, saying how a name is given.
    const refused = cli(['plan', '--step', 'use'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('input "model" defaults to datum://model-prod, which is an alias no output of a run here was given (a step gives one by writing FILE.metadata.json with {"valohai.alias": "model-prod"} beside FILE in its outputs; a file of yours takes it with: pipewright data add datum://model-prod FILE)');
    expect(refused.err).toContain('input "tables" defaults to dataset://tables/v1, which is a dataset version no run here made');
    expect(refused.err).toContain('input "latest" defaults to dataset://tables/latest, which is a dataset no run here made a version of ("latest" names its newest; a step adds its outputs to a version with {"valohai.dataset-versions": ["dataset://tables/v1"]} in FILE.metadata.json; files of yours make one with: pipewright data add dataset://tables/v1 FILE_OR_FOLDER…)');

    const made = cli(['run', '--pipeline', 'make'], dir);
    expect(made.code).toBe(0);
    // run says at its end what it named, for later runs to take.
    expect(made.err).toContain('named:\n  datum://model-prod: model.pkl of train\n  dataset://tables/v1: data/a.csv of train, data/b.csv of train\n');
    // The metadata files are not outputs: an edge taking everything passes the files alone.
    expect(cli(['logs', 'latest', 'list'], dir).out.trim().split('\n')).toEqual(['./all/a.csv', './all/b.csv', './all/model.pkl']);
    const shown = JSON.parse(cli(['show', 'latest', '--json'], dir).out) as { nodes: { name: string; executions: { outputs: { path: string; metadata?: unknown }[] }[] }[] };
    const outputs = shown.nodes.find((n) => n.name === 'train')?.executions[0]?.outputs;
    expect(outputs?.map((o) => o.path)).toEqual(['data/a.csv', 'data/b.csv', 'model.pkl']);
    expect(outputs?.find((o) => o.path === 'model.pkl')?.metadata).toEqual({ 'valohai.alias': 'model-prod', 'valohai.tags': ['nightly'] });
    expect(cli(['show', 'latest'], dir).out).toContain('model.pkl (datum://model-prod)');

    // plan says what the names are now.
    const planned = cli(['plan', '--step', 'use'], dir).out;
    expect(planned).toContain('input model: datum://model-prod is model.pkl of run 1, node train');
    expect(planned).toContain('input tables: dataset://tables/v1 is 2 files of run 1, node train');
    // A misspelt alias is refused with the one meant.
    expect(cli(['run', '--step', 'list', '--input', 'all=datum://model-prdo'], dir).err).toContain('datum://model-prdo, which is an alias no output of a run here was given (did you mean datum://model-prod?)');
    const used = cli(['run', '--step', 'use'], dir);
    expect(used.code, used.err).toBe(0);
    expect(cli(['logs', 'latest'], dir).out.trim().split('\n')).toEqual([
      './latest/a.csv', './latest/b.csv', './model/model.pkl', './stable/a.csv', './stable/b.csv', './tables/a.csv', './tables/b.csv',
      'firsta.csv v1a.csv v1',
    ]);

    // A new training: the alias moves to its model, latest to its version; "stable" stays on v1.
    expect(cli(['run', '--pipeline', 'make', '--node-param', 'train.version=v2', '--node-param', 'train.content=second'], dir).code).toBe(0);
    expect(cli(['run', '--step', 'use'], dir).code).toBe(0);
    expect(cli(['logs', 'latest'], dir).out.trim().split('\n').at(-1)).toBe('seconda.csv v2a.csv v1');

    // A node's names are looked up as it starts, as Valohai does when it creates the node's
    // execution: the model and version its run's first node made are what its second takes.
    expect(cli(['plan', '--pipeline', 'retrain-then-use'], dir).out).toContain('input model: datum://model-prod is looked up when use starts (now model.pkl of run 3, node train)');
    expect(cli(['run', '--pipeline', 'retrain-then-use', '--node-param', 'train.version=v3', '--node-param', 'train.content=third'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'use'], dir).out.trim().split('\n').at(-1)).toBe('thirda.csv v3a.csv v1');
    // A stored output is also taken by the address inputs.json gives it.
    const inputs = JSON.parse(cli(['show', 'latest', '--json'], dir).out) as { nodes: { name: string; executions: { outputsDir: string }[] }[] };
    const useDir = inputs.nodes.find((n) => n.name === 'use')?.executions[0]?.outputsDir as string;
    const recorded = JSON.parse(readFileSync(join(useDir, '..', 'config', 'inputs.json'), 'utf8')) as Record<string, { files: { uri: string }[] }>;
    expect(recorded['model']?.files[0]?.uri).toBe('pipewright://5/train/5.1/outputs/model.pkl');
    // show --json says each execution's input files and where they came from.
    const given = (inputs.nodes.find((n) => n.name === 'use')?.executions[0] as unknown as { inputs: { input: string; path: string; uri: string }[] }).inputs;
    expect(given.find((i) => i.input === 'model')).toMatchObject({ path: 'model.pkl', uri: 'pipewright://5/train/5.1/outputs/model.pkl' });
    // show --json gives each output's address, the one --input takes.
    const firstRun = JSON.parse(cli(['show', '1', '--json'], dir).out) as { nodes: { executions: { outputs: { path: string; uri: string }[] }[] }[] };
    expect(firstRun.nodes[0]?.executions[0]?.outputs.find((o) => o.path === 'model.pkl')?.uri).toBe('pipewright://1/train/1.1/outputs/model.pkl');
    const first = cli(['run', '--step', 'list', '--input', 'all=pipewright://1/train/1.1/outputs/model.pkl'], dir);
    expect(first.code, first.err).toBe(0);
    expect(cli(['logs', 'latest'], dir).out.trim()).toBe('./all/model.pkl');
    expect(cli(['run', '--step', 'list', '--input', 'all=pipewright://1/train/9.9/outputs/model.pkl'], dir).err).toContain('which is no output of a run kept here');
    // An address written as a user guesses it says what one looks like, and the path that also works.
    expect(cli(['run', '--step', 'list', '--input', 'all=pipewright://latest/train'], dir).err).toContain(
      "pipewright://latest/train, which is not the address of a stored output, which names its run, node, execution and path: pipewright://RUN/NODE/EXECUTION/outputs/PATH, as inputs.json and pipewright show RUN --json give them; or give the file's path: .pipewright/executions/EXECUTION/outputs/PATH",
    );

    // pipewright data lists every name and what it names now.
    const data = JSON.parse(cli(['data', '--json'], dir).out) as { aliases: { alias: string; run: string; path: string; earlier: number }[]; datasets: { dataset: string; version: string; files: number; runs: string[]; aliases: string[] }[] };
    expect(data.aliases.map((a) => [a.alias, a.path, a.run, a.earlier])).toEqual([['model-prod', 'model.pkl', '5', 2]]);
    expect(data.datasets.map((d) => [d.version, d.files, d.runs, d.aliases])).toEqual([
      ['v3', 2, ['5'], ['latest']],
      ['v2', 2, ['3'], []],
      ['v1', 2, ['1'], ['stable']],
    ]);
    const listed = cli(['data'], dir).out;
    expect(listed).toMatch(/^datum:\/\/model-prod {2}model\.pkl of run 5, node train, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(it named 2 earlier files\)$/m);
    expect(listed).toContain('dataset://tables/v1  2 files of run 1, ');
    expect(listed).toContain(', also dataset://tables/stable');

    // prune keeps the runs whose outputs the names point at, and says why.
    const pruned = JSON.parse(cli(['prune', '--keep', '0', '--dry-run', '--json'], dir).out) as { pruned: string[]; kept: { run: string; why: string }[] };
    expect(pruned.kept).toEqual([
      { run: '5', why: 'its output is datum://model-prod' },
      { run: '1', why: 'its outputs are in dataset://tables/v1, which dataset://tables/stable names' },
    ]);
    expect(pruned.pruned).toEqual(['2', '3', '4', '6']); // (the address that named nothing was refused before a run began)
  });

  it('takes, as its node starts, the dataset version an earlier node of the same run made, named by a parameter an edge sets', () => {
    // A dynamic pipeline as Valohai's examples write it: preprocess makes one dataset per harbor and
    // says which to train on; each train child takes dataset://{parameter:harbor}_train/latest.
    const make = String.raw`
import json, os
out = os.environ['VH_OUTPUTS_DIR']
for harbor in ('north', 'south'):
    open(os.path.join(out, harbor + '.csv'), 'w').write(harbor + ' rows')
    json.dump({'valohai.dataset-versions': ['dataset://' + harbor + '_train/v1']}, open(os.path.join(out, harbor + '.csv.metadata.json'), 'w'))
print(json.dumps({'harbors': ['north', 'south']}))
`;
    const dir = makeProject(`
- step: {name: preprocess, image: x, command: python3 make.py}
- step:
    name: train
    image: x
    command: cat $VH_INPUTS_DIR/dataset/*
    parameters: [{name: harbor, type: string, optional: true}]
    inputs: [{name: dataset, default: 'dataset://{parameter:harbor}_train/latest', optional: true}]
- pipeline:
    name: dynamic
    nodes: [{name: preprocess, type: execution, step: preprocess}, {name: train, type: task, step: train}]
    edges: [[preprocess.metadata.harbors, train.parameter.harbor]]
`, { 'make.py': make });
    // Which version the URL names is known only once the edge delivers the value: plan does not refuse it.
    // It says where the name comes from, and that nothing kept here fits it yet.
    const planned = cli(['plan', '--pipeline', 'dynamic'], dir);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain("input dataset: dataset://{parameter:harbor}_train/latest is named as each of train's children starts, with harbor from preprocess's metadata harbors; no name kept here fits it yet");
    const ran = cli(['run', '--pipeline', 'dynamic'], dir);
    expect(ran.code, ran.err).toBe(0);
    expect(cli(['logs', 'latest', 'train'], dir).out.trim().split('\n').sort()).toEqual(['[1.2] north rows', '[1.3] south rows']);
    // Once a run made them, the plan names those that fit; the step alone says what its value names.
    expect(cli(['plan', '--pipeline', 'dynamic'], dir).out).toContain('names kept here that fit it now: dataset://north_train/latest, dataset://south_train/latest');
    expect(cli(['plan', '--step', 'train', '--param', 'harbor=south'], dir).out).toContain('input dataset: dataset://{parameter:harbor}_train/latest is dataset://south_train/latest (harbor = south), south.csv of run 1, node preprocess');
  });

  it('makes a dataset version from another, as Valohai\'s "from" and "exclude" say: its files, less those excluded, and the new ones', () => {
    // As valohai/dataset-update-example writes it: each new or changed file with a sidecar naming the base.
    const update = String.raw`
import json, os, sys
out = os.environ['VH_OUTPUTS_DIR']
version, base, exclude, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
for pair in files:
    name, content = pair.split('=')
    open(os.path.join(out, name), 'w').write(content)
    entry = {'uri': 'dataset://sales/' + version, 'from': None if base == '-' else 'dataset://sales/' + base, 'exclude': [e for e in exclude.split(',') if e]}
    json.dump({'valohai.dataset-versions': [entry]}, open(os.path.join(out, name + '.metadata.json'), 'w'))
`;
    const dir = makeProject(
      `
- step:
    name: update
    image: python:3.12
    command: python3 update.py {parameters}
    parameters:
      - {name: version, type: string, pass-as: "{v}"}
      - {name: base, type: string, pass-as: "{v}"}
      - {name: exclude, type: string, default: ',', pass-as: "{v}"}
      - {name: files, type: string, multiple: repeat, pass-as: "{v}"}
- step:
    name: show
    image: x
    command: cd $VH_INPUTS_DIR/data && for f in *; do echo "$f:$(cat $f)"; done
    parameters: [{name: version, type: string, default: v1, pass-as: "-"}]
    inputs: [{name: data, default: "dataset://sales/{parameter:version}"}]
`,
      { 'update.py': update },
    );
    const run = (args: string[]): void => expect(cli(['run', '--step', 'update', ...args], dir)).toMatchObject({ code: 0 });
    const contents = (version: string): string[] => {
      const shown = cli(['run', '--step', 'show', '--param', `version=${version}`], dir);
      expect(shown.code).toBe(0);
      return cli(['logs', 'latest'], dir).out.trim().split('\n');
    };
    run(['--param', 'version=v1', '--param', 'base=-', '--param', 'files=a.csv=foo', '--param', 'files+=b.csv=bar', '--param', 'files+=c.csv=foo']);
    // v2 keeps a.csv, drops b.csv, has a new c.csv (excluded from the base as changed, as the example does).
    run(['--param', 'version=v2', '--param', 'base=v1', '--param', 'exclude=b.csv,c.csv', '--param', 'files=c.csv=bar']);
    expect(contents('v2')).toEqual(['a.csv:foo', 'c.csv:bar']);
    // v3 from the newest (v2) with nothing excluded: all of v2 and its own d.csv.
    run(['--param', 'version=v3', '--param', 'base=latest', '--param', 'files=d.csv=baz']);
    expect(contents('v3')).toEqual(['a.csv:foo', 'c.csv:bar', 'd.csv:baz']);
    expect(contents('v1')).toEqual(['a.csv:foo', 'b.csv:bar', 'c.csv:foo']); // the base is left as it was
    // A base no run made: said, and the version holds only the files put in it.
    const missing = cli(['run', '--step', 'update', '--param', 'version=v9', '--param', 'base=v8', '--param', 'files=e.csv=x'], dir);
    expect(missing.err).toContain('output metadata: dataset://sales/v9 is made from dataset://sales/v8, a dataset version no run here made: it holds only this execution\'s files');
    expect(contents('v9')).toEqual(['e.csv:x']);
  });

  it('lets a node take by name the dataset version a node before it makes in the same run, as valohai/drift-detection-example does', () => {
    const make = String.raw`
import json, os, sys
out = os.environ['VH_OUTPUTS_DIR']
open(os.path.join(out, 'train.txt'), 'w').write('rows of ' + sys.argv[1])
json.dump({'valohai.dataset-versions': ['dataset://ships/dev_train']}, open(os.path.join(out, 'train.txt.metadata.json'), 'w'))
`;
    const dir = makeProject(
      `
- step:
    name: prepare
    image: x
    command: python3 make.py {parameter-value:tag}
    parameters: [{name: tag, type: string, default: first}]
- step:
    name: train
    image: x
    command: cat $VH_INPUTS_DIR/train/train.txt
    parameters: [{name: tag, type: string, default: x}]
    inputs: [{name: train, default: dataset://ships/dev_train}]
- pipeline:
    name: p
    nodes: [{name: preprocess, type: execution, step: prepare}, {name: training, type: execution, step: train}]
    edges: [[preprocess.parameter.tag, training.parameter.tag]]
`,
      { 'make.py': make },
    );
    // No run made the version yet: the pipeline still starts, and training takes what preprocess made.
    expect(cli(['plan', '--pipeline', 'p'], dir).out).toContain('input train: dataset://ships/dev_train is looked up when training starts (no run here gave that name yet; a node before it may)');
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'training'], dir).out.trim()).toBe('rows of first');
    // Each run's training takes that run's version; a step alone, first in its run, is still refused before it starts.
    expect(cli(['run', '--pipeline', 'p', '--node-param', 'preprocess.tag=second'], dir).code).toBe(0);
    expect(cli(['logs', 'latest', 'training'], dir).out.trim()).toBe('rows of second');
    const alone = makeProject('- step: {name: train, image: x, command: ls, inputs: [{name: train, default: dataset://ships/dev_train}]}\n');
    expect(cli(['run', '--step', 'train'], alone).err).toContain('input "train" defaults to dataset://ships/dev_train, which is a dataset version no run here made');
  });

  it('says how to run without an optional input whose name, filled as its node starts, no run made', () => {
    // As in Valohai's dynamic-pipelines example: each child of a sweep takes dataset://{parameter:name}_train/latest.
    const dir = makeProject(`
- step:
    name: train
    image: x
    command: ls -R "$VH_INPUTS_DIR" | grep -c . ; echo trained {parameter-value:name}
    parameters: [{name: name, type: string}]
    inputs: [{name: dataset, default: 'dataset://{parameter:name}_train/latest', optional: true}]
- step: {name: list, image: x, command: 'echo {\\"names\\": [\\"a\\", \\"b\\"]}'}
- pipeline:
    name: p
    nodes: [{name: list, type: execution, step: list}, {name: train, type: task, step: train}]
    edges: [[list.metadata.names, train.parameter.name]]
`);
    const failed = cli(['run', '--pipeline', 'p'], dir);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/input "dataset": dataset:\/\/[ab]_train\/latest is a dataset no run here made a version of .*; the input is optional: --node-input train.dataset= runs the node without it/);
    const without = cli(['run', '--pipeline', 'p', '--node-input', 'train.dataset='], dir);
    expect(without.code).toBe(0);
    expect(cli(['logs', 'latest', 'train'], dir).out).toMatch(/trained a[\s\S]*trained b|trained b[\s\S]*trained a/);
    // A step alone is told its own flag (here of a download that fails: a name is looked up before it starts).
    const alone = makeProject("- step: {name: train, image: x, command: ls, inputs: [{name: d, default: 'http://127.0.0.1:9/d.csv', optional: true}]}\n");
    expect(cli(['run', '--step', 'train'], alone).err).toMatch(/input "d": .*127\.0\.0\.1:9.*; the input is optional: --input d= runs it without it, --input d=PATH gives it a copy kept on this machine instead\n/);
  });

  it('says a Valohai datum id cannot be fetched here', () => {
    const dir = makeProject(PROJECT.replace('datum://model-prod', 'datum://018ebd3a-2381-a830-4fc3-a1702834c82d'), { 'train.py': TRAIN });
    expect(cli(['plan', '--step', 'use'], dir).err).toContain('datum://018ebd3a-2381-a830-4fc3-a1702834c82d, which is a Valohai datum id, a file kept on Valohai, which Pipewright cannot fetch');
    // Some files follow the id with the file's name.
    const named = makeProject(PROJECT.replace('datum://model-prod', '"datum://01862c38-871b-6336-42ea-1909c8a09574 df_params.pkl"'), { 'train.py': TRAIN });
    expect(cli(['plan', '--step', 'use'], named).err).toContain('which is a Valohai datum id');
    // Several refused for one reason are said in one line, with the way round them once (SaltyPretzel303/mdata_setter lists four).
    const several = makeProject(PROJECT.replace('datum://model-prod', "['datum://018ebd3a-2381-a830-4fc3-a1702834c82d', 'datum://019b8ee4-8aaa-a6d7-b987-d8199305d1d6', model.pkl]"), { 'train.py': TRAIN, 'model.pkl': 'm' });
    const said = cli(['plan', '--step', 'use'], several).err;
    expect(said).toContain('input "model" defaults to datum://018ebd3a-2381-a830-4fc3-a1702834c82d and datum://019b8ee4-8aaa-a6d7-b987-d8199305d1d6, each of which is a Valohai datum id, a file kept on Valohai, which Pipewright cannot fetch (a file of yours stands in for one with: pipewright data add datum://ID FILE); for one run: --input model=PATH or URL');
    expect(said.match(/Valohai datum id/g)).toHaveLength(1);
    // So are datasets no run made (SofiaChar/valohai-parallel-pipelines-api-example's two), each name's advice written with NAME.
    const datasets = makeProject(PROJECT.replace('datum://model-prod', "['dataset://harbor_A_test/latest', 'dataset://harbor_B_test/latest']"), { 'train.py': TRAIN });
    expect(cli(['plan', '--step', 'use'], datasets).err).toContain(
      'input "model" defaults to dataset://harbor_A_test/latest and dataset://harbor_B_test/latest, each of which is a dataset no run here made a version of ("latest" names its newest; a step adds its outputs to a version with {"valohai.dataset-versions": ["dataset://NAME/v1"]} in FILE.metadata.json; files of yours make one with: pipewright data add dataset://NAME/v1 FILE_OR_FOLDER…); for one run: --input model=PATH or URL',
    );
    // A template's datum:// left empty.
    const empty = makeProject(PROJECT.replace('datum://model-prod', 'datum://'), { 'train.py': TRAIN });
    expect(cli(['plan', '--step', 'use'], empty).err).toContain('input "model" defaults to datum://, which is datum:// with no name after it (it takes an alias: datum://ALIAS)');
  });

  it("says nothing of a named default an edge replaces (edge-merge-mode: replace), and runs with the edge's files, as SofiaChar/valohai-large-data-management's pipeline does", () => {
    const yaml = (mode: string) => `
- step: {name: make, image: x, command: 'echo made > $VH_OUTPUTS_DIR/d.tar'}
- step: {name: use, image: x, command: 'cat $VH_INPUTS_DIR/data/*', inputs: [{name: data, default: 'datum://018ebd3a-2381-a830-4fc3-a1702834c82d'}]}
- pipeline:
    name: p
    nodes: [{name: make, type: execution, step: make}, {name: use, type: execution, step: use${mode}}]
    edges: [[make.output.*.tar, use.input.data]]
`;
    const replaced = makeProject(yaml(''));
    expect(cli(['plan', '--pipeline', 'p'], replaced).out).not.toContain('datum://');
    expect(cli(['run', '--pipeline', 'p'], replaced).code).toBe(0);
    expect(cli(['logs', 'latest', 'use'], replaced).out).toBe('made\n');
    // Appended to, the default is fetched too: a Valohai datum id cannot be, and the run says so before it starts (though the node comes after another).
    expect(cli(['plan', '--pipeline', 'p'], makeProject(yaml(', edge-merge-mode: append'))).err).toContain(
      'node "use": input "data" defaults to datum://018ebd3a-2381-a830-4fc3-a1702834c82d, which is a Valohai datum id, a file kept on Valohai, which Pipewright cannot fetch (a file of yours stands in for one with: pipewright data add datum://ID FILE); its edge takes its place with edge-merge-mode: replace (append keeps the defaults too)',
    );
  });
});
