/**
 * Metadata → parameter edges in an exported Argo workflow: the values pod fills in what the source
 * printed, and the pods (test-support/argo-pods.ts) are set beside the same file run here: the
 * same arguments reach the command, the same parameters.json is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedOf, runPods, type Task } from '../../test-support/argo-pods.ts';
import { cli, makeProject } from '../../test-support/runner.ts';

const MEASURE = `
- step:
    name: measure
    image: busybox
    command: |
      cat <<'END'
      {"best_lr": 0.02, "label": "it's fine", "epochs": "7", "tiny": 1e-05, "switch": true}
      {"best_lr": 0.03}
      END
`;

/** A `measure` step that prints `line` as its metadata. */
const measuring = (line: string): string => `
- step:
    name: measure
    image: busybox
    command: |
      cat <<'END'
      ${line}
      END
`;

/** `measure` (printing metadata) → `train` (printing its arguments, or what `command` prints). */
function project(trainParameters: string, edges: string, extra = '', measure = MEASURE, command = "printf '[%s]\\n' {parameters}"): string {
  return makeProject(`${measure}
- step:
    name: train
    image: busybox
    command: |
      ${command}
    parameters:
${trainParameters}
${extra}
- pipeline:
    name: p
    nodes:
      - {name: measure, type: execution, step: measure}
      - {name: train, type: execution, step: train}
    edges:
${edges}
`);
}


/** What the node's command printed here (its log) and the parameters.json it was given. */
function ranHere(dir: string, node: string): { printed: string[]; parameters: unknown } {
  const run = cli(['run', '--pipeline', 'p'], dir);
  const logs = cli(['logs', 'latest', node], dir);
  const executions = join(dir, '.pipewright', 'executions');
  const mine = readdirSync(executions).map((id) => join(executions, id, 'config', 'parameters.json')).find((path) => readFileSync(join(path, '..', 'execution.json'), 'utf8').includes(`"valohai.pipeline-node-name": "${node}"`));
  return { printed: logs.out.split('\n').filter((l) => l.startsWith('[')), parameters: mine ? JSON.parse(readFileSync(mine, 'utf8')) : `no execution of ${node} (${run.err})` };
}

