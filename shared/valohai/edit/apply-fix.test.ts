import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostic.ts';
import { importValohaiYaml } from '../import.ts';
import { applyAllFixes, applyFix } from './apply-fix.ts';
import { setKey } from './yaml-splice.ts';
import { buildCommand } from '../../run/build-command.ts';

const FILE = `# slips a person makes; each has a fix
- step:
    name: prep
    image: python:3.12
    command: python prep.py
    inputs:
      - name: raw
        download: alwayz   # the enum
- step:
    name: train
    image: python:3.12
    command: python train.py {parameters}
    parameters:
      - name: lr
        type: float
        defualt: 0.1
    inputs:
      - name: model
      - name: data
- task:
    name: sweep
    step: trian
- pipeline:
    name: p
    parameters:
      - name: rate
        targets: [trian-node.parameter.lr]
    nodes:
      - name: prep-node
        type: execution
        step: perp
      - name: train-node
        type: execution
        step: train
        override:
          inputs:
            - name: dta
    edges:
      - [prep-nod.output.x.csv, train-node.input.data]   # a node
      - [prep-node.output.m.pkl, train-node.input.modle]
      - source: prep-node.metadata.y
        target: train-node.input.parameter.lr
`;

/** The fixes the file's diagnostics offer, by code. */
function fixesOf(text: string): Diagnostic[] {
  return importValohaiYaml(text).diagnostics.filter((d) => d.fix !== undefined);
}

