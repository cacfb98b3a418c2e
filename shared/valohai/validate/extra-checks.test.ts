import { describe, expect, it } from 'vitest';
import { applyAllFixes } from '../edit/apply-fix.ts';
import { importValohaiYaml } from '../import.ts';

const STEPS = `
- step:
    name: fit
    image: python:3.12
    command: python fit.py {parameters}
    parameters:
      - {name: lr, type: float, default: 0.1}
    inputs:
      - {name: table}
    environment-variables:
      - {name: TAG}
    outputs:
      - {name: model.pkl}
`;

function check(nodes: string, edges: string, extra = '') {
  const text = `${STEPS}- pipeline:\n    name: p\n${extra}    nodes:\n${nodes}    edges:\n${edges}`;
  return importValohaiYaml(text).diagnostics;
}

const twoNodes = '      - {name: a, type: execution, step: fit}\n      - {name: b, type: execution, step: fit}\n';

describe("checks the upstream linter misses", () => {
  it('refuses a metadata → input edge as an error, naming the edge', () => {
    const [d] = check(twoNodes, '      - [a.metadata.acc, b.input.table]\n');
    expect(d).toMatchObject({ severity: 'error', code: 'edge-kind-invalid', subject: { kind: 'edge', edgeIndex: 0 } });
    expect(d?.message).toContain('metadata → input makes no sense');
    expect(d?.message).not.toContain('did you mean');
  });

  it("warns of a parameter's default written valohai/outputs/… (from the repository, not /valohai), with the path meant as its fix", () => {
    const text = '- step:\n    name: s\n    image: x\n    command: python s.py {parameters}\n    parameters:\n      - {name: output-dir, default: "valohai/outputs/bart"}\n      - {name: data, default: ./valohai/inputs/data/a.csv}\n      - {name: ok, default: /valohai/outputs}\n      - {name: other, default: my/valohai/outputs}\n';
    const found = importValohaiYaml(text).diagnostics;
    expect(found.map((d) => [d.code, d.message, d.fix?.label])).toEqual([
      ['parameter-relative-valohai-folder', 'Step "s" parameter "output-dir": its default valohai/outputs/bart is a path from the working folder (the repository\'s), not /valohai/outputs, so what is written there is not kept as an output (did you mean /valohai/outputs/bart?)', 'use /valohai/outputs/bart'],
      ['parameter-relative-valohai-folder', 'Step "s" parameter "data": its default ./valohai/inputs/data/a.csv is a path from the working folder (the repository\'s), not /valohai/inputs, so nothing is there (did you mean /valohai/inputs/data/a.csv?)', 'use /valohai/inputs/data/a.csv'],
    ]);
    const fixed = applyAllFixes(text).text;
    expect(fixed).toContain('{name: output-dir, default: "/valohai/outputs/bart"}');
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
  });

  it("warns of an input default naming a parameter the step does not have ({parameter:NAME} fills only known ones)", () => {
    const { diagnostics } = importValohaiYaml('- step: {name: s, image: x, command: ls, parameters: [{name: split, type: string}], inputs: [{name: d, default: "data/{parameter:split}/{parameter:splt}.csv"}]}\n');
    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'input-unknown-parameter', 'Step "s" input "d": its default names {parameter:splt}, which the step does not have, so it stays as written'],
    ]);
  });

  it('names the edge meant when a socket kind is written twice (b.input.parameter.lr)', () => {
    const [d] = check(twoNodes, '      - [a.metadata.acc, b.input.parameter.lr]\n');
    expect(d?.message).toContain('metadata → input makes no sense: an input takes files: from an output or another input (did you mean b.parameter.lr?)');
  });

  it('refuses a second edge into one parameter', () => {
    const three = `${twoNodes}      - {name: c, type: execution, step: fit}\n`;
    const diagnostics = check(three, '      - [a.parameter.lr, c.parameter.lr]\n      - [b.metadata.best, c.parameter.lr]\n');
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'edge-parameter-fan-in', line: expect.any(Number) as unknown })]);
  });

  it('warns (only) about a port the step does not declare', () => {
    const diagnostics = check(twoNodes, '      - [a.output.x.csv, b.input.tabel]\n      - [a.environment-variable.TAG, b.environment-variable.TAGS]\n');
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'edge-unknown-port'],
      ['warning', 'edge-unknown-port'],
    ]);
    expect(diagnostics[0]?.message).toContain('input "tabel" is not declared by node "b" (did you mean "table"? it has: table)');
  });

  it('warns of an output edge one letter off a file name the step declares, and of no other', () => {
    const diagnostics = check(twoNodes, '      - [a.output.modle.pkl, b.input.table]\n      - [a.output.x.csv, b.input.table]\n      - [a.output.*.pkl, b.input.table]\n');
    expect(diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'edge-unknown-port', 'Pipeline "p" edge a.output.modle.pkl → b.input.table: output "modle.pkl" is not one node "a" declares (did you mean "model.pkl"? it declares: model.pkl); Valohai allows it, but it will likely do nothing'],
    ]);
  });

  it('warns of an environment variable whose default names another (${KEY}): nothing fills it in', () => {
    const { diagnostics } = importValohaiYaml('- step: {name: s, image: x, command: ls, environment-variables: [{name: NGC_API_KEY, default: "${NGC_API_KEY}"}, {name: PLAIN, default: "x$y"}]}\n');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['environment-variable-placeholder', 'Step "s" environment variable NGC_API_KEY: its default ${NGC_API_KEY} is passed as written (nothing fills in ${…} in a default), and it takes the place of any NGC_API_KEY already set; leave the default out to pass on the value the machine has'],
    ]);
  });

  it("warns of a token's value written into the file (in git with it), not of another variable's", () => {
    const { diagnostics } = importValohaiYaml('- step: {name: s, image: x, command: ls, environment-variables: [{name: HF_TOKEN, default: hf_abc}, {name: WANDB_API_KEY, default: ""}, {name: MODE, default: fast}]}\n');
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['environment-variable-secret', 'Step "s" environment variable HF_TOKEN has its value in the file, and so in git: put it in the project\'s .env file instead (HF_TOKEN=…, kept out of git), give it for a run (pipewright run --env HF_TOKEN=…, or Run with…), or in Valohai\'s project environment variables'],
    ]);
  });

  it('refuses a task node with both step and task', () => {
    const diagnostics = check('      - {name: t, type: task, step: fit, task: sweep}\n', '      []\n');
    expect(diagnostics.some((d) => d.severity === 'error' && d.message.includes('both "step" and "task"'))).toBe(true);
  });

  it('refuses a pipeline parameter whose target parameter does not exist', () => {
    const diagnostics = check(twoNodes, '      []\n', '    parameters:\n      - {name: rate, targets: [a.parameter.rate, b.parameter.lr]}\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'pipeline-parameter-unknown-target', subject: { kind: 'pipeline-parameter', pipeline: 'p', parameter: 'rate' } }),
    ]);
  });

  it('names what a pipeline parameter without targets could set, and targets the one node that has it', () => {
    const oneNode = '      - {name: a, type: execution, step: fit}\n      - {name: s, type: execution, step: other}\n';
    const other = '- step: {name: other, image: x, command: ls}\n';
    const text = `${STEPS}${other}- pipeline:\n    name: p\n    parameters:\n      - name: lr\n        default: 0.5\n      - {name: seed, targets: []}\n    nodes:\n${oneNode}    edges: []\n`;
    expect(importValohaiYaml(text).diagnostics.map((d) => d.message)).toEqual([
      'Pipeline "p" parameter "lr": no targets, so it sets nothing; to set node "a"\'s parameter of that name: targets: [a.parameter.lr]',
      'Pipeline "p" parameter "seed": no targets, so it sets nothing (no node here has a parameter "seed")',
    ]);
    const fixed = applyAllFixes(text).text;
    expect(fixed).toContain('        targets: a.parameter.lr\n');
    expect(importValohaiYaml(fixed).diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('"seed": no targets')]);

    const both = check(twoNodes, '      []\n', '    parameters:\n      - {name: lr, targets: []}\n');
    expect(both).toEqual([expect.objectContaining({ message: expect.stringContaining("to set the nodes' parameters of that name: targets: [a.parameter.lr, b.parameter.lr]") })]);
    expect(both[0]?.fix).toBeUndefined();
  });

  it('warns of an input default datum:// or dataset:// that names nothing, and removes it', () => {
    const text = '- step:\n    name: s\n    image: x\n    command: ls\n    inputs:\n      - name: model\n        default: datum://\n      - name: data\n        default:\n          - dataset://\n          - data/a.csv\n      - name: kept\n        default: datum://best-model\n';
    expect(importValohaiYaml(text).diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['input-default-names-nothing', 7, 'Step "s" input "model": its default datum:// names no datum (datum://ALIAS or datum://ID names one), so it gives no files; an input without a default is given by each run or by an edge'],
      ['input-default-names-nothing', 10, expect.stringContaining('its default dataset:// names no dataset (dataset://NAME/VERSION names one)')],
    ]);
    const fixed = applyAllFixes(text).text;
    expect(fixed).toBe('- step:\n    name: s\n    image: x\n    command: ls\n    inputs:\n      - name: model\n      - name: data\n        default:\n          - data/a.csv\n      - name: kept\n        default: datum://best-model\n');
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
  });

  it('refuses a cycle, naming its nodes', () => {
    const diagnostics = check(twoNodes, '      - [a.output.m, b.input.table]\n      - [b.dependency.x, a.dependency.x]\n');
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('cycle: a → b → a')]);
  });

  it('leaves a node that runs a step from another commit unchecked, as Valohai does', () => {
    const diagnostics = check('      - {name: a, type: execution, step: elsewhere, commit: "library:abc"}\n      - {name: b, type: execution, step: fit}\n', '      - [a.output.x, b.input.table]\n');
    expect(diagnostics).toEqual([]);
  });
});