describe('metadata into parameters in pipewright export --to argo', () => {
  it('fills each value in as a run here does: the latest, typed by the parameter, quoted for the shell; a key never printed keeps the default', () => {
    const dir = project(
      `      - {name: lr, type: float, default: 0.1}
      - {name: label, type: string}
      - {name: epochs, type: integer, default: 1}
      - {name: tiny, type: float, default: 1}
      - {name: missing, type: integer, default: 5}
      - {name: switch, type: string, default: x}
      - {name: note, type: string, default: n, pass-as: "--note '{v}'"}
      - {name: "the name", type: string, default: d}`,
      ['best_lr lr', 'label label', 'epochs epochs', 'tiny tiny', 'nope missing', 'switch switch', 'label note', 'label the name'].map((pair) => `      - [measure.metadata.${pair.split(' ')[0]}, train.parameter.${pair.split(' ').slice(1).join(' ')}]`).join('\n'),
    );
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('metadata'))).toEqual([]);
    const tasks = (exported.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } }).dag.tasks;
    expect(tasks.map((t) => [t.name, t.dependencies])).toEqual([['measure', undefined], ['train-values', ['measure']], ['train', ['train-values']]]);
    const pods = runPods(exported, dir);
    const podPrinted = readFileSync(join(pods.get('train') as string, 'log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    const podParameters: unknown = JSON.parse(readFileSync(join(pods.get('train') as string, 'valohai/config/parameters.json'), 'utf8'));
    // A value inside the quotes the command builder put around its argument (a pass-as with quotes
    // in it, a name with a space) goes in with its own quote escaped, as quoting the argument does.
    expect(podPrinted).toEqual(['[--lr=0.03]', "[--label=it's fine]", '[--epochs=7]', '[--tiny=1e-05]', '[--missing=5]', '[--switch=True]', '[--note]', "['it's fine']", "[--the name=it's fine]"]);
    expect(podParameters).toEqual({ lr: 0.03, label: "it's fine", epochs: 7, tiny: 1e-5, missing: 5, switch: true, note: "it's fine", 'the name': "it's fine" });
    expect(readFileSync(join(pods.get('train-values') as string, 'log'), 'utf8')).toContain('"measure" never printed metadata "nope" (it printed: best_lr, epochs, label, switch, tiny), so train.missing keeps its own value 5');
    expect(ranHere(dir, 'train')).toEqual({ printed: podPrinted, parameters: podParameters });
  });

  it('fails the values pod where the parameter has no value and its key was never printed, as a run here fails the node', () => {
    const dir = project('      - {name: label, type: string}', '      - [measure.metadata.nope, train.parameter.label]');
    const pods = runPods(exportedOf(dir), dir, {}, true);
    expect(pods.failed).toBe('train-values');
    const said = 'parameter "label" has no value: "measure" never printed metadata "nope" (it printed: best_lr, epochs, label, switch, tiny), which its edge gives it, and it has no default';
    expect(readFileSync(join(pods.get('train-values') as string, 'log'), 'utf8')).toContain(said);
    const run = cli(['run', '--pipeline', 'p'], dir);
    expect(run.code).not.toBe(0);
    expect(run.out + run.err).toContain(said);
  });

  it('leaves out the argument of a null value as a run here does; a list into a parameter of one value fails both alike', () => {
    const measure = measuring('{"none": null, "pair": [0.5, "it\'s"], "lr": 0.25}');
    const parameters = `      - {name: a, type: float, default: 1}
      - {name: b, type: string}
      - {name: c, type: float, default: 2}
      - {name: d, type: string, default: x, pass-as: "--d '{v}'"}`;
    const edges = (listInto: string): string => ['none a', `${listInto} b`, 'lr c', 'none d'].map((pair) => `      - [measure.metadata.${pair.split(' ')[0]}, train.parameter.${pair.split(' ')[1]}]`).join('\n');
    const step = (command: string, listInto = 'lr'): string => project(parameters, edges(listInto), '', measure, command);
    const dir = step("printf '[%s]\\n' {parameters}");
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('metadata'))).toEqual([]);
    const pods = runPods(exported, dir);
    const podPrinted = readFileSync(join(pods.get('train') as string, 'log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    const podParameters: unknown = JSON.parse(readFileSync(join(pods.get('train') as string, 'valohai/config/parameters.json'), 'utf8'));
    expect(podPrinted).toEqual(['[--b=0.25]', '[--c=0.25]']);
    expect(podParameters).toEqual({ a: null, b: 0.25, c: 0.25, d: null });
    expect(readFileSync(join(pods.get('train-values') as string, 'log'), 'utf8')).toContain('train.a is left out of the command, as a run here leaves out a parameter whose value is null');
    expect(ranHere(dir, 'train')).toEqual({ printed: podPrinted, parameters: podParameters });

    // Where the command writes the value itself, a null cannot be left out: the pod says so (a run here writes None).
    const written = step("printf '[%s]\\n' {parameter-value:a} {parameter:c}");
    const failed = runPods(exportedOf(written), written, {}, true);
    expect(failed.failed).toBe('train-values');
    expect(readFileSync(join(failed.get('train-values') as string, 'log'), 'utf8')).toContain('parameter "a": "measure" gave null for it, which is not taken here (pipewright run takes it)');

    const listed = step("printf '[%s]\\n' {parameters}", 'pair');
    const refused = runPods(exportedOf(listed), listed, {}, true);
    expect(refused.failed).toBe('train-values');
    const said = 'parameter "b" received a list, but it takes one value';
    expect(readFileSync(join(refused.get('train-values') as string, 'log'), 'utf8')).toContain(said);
    expect(cli(['run', '--pipeline', 'p'], listed).err).toContain(said);
  });

  it('passes a JSON object as its text, written as a run here writes it', () => {
    const measure = measuring('{"cfg": {"layers": [64, 2.0, "d\\u00e9j\\u00e0 vu", true], "lr": 1e-07, "big": 1.5e+22, "none": null, "it\'s": {"x": -0.5}}}');
    const dir = project('      - {name: cfg, type: string}', '      - [measure.metadata.cfg, train.parameter.cfg]', '', measure);
    const exported = exportedOf(dir);
    const pods = runPods(exported, dir);
    const podPrinted = readFileSync(join(pods.get('train') as string, 'log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    const podParameters: unknown = JSON.parse(readFileSync(join(pods.get('train') as string, 'valohai/config/parameters.json'), 'utf8'));
    expect(podPrinted).toEqual(['[--cfg={"layers":[64,2,"déjà vu",true],"lr":1e-7,"big":1.5e+22,"none":null,"it\'s":{"x":-0.5}}]']);
    expect(ranHere(dir, 'train')).toEqual({ printed: podPrinted, parameters: podParameters });
  });

  it('says which edges it leaves to a run: a flag, a multiple parameter', () => {
    const dir = project(
      `      - {name: fast, type: flag}
      - {name: sizes, type: integer, multiple: separate}`,
      ['switch fast', 'epochs sizes'].map((pair) => `      - [measure.metadata.${pair.split(' ')[0]}, train.parameter.${pair.split(' ')[1]}]`).join('\n'),
    );
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('metadata'))).toEqual([
      'edge measure.metadata.switch → train.parameter.fast: a flag parameter (the value decides which arguments there are) takes a metadata value only in a run; "train" keeps false',
      'edge measure.metadata.epochs → train.parameter.sizes: a multiple parameter takes a metadata value only in a run; "train" keeps null',
    ]);
    const tasks = (exported.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } }).dag.tasks;
    expect(tasks.map((t) => t.name)).toEqual(['measure', 'train']);
  });

  it("passes a sweep's best child's parameter and metadata (pick: max|min, by:) as a run here does, and every child's values without a pick", () => {
    const dir = makeProject(`
- step:
    name: train
    image: busybox
    command: |
      printf '{"accuracy": %s, "loss": %s, "tag": "lr%s"}\\n' $(echo {parameter-value:lr} | sed 's/0.2/0.99/') {parameter-value:lr} {parameter-value:lr}
    parameters: [{name: lr, type: float, default: 0.5}]
- step:
    name: final
    image: busybox
    command: |
      printf '[%s]\\n' {parameters}
    parameters: [{name: lr, type: float, default: 0.9}, {name: tag, type: string, default: none}]
- task: {name: sweep, step: train, parameters: [{name: lr, style: multiple, rules: {items: [0.1, 0.2, 0.3]}}]}
- task: {name: again, step: final, parameters: [{name: tag, style: multiple, rules: {items: [none]}}]}
- pipeline:
    name: p
    nodes:
      - {name: sweep, type: task, task: sweep}
      - {name: final, type: execution, step: final}
      - {name: each, type: task, task: again}
    edges:
      - {source: sweep.parameter.lr, target: final.parameter.lr, configuration: {pick: max, by: accuracy}}
      - {source: sweep.metadata.tag, target: final.parameter.tag, configuration: {pick: min, by: loss}}
      - [sweep.parameter.lr, each.parameter.lr]
`);
    const exported = exportedOf(dir);
    expect(exported.warnings.filter((w) => w.includes('sweep'))).toEqual([]);
    const pods = runPods(exported, dir);
    const printed = (task: string) => readFileSync(join(pods.get(task) as string, 'log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    // max accuracy: the child with lr 0.2 (0.99); min loss: lr 0.1.
    expect(printed('final')).toEqual(['[--lr=0.2]', '[--tag=lr0.1]']);
    expect(ranHere(dir, 'final').printed).toEqual(printed('final'));
    // Without a pick, the list of every child's value: one child each, as a run spreads it.
    const each = (exported.workflow.spec.templates[0] as unknown as { dag: { tasks: Task[] } }).dag.tasks.filter((t) => t.name.startsWith('each-'));
    expect(each.map((t) => printed(t.name)[0])).toEqual(['[--lr=0.1]', '[--lr=0.2]', '[--lr=0.3]']);
    // (A sweep's log names each line's execution: `[1.5] [--lr=0.1]`.)
    const logs = cli(['logs', 'latest', 'each'], dir).out.split('\n').map((l) => l.replace(/^\[[\d.]+\] /, '')).filter((l) => l.startsWith('[--lr'));
    expect(logs.sort()).toEqual(['[--lr=0.1]', '[--lr=0.2]', '[--lr=0.3]']);
  });

  it('passes on a parameter a values pod filled in, and a check after that node sees it as filled in, as a run here does', () => {
    const yaml = (actions: string) => `${MEASURE}
- step:
    name: train
    image: busybox
    command: |
      printf '[%s]\\n' {parameters}
    parameters: [{name: lr, type: float, default: 0.1}]
- pipeline:
    name: p
    nodes:
      - {name: measure, type: execution, step: measure}
      - {name: train, type: execution, step: train${actions}}
      - {name: after, type: execution, step: train}
    edges:
      - [measure.metadata.best_lr, train.parameter.lr]
      - [train.parameter.lr, after.parameter.lr]
`;
    const passed = makeProject(yaml(''));
    const pods = runPods(exportedOf(passed), passed);
    const printed = (task: string) => readFileSync(join(pods.get(task) as string, 'log'), 'utf8').split('\n').filter((l) => l.startsWith('['));
    expect(printed('after')).toEqual(['[--lr=0.03]']); // not the 0.1 train had when the workflow was written
    expect(ranHere(passed, 'after').printed).toEqual(printed('after'));

    // 0.03 < 0.05 stops the pipeline; the 0.1 known at export would not have.
    const stopping = makeProject(yaml(', actions: [{when: node-complete, if: parameter.lr < 0.05, then: stop-pipeline}]'));
    const stopped = runPods(exportedOf(stopping), stopping);
    expect([...stopped.skipped]).toEqual(['after-values', 'after']);
    const run = cli(['run', '--pipeline', 'p', '--json'], stopping);
    const ended = run.out.split('\n').filter((l) => l.includes('"node:finish"') || l.includes('"run:finish"')).map((l) => JSON.parse(l) as { node?: string; status: string });
    expect(ended.map((e) => [e.node ?? 'run', e.status])).toEqual([['measure', 'succeeded'], ['train', 'succeeded'], ['after', 'skipped'], ['run', 'stopped']]);
  });
});