describe('fixes for the slips a diagnostic says "did you mean" of', () => {
  it('are offered for each, with what they do', () => {
    const offered = fixesOf(FILE).map((d) => [d.code, d.fix?.label]);
    expect(offered).toEqual(
      expect.arrayContaining([
        ['schema-enum', 'use "always"'],
        ['schema-additionalProperties', 'rename it "default"'],
        ['node-unknown-step', 'use step "prep"'],
        ['override-unknown-input', 'use input "data"'],
        ['edge-unknown-node', 'use node "prep-node"'],
        ['edge-unknown-port', 'use input "model"'],
        ['edge-kind-invalid', 'use train-node.parameter.lr'],
        ['pipeline-parameter-unknown-node', 'use node "train-node"'],
        ['task-unknown-step', 'use step "train"'],
      ]),
    );
  });

  it('each change only the slip, and the file then has no such diagnostic', () => {
    for (const diagnostic of fixesOf(FILE)) {
      const result = applyFix(FILE, diagnostic.fix!);
      expect(result.ok, diagnostic.code).toBe(true);
      if (!result.ok) continue;
      const before = FILE.split('\n');
      const after = result.text.split('\n');
      expect(after).toHaveLength(before.length);
      const changed = after.filter((line, i) => line !== before[i]);
      expect(changed, diagnostic.code).toHaveLength(1);
      expect(importValohaiYaml(result.text).diagnostics.map((d) => d.message)).not.toContain(diagnostic.message);
    }
  });

  it('keep the comments, quoting and flow style around the slip', () => {
    const edge = fixesOf(FILE).find((d) => d.code === 'edge-unknown-node')!;
    const fixed = applyFix(FILE, edge.fix!);
    expect(fixed.ok && fixed.text).toContain('      - [prep-node.output.x.csv, train-node.input.data]   # a node\n');
    const key = fixesOf(FILE).find((d) => d.code === 'schema-additionalProperties')!;
    const renamed = applyFix(FILE, key.fix!);
    expect(renamed.ok && renamed.text).toContain('        default: 0.1\n');
    const target = fixesOf(FILE).find((d) => d.code === 'pipeline-parameter-unknown-node')!;
    const retargeted = applyFix(FILE, target.fix!);
    expect(retargeted.ok && retargeted.text).toContain('        targets: [train-node.parameter.lr]\n');
  });

  it("fix a pipeline parameter's target written as one string, under target or targets", () => {
    for (const key of ['target', 'targets']) {
      const text = FILE.replace('        targets: [trian-node.parameter.lr]', `        ${key}: trian-node.parameter.lr`);
      const fix = fixesOf(text).find((d) => d.code === 'pipeline-parameter-unknown-node')!.fix!;
      const fixed = applyFix(text, fix);
      expect(fixed.ok && fixed.text).toContain(`        ${key}: train-node.parameter.lr\n`);
    }
  });

  it('are not offered where nothing near was meant, and the message then lists the steps there are', () => {
    const text = FILE.replace('step: perp', 'step: zzzzzzz');
    expect(fixesOf(text).map((d) => d.code)).not.toContain('node-unknown-step');
    expect(importValohaiYaml(text).diagnostics.find((d) => d.code === 'node-unknown-step')?.message).toMatch(/step "zzzzzzz" does not exist \(this file's steps: "prep", "train"/);
  });

  it('take a name that differs only in its parentheses for the one step with that stem (RedwanAlkurdi/Valohai_Test)', () => {
    const text = `- step: {name: Preprocess dataset (Horses Vs. Humans), image: x, command: echo}
- step: {name: Train model (MNIST), image: x, command: echo}
- pipeline:
    name: p
    nodes:
      - {name: prep, type: execution, step: Preprocess dataset (MNIST)}
    edges: []
`;
    const fixed = applyAllFixes(text);
    expect(fixed.fixed.map((f) => f.label)).toEqual(['use step "Preprocess dataset (Horses Vs. Humans)"']);
    expect(importValohaiYaml(fixed.text).diagnostics).toEqual([]);
  });

  it('refuse, saying why, when the file has changed under them', () => {
    const key = fixesOf(FILE).find((d) => d.code === 'schema-additionalProperties')!;
    const result = applyFix(FILE.replace('defualt: 0.1', 'default: 0.1\n        defualt: 0.2'), { ...key.fix!, path: key.fix!.path });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('already has a key "default"') });
  });

  it("write a look-alike placeholder ({parameters.lr}) as Valohai's, in every line of a block and a list, the rest as it was", () => {
    const text = `- step:
    name: train
    image: python:3.12
    command:
      - pip install -q -e .   # first
      - |
        python train.py \\
          --lr {parameters.lr} \\
          --mode "{parameters.mode}" --again {parameters.lr}
    parameters:
      - name: lr
        type: float
        default: 0.001
      - name: mode
        default: fast and loose
`;
    const offered = fixesOf(text).filter((d) => d.code === 'command-placeholder');
    expect(offered.map((d) => [d.message.replace(/^[^;]*; /, ''), d.fix?.label])).toEqual([
      ['{parameter-value:lr} gives the value of parameter "lr" ({parameter:lr} gives it as its flag, here --lr=0.001)', 'write {parameter-value:lr}'],
      ['{parameter-value:mode} gives the value of parameter "mode" ({parameter:mode} gives it as its flag, here \'--mode=fast and loose\')', 'write {parameter-value:mode}'],
    ]);
    const once = applyFix(text, offered[0]!.fix!);
    expect(once.ok && once.text).toContain('          --lr {parameter-value:lr} \\\n          --mode "{parameters.mode}" --again {parameter-value:lr}\n');
    const { text: all, fixed } = applyAllFixes(text);
    expect(fixed).toHaveLength(2);
    expect(all).toBe(text.replaceAll('{parameters.', '{parameter-value:'));
    expect(importValohaiYaml(all).diagnostics.filter((d) => d.code === 'command-placeholder')).toEqual([]);
  });

  it('quote a placeholder written alone, which YAML read as a map ({parameters} in a command list)', () => {
    const text = '- step:\n    name: a\n    image: x\n    command:\n      - python t.py\n      - {parameter-value:n}\n    parameters: [{name: n, type: integer, default: 3}]\n- step: {name: b, image: x, command: [echo, {parameters}]}\n';
    const found = fixesOf(text).filter((d) => d.code === 'schema-type');
    expect(found.map((d) => [d.message, d.line, d.fix?.label])).toEqual([
      ['Step "a": command › item 2 must be a string (got a map); unquoted, {parameter-value:n} is a YAML map: put it in quotes ("{parameter-value:n}")', 6, 'write "{parameter-value:n}" in quotes'],
      ['Step "b": command › item 2 must be a string (got a map); unquoted, {parameters} is a YAML map: put it in quotes ("{parameters}")', 8, 'write "{parameters}" in quotes'],
    ]);
    const { text: fixed } = applyAllFixes(text);
    expect(fixed).toBe(text.replace('- {parameter-value:n}', '- "{parameter-value:n}"').replace('[echo, {parameters}]', '[echo, "{parameters}"]'));
    expect(importValohaiYaml(fixed).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Any other map of one key is still a line with ": " in it.
    const other = importValohaiYaml('- step: {name: c, image: x, command: [{rows: 10}]}\n').diagnostics.filter((d) => d.code === 'schema-type');
    expect(other.map((d) => [d.message, d.fix])).toEqual([['Step "c": command › item 1 must be a string (got a map); a line holding ": " must be quoted in YAML, or it becomes a map', undefined]]);
  });

  it('write a placeholder given brackets for its colon ({parameter-value[lr]}, {parameter(lr)}) with the colon', () => {
    const text = "- step: {name: t, image: x, command: 'python t.py --lr {parameter-value[lr]} {parameter(lr)}', parameters: [{name: lr, type: float, default: 0.1}]}\n";
    expect(fixesOf(text).filter((d) => d.code === 'command-placeholder').map((d) => d.message)).toEqual([
      'Step "t": {parameter-value[lr]} is not a Valohai placeholder, so it stays as written; placeholders take a colon: {parameter-value:lr}',
      'Step "t": {parameter(lr)} is not a Valohai placeholder, so it stays as written; placeholders take a colon: {parameter:lr}',
    ]);
    expect(applyAllFixes(text).text).toBe(text.replace('{parameter-value[lr]} {parameter(lr)}', '{parameter-value:lr} {parameter:lr}'));
  });

  it('offer no placeholder where the step has no such parameter, and none for an input', () => {
    const text = '- step:\n    name: s\n    image: python:3.12\n    command: python s.py {parameters.nope} {inputs.data}\n    inputs:\n      - name: data\n';
    const found = importValohaiYaml(text).diagnostics.filter((d) => d.code === 'command-placeholder');
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining('the step has no parameter "nope"'),
      expect.stringContaining('input "data"\'s files are in /valohai/inputs/data/'),
    ]);
    expect(found.every((d) => d.fix === undefined)).toBe(true);
  });

  it('declare on its step an input or parameter an edge feeds and nothing near it was meant, the list made where there is none', () => {
    const text = `- step:
    name: prep
    image: x
    command: python prep.py
    parameters:
      - name: rows
        type: integer
- step:
    name: gate
    image: x
    command: python gate.py   # no inputs, no parameters
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: prep}
      - {name: b, type: execution, step: gate}
    edges:
      - [a.output.report.json, b.input.quality_gate]
      - [a.parameter.rows, b.parameter.limit]
      - [a.metadata.score, b.parameter.score]
`;
    const offered = fixesOf(text).filter((d) => d.code === 'edge-unknown-port');
    expect(offered.map((d) => d.fix?.label)).toEqual(['declare input "quality_gate" on step "gate"', 'declare parameter "limit" on step "gate"', 'declare parameter "score" on step "gate"']);
    const { text: fixed, fixed: made } = applyAllFixes(text);
    expect(made).toHaveLength(3);
    expect(fixed).toBe(
      text.replace(
        '    command: python gate.py   # no inputs, no parameters\n',
        '    command: python gate.py   # no inputs, no parameters\n    inputs:\n      - name: quality_gate\n    parameters:\n      - name: limit\n        type: integer\n      - name: score\n        type: string\n',
      ),
    );
    expect(importValohaiYaml(fixed).diagnostics.filter((d) => d.code === 'edge-unknown-port')).toEqual([]);
  });

  it('remove the earlier of a key written twice (which Valohai ignores), so the file means the same and can be edited again', () => {
    const text = `- step:
    name: train
    image: x
    command: python train.py
    inputs:   # the old one
      - name: cooccurrences
        default: datum://01792351-73e6-2629-042f-360afcabf9b7
    mounts: []
    inputs:
      - name: matrix
`;
    const twice = importValohaiYaml(text).diagnostics.find((d) => d.code === 'yaml-duplicate-key')!;
    expect(twice.fix?.label).toBe('remove the earlier "inputs" (lines 5–7), which Valohai ignores');
    expect(setKey(text, [0, 'step'], 'image', 'y')).toMatchObject({ ok: false, message: expect.stringContaining('line 9 repeats a key of its map') });
    const fixed = applyFix(text, twice.fix!);
    expect(fixed.ok && fixed.text).toBe(text.replace('    inputs:   # the old one\n      - name: cooccurrences\n        default: datum://01792351-73e6-2629-042f-360afcabf9b7\n', ''));
    if (!fixed.ok) return;
    expect(importValohaiYaml(fixed.text).config.steps[0]?.inputs.map((i) => i.name)).toEqual(['matrix']);
    expect(setKey(fixed.text, [0, 'step'], 'image', 'y').ok).toBe(true);
    // Refused once those lines changed.
    expect(applyFix(text.replace('cooccurrences', 'other'), twice.fix!)).toMatchObject({ ok: false });
  });

  it('offer no removal where the earlier key shares its line (a flow map, a list item\'s first key)', () => {
    for (const text of ['- step: {name: a, image: x, command: ls, name: b}\n', '- step:\n    name: a\n    image: x\n    command: ls\n    inputs:\n      - name: i\n        name: j\n']) {
      const twice = importValohaiYaml(text).diagnostics.filter((d) => d.code === 'yaml-duplicate-key');
      expect(twice).toHaveLength(1);
      expect(twice[0]?.fix).toBeUndefined();
    }
  });

  it('all made in one go where one must wait for another: a port declared once a key written twice after it is gone', () => {
    const text = `- step:
    name: gate
    image: x
    command: python gate.py
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: gate}
      - {name: b, type: execution, step: gate}
    edges:
      - [a.output.report.json, b.input.report]
    name: p
`;
    const { text: fixed, fixed: made } = applyAllFixes(text);
    expect(made.map((f) => f.label)).toEqual(['remove the earlier "name" (line 6), which Valohai ignores', 'declare input "report" on step "gate"']);
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
  });

  it("remove a pipeline parameter's type, which Valohai does not read there, and offer no removal of another unknown field", () => {
    const text = `- step:
    name: s
    image: x
    command: python s.py {parameters}
    author: me   # no field of a step, and nothing near one
    parameters: [{name: lr, type: float, default: 0.1}]
- pipeline:
    name: p
    parameters:
      - name: lr
        type: float
        default: 0.2
        targets: [a.parameter.lr]
    nodes: [{name: a, type: execution, step: s}]
    edges: []
`;
    const unknown = importValohaiYaml(text).diagnostics.filter((d) => d.code === 'schema-additionalProperties');
    expect(unknown.map((d) => [d.message.match(/"(\w+)"/g)?.at(-1), d.fix?.label])).toEqual([
      ['"author"', undefined],
      ['"type"', 'remove "type": a pipeline parameter takes the type of the parameters it targets'],
    ]);
    const fixed = applyFix(text, unknown[1]!.fix!);
    expect(fixed.ok && fixed.text).toBe(text.replace('        type: float\n        default: 0.2\n', '        default: 0.2\n'));
  });

  it("move a node's parameters, inputs or variables written beside its step under its override, made where there is none; none offered where the override has them", () => {
    const text = `- step:
    name: s
    image: x
    command: python train.py {parameters}
    parameters: [{name: lr, type: float, default: 0.1}]
    inputs: [{name: data}]
- pipeline:
    name: p
    nodes:
      - name: a
        type: execution
        step: s
        parameters:
          - name: lr   # the rate for this node
            default: 0.5
      - name: b
        type: execution
        step: s
        override:
          parameters: [{name: lr, default: 0.3}]
        inputs:
          - name: data
            default: b.csv
      - name: c
        type: execution
        step: s
        override: {inputs: [{name: data, default: c.csv}]}
        inputs: [{name: data, default: other.csv}]
    edges: []
`;
    const misplaced = importValohaiYaml(text).diagnostics.filter((d) => d.code === 'schema-additionalProperties');
    expect(misplaced.map((d) => [d.message, d.fix?.label])).toEqual([
      ['Pipeline "p" node "a" has an unknown field "parameters" (a node sets its step\'s parameters under override: {parameters: [...]})', 'move it under override:'],
      ['Pipeline "p" node "b" has an unknown field "inputs" (a node sets its step\'s inputs under override: {inputs: [...]})', 'move it under override:'],
      // Its override gives that input already: which of the two was meant is the person's to say.
      ['Pipeline "p" node "c" has an unknown field "inputs" (a node sets its step\'s inputs under override: {inputs: [...]})', undefined],
    ]);
    const fixed = applyAllFixes(text);
    expect(fixed.fixed.map((f) => f.label)).toEqual(['move it under override:', 'move it under override:']);
    // The moved block keeps its own lines: its comment too.
    expect(fixed.text).toContain('        step: s\n        override:\n          parameters:\n            - name: lr   # the rate for this node\n              default: 0.5\n      - name: b\n');
    expect(fixed.text).toContain('        override:\n          parameters: [{name: lr, default: 0.3}]\n          inputs:\n            - name: data\n              default: b.csv\n      - name: c\n');
    const after = importValohaiYaml(fixed.text);
    expect(after.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([misplaced[2]!.message]);
    const nodes = after.config?.pipelines[0]?.nodes ?? [];
    expect(nodes.map((n) => (n.type === 'execution' ? n.override?.parameters?.map((p) => [p.name, p.default]) : null))).toEqual([[['lr', 0.5]], [['lr', 0.3]], []]);
  });

  it("moves a block as it was written: its comments (its key's, the one above its first item) and its quoting, at its new depth", () => {
    const text = `- step:
    name: s
    image: x
    command: python train.py {parameters}
    parameters: [{name: lr, type: float}, {name: mode, type: string}]
- pipeline:
    name: p
    nodes:
    - name: a
      type: execution
      step: s
      parameters:    # for this node only
      # tuned by hand, 2026-11
      - name: lr
        default: 0.05    # was 0.1
      - name: mode
        default: 'fast'
    edges: []
`;
    const fixed = applyAllFixes(text);
    expect(fixed.fixed.map((f) => f.label)).toEqual(['move it under override:']);
    expect(fixed.text).toContain(`      step: s
      override:
        parameters:    # for this node only
          # tuned by hand, 2026-11
          - name: lr
            default: 0.05    # was 0.1
          - name: mode
            default: 'fast'
    edges: []
`);
    const nodes = importValohaiYaml(fixed.text).config?.pipelines[0]?.nodes ?? [];
    expect(nodes.map((n) => (n.type === 'execution' ? n.override?.parameters?.map((p) => [p.name, p.default]) : null))).toEqual([[['lr', 0.05], ['mode', 'fast']]]);
  });

  it('keep, of a name declared twice or more, the one Valohai uses where Valohai puts it, so the command is built the same', () => {
    const text = `- step:
    name: s
    image: x
    command: python train.py {parameters} --then {parameter-value:tag}
    parameters:
      - name: out
        type: string
        default: /valohai/outputs/a.pkl
      - name: epochs
        type: integer
        default: 5
      - {name: tag, pass-as: '{v}', default: first}
      - name: out    # pasted again, with the path meant
        type: string
        default: /data/a.pkl
      - {name: tag, default: second}
      - {name: tag, default: third}
    inputs:
      - name: data
      - name: data
        default: d.csv
`;
    const before = importValohaiYaml(text);
    const twice = before.diagnostics.filter((d) => d.code === 'parameter-duplicate');
    expect(twice.map((d) => [d.line, d.fix?.label])).toEqual([
      [6, 'keep the last parameter "out" (the one Valohai uses), here'],
      [12, undefined], // (once the one between is gone)
      [16, 'remove this parameter "tag" (a later one replaces it, and the first holds its place)'],
      [19, 'keep the last input "data" (the one Valohai uses), here'],
    ]);
    const fixed = applyAllFixes(text);
    // (Each line as the fix before it left the file: out's took out three lines, the middle tag one.)
    expect(fixed.fixed.map((f) => [f.line, f.label])).toEqual([
      [6, 'keep the last parameter "out" (the one Valohai uses), here'],
      [13, 'remove this parameter "tag" (a later one replaces it, and the first holds its place)'],
      [12, 'keep the last parameter "tag" (the one Valohai uses), here'],
      [14, 'keep the last input "data" (the one Valohai uses), here'],
    ]);
    // The kept one's own lines, its comment too.
    expect(fixed.text).toContain(`    parameters:
      - name: out    # pasted again, with the path meant
        type: string
        default: /data/a.pkl
      - name: epochs`);
    expect(fixed.text).toContain('    inputs:\n      - name: data\n        default: d.csv\n');
    const after = importValohaiYaml(fixed.text);
    const step = (result: typeof before) => result.config!.steps[0]!;
    // The same parameters in the same order, so the same command; the inputs the same.
    expect(buildCommand(step(after), {})).toEqual(buildCommand(step(before), {}));
    expect(step(after).parameters.map((p) => [p.name, p.default])).toEqual(step(before).parameters.map((p) => [p.name, p.default]));
    expect(step(after).inputs.map((i) => [i.name, i.defaults])).toEqual([['data', ['d.csv']]]);
    expect(fixed.text).toContain("      - name: epochs\n        type: integer\n        default: 5\n      - {name: tag, default: third}\n    inputs:");
    expect(after.diagnostics.filter((d) => d.code === 'parameter-duplicate')).toEqual([]);
  });

  it('remove an empty `-` left in a list (an input default, a command, a node), the rest as it was', () => {
    const text = `- step:
    name: s
    image: x
    command:
      - pip install -r requirements.txt
      -
      - python s.py
    inputs:
      - name: data
        default:
        - s3://bucket/train.json
        -
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: s}
      -
    edges: []
`;
    const empty = importValohaiYaml(text).diagnostics;
    expect(empty.map((d) => [d.message, d.fix?.label])).toEqual([
      ['Step "s": command › item 2 must be a string (got nothing)', 'remove the empty item'],
      ['Step "s": inputs › "data" › default › item 2 must be a string (got nothing)', 'remove the empty item'],
      ['Pipeline "p" node "(unnamed, item 2)" must be a map (got nothing)', 'remove the empty item'],
    ]);
    const { text: fixed, fixed: made } = applyAllFixes(text);
    expect(made).toHaveLength(3);
    expect(fixed).toBe(text.replace('      -\n      - python', '      - python').replace('        -\n-', '-').replace('      -\n    edges', '    edges'));
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
  });
});