describe('command placeholders Valohai would leave as written', () => {
  const placeholders = (command: string) =>
    importValohaiYaml(`- step:\n    name: fit\n    image: x\n    command: ${JSON.stringify(command)}\n    parameters: [{name: lr, type: float, default: 0.1}]\n`).diagnostics.filter((d) => d.code === 'command-placeholder');

  it('warns of {parameter:NAME} written after its own flag (--lr={parameter:lr} gives --lr=--lr=0.1), with {parameter-value:NAME} as its fix', () => {
    const [glued, spaced] = placeholders('python fit.py --lr={parameter:lr} && python eval.py --lr {parameter:lr}');
    expect(glued?.message).toBe('Step "fit": --lr={parameter:lr} gives --lr=--lr=0.1: {parameter:lr} is the whole flag, its name with its value; write --lr={parameter-value:lr} for the value alone (or {parameter:lr} alone)');
    expect(spaced?.message).toContain('--lr {parameter:lr} gives --lr --lr=0.1');
    const text = '- step:\n    name: fit\n    image: x\n    command: python fit.py --rate={parameter:lr} --lr {parameter:lr}\n    parameters: [{name: lr, type: float, default: 0.1}]\n';
    expect(applyAllFixes(text).text).toContain('command: python fit.py --rate={parameter-value:lr} --lr {parameter-value:lr}\n');
    // Another flag before it (a switch), or a pass-as that gives the value alone: nothing doubled.
    expect(placeholders('python fit.py --verbose {parameter:lr} {parameter:lr}')).toEqual([]);
    const alone = importValohaiYaml("- step: {name: s, image: x, command: 'python s.py --lr={parameter:lr}', parameters: [{name: lr, type: float, default: 0.1, pass-as: '{v}'}]}\n");
    expect(alone.diagnostics).toEqual([]);
  });

  it('warns of a placeholder swallowed by outer braces, and of one naming no parameter', () => {
    const [inside] = placeholders('echo "{\\"acc\\": {parameter-value:lr}}"');
    expect(inside).toMatchObject({ severity: 'warning', line: 4 });
    expect(inside?.message).toBe(
      'Step "fit": {parameter-value:lr} is inside another "{…}" ({\\"acc\\": {parameter-value:lr}), so Valohai leaves it as written; build the braces another way, e.g. printf \'{"key":%s}\\n\' {parameter-value:lr} (no space after the colon, so YAML reads the line as text unquoted)',
    );
    expect(placeholders('python fit.py {parameter:rate}')[0]?.message).toBe('Step "fit": {parameter:rate} names no parameter of this step, so it stays as written');
  });

  it("warns of a version requirement the shell cuts (pip install torch>=1.10), and not of a quoted one", () => {
    expect(placeholders("pip install peft torch>=1.10 'numpy>=1.2' \"pandas<3\"").map((d) => d.message)).toEqual([
      'Step "fit": torch>=1.10 in "pip install peft torch>=1.10 \'numpy>=1.2\' "pandas<3"" is cut by the shell, which reads > as a redirection: torch is installed in any version, and the install\'s output goes to a file named "=1.10"; quote it: \'torch>=1.10\'',
    ]);
    expect(placeholders('pip install scipy<2')[0]?.message).toContain('the install reads its input from a file named "2", and fails where there is none');
    expect(placeholders('python fit.py > log.txt && pip install -r requirements.txt')).toEqual([]);
    // Its fix quotes it, the rest as it was; none where the same text is written quoted elsewhere (it would be quoted twice).
    const text = `${STEPS.replace('command: python fit.py {parameters}', 'command: pip install peft torch>=1.10 && python fit.py {parameters}')}`;
    const fixed = applyAllFixes(text);
    expect(fixed.fixed.map((f) => f.label)).toEqual(["quote it: 'torch>=1.10'"]);
    expect(fixed.text).toContain("command: pip install peft 'torch>=1.10' && python fit.py {parameters}");
    expect(placeholders("pip install torch>=1.10 && echo 'torch>=1.10'")[0]?.fix).toBeUndefined();
  });

  it("warns of bash's &> (under /bin/sh a command sent to the background and a file emptied), with the POSIX redirection as its fix; not of one in quotes", () => {
    const [found] = placeholders('./gpus.sh &> "$VH_OUTPUTS_DIR/gpus.log" && cat "$VH_OUTPUTS_DIR/gpus.log"');
    expect(found?.message).toBe(
      'Step "fit": &> "$VH_OUTPUTS_DIR/gpus.log" sends both output streams to a file in bash only; the command runs under /bin/sh, which in many images (dash, in Debian\'s and Ubuntu\'s) runs it in the background, not waited for, and empties "$VH_OUTPUTS_DIR/gpus.log": write > "$VH_OUTPUTS_DIR/gpus.log" 2>&1',
    );
    expect(found?.fix).toMatchObject({ kind: 'replace-text', from: '&> "$VH_OUTPUTS_DIR/gpus.log"', to: '> "$VH_OUTPUTS_DIR/gpus.log" 2>&1' });
    expect(placeholders('python t.py &>> log.txt')[0]?.fix).toMatchObject({ from: '&>> log.txt', to: '>> log.txt 2>&1' });
    expect(placeholders("echo 'a &> b' > x.txt")).toEqual([]);
    expect(placeholders('python t.py > log.txt 2>&1 &')).toEqual([]);
  });

  it("warns of a multiple-separator other than the default without multiple: separate, which joins nothing; not of the ',' Valohai's exports write on every parameter", () => {
    const parameters = (extra: string, separator = "';'") => importValohaiYaml(`- step: {name: s, image: x, command: x, parameters: [{name: ids, type: string, optional: true, multiple-separator: ${separator} ${extra}}]}\n`).diagnostics.map((d) => d.message);
    expect(parameters('')).toEqual(['Step "s" parameter "ids": `multiple-separator` has no effect without `multiple: separate`: a list given to this parameter (from an edge, say) is refused, not joined with ";"']);
    expect(parameters(', multiple: repeat')).toHaveLength(1);
    expect(parameters(', multiple: separate')).toEqual([]);
    expect(parameters('', "','")).toEqual([]);
    // Its fix writes what the separator says was meant; multiple: repeat, chosen, is left to the author.
    const text = "- step: {name: s, image: x, command: x, parameters: [{name: ids, type: string, optional: true, multiple-separator: ';'}]}\n";
    expect(applyAllFixes(text).text).toBe("- step: {name: s, image: x, command: x, parameters: [{name: ids, type: string, optional: true, multiple-separator: ';', multiple: separate}]}\n");
    expect(importValohaiYaml(text.replace("';'}", "';', multiple: repeat}")).diagnostics[0]?.fix).toBeUndefined();
  });

  it('is quiet about placeholders that work and about shell braces', () => {
    expect(placeholders('python fit.py {parameters} --lr2={parameter-value:lr} ${HOME} {params} {parameter:lr}')).toEqual([]);
    expect(placeholders("printf '{\"acc\": %s}\\n' {parameter-value:lr}")).toEqual([]);
  });

  it('says what an unknown field was meant as: a field misspelt, one in the wrong place, or the fields there are', () => {
    const messages = importValohaiYaml(`
- step:
    name: s
    image: x
    command: echo
    inputs: [{name: model, defualt: a.csv}]
    resources: {cpu: {min: 1, mx: 2}}
- pipeline:
    name: p
    parameters: [{name: rate, type: float, targets: [n.parameter.x]}]
    nodes: [{name: n, type: execution, step: s, parameters: [{name: x, default: 1}]}]
    edges: []
`).diagnostics.map((d) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Step "s": inputs › "model" has an unknown field "defualt" (did you mean "default"?)',
        'Step "s": resources › cpu has an unknown field "mx" (did you mean "max"?)',
        'Pipeline "p" parameter "rate" has an unknown field "type" (it takes category, default, description, name, target, targets)',
        'Pipeline "p" node "n" has an unknown field "parameters" (a node sets its step\'s parameters under override: {parameters: [...]})',
      ]),
    );
  });

  it("says a node parameter's default written as a pipeline parameter's name ($rate, as other tools write it) is no reference in Valohai, and how the value gets there", () => {
    const messages = importValohaiYaml(`
- step: {name: s, image: x, command: echo, parameters: [{name: x, type: float}]}
- pipeline:
    name: p
    parameters: [{name: rate, default: 0.1}]
    nodes: [{name: n, type: execution, step: s, parameters: [{name: x, default: $rate}]}]
    edges: []
`).diagnostics.map((d) => d.message);
    expect(messages).toContain(
      'Pipeline "p" node "n" has an unknown field "parameters" (a node sets its step\'s parameters under override: {parameters: [...]}); "$rate" is no reference in Valohai: pipeline parameter "rate" sets it by listing n.parameter.x in its targets',
    );
  });

  it("says a sweep's style and rules written on a node's override or a step's parameter belong in a top-level task, and offers no rename of style to type", () => {
    const { diagnostics } = importValohaiYaml(`${STEPS}- pipeline:
    name: p
    nodes:
      - name: sweep
        type: task
        step: fit
        override:
          parameters: [{name: lr, style: linear, rules: {start: 0.1, end: 0.3, step: 0.1}}]
    edges: []
- step: {name: other, image: x, command: echo, parameters: [{name: depth, type: integer, style: multiple}]}
`);
    expect(diagnostics.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        'Pipeline "p" node "sweep": override › parameters › "lr" has an unknown field "style"; style and rules make a sweep\'s variants, which Valohai reads only in a top-level task: - task: {name: NAME, step: fit, parameters: [{name: lr, style: …, rules: {…}}]}, named on this node by task: NAME in place of step:',
        'Pipeline "p" node "sweep": override › parameters › "lr" has an unknown field "rules"; it goes with style, in a top-level task (see style)',
        'Step "other": parameters › "depth" has an unknown field "style"; style and rules make a sweep\'s variants, which Valohai reads only in a top-level task: - task: {name: NAME, step: other, parameters: [{name: depth, style: …, rules: {…}}]}, run by pipewright run --task NAME or by a pipeline node of type task',
      ]),
    );
    expect(diagnostics.filter((d) => d.message.includes('"style"')).map((d) => d.fix)).toEqual([undefined, undefined]);
  });

  it('warns of a distributed task without execution-count and a Bayesian task without a metric to optimise', () => {
    const messages = importValohaiYaml(`${STEPS}- task: {name: group, step: fit, type: distributed, parameters: []}
- task: {name: tune, step: fit, type: bayesian_tpe, execution-count: 30, parameters: [{name: lr, style: random, rules: {min: 0, max: 1}}]}
- task: {name: fine, step: fit, type: distributed, execution-count: 2, parameters: []}
`).diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      'Task "group": a distributed task without execution-count has one worker (execution-count: N runs N together)',
      'Task "tune": a Bayesian task without optimization-target-metric has nothing to optimise: every child is a random draw (name the metadata key its children print)',
    ]);
  });

  it("warns of an endpoint file whose path leaves the endpoint's folder", () => {
    const diagnostics = importValohaiYaml('- endpoint:\n    name: predict\n    image: x\n    wsgi: app\n    files: [{name: model, path: ../model.h5}, {name: ok, path: models/x.h5}]\n').diagnostics;
    expect(diagnostics.map((d) => [d.severity, d.message, d.line])).toEqual([
      ['warning', 'Endpoint "predict": file "model" has path "../model.h5", which leaves the endpoint\'s folder; a path is relative to it (model.h5, models/model.h5)', 5],
    ]);
  });
});
