import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fixtureNames, readFixture } from '../../test-support/fixtures.ts';
import { applyAllFixes } from './edit/apply-fix.ts';
import { importValohaiYaml } from './import.ts';

const errorsOf = (text: string) => importValohaiYaml(text).diagnostics.filter((d) => d.severity === 'error');

describe('import', () => {
  it('reads every part of a pipeline into the model', () => {
    const { config } = importValohaiYaml(readFixture('pipeline-example.yaml'));
    const little = config.pipelines.find((p) => p.name === 'My little pipeline');
    expect(little?.nodes.map((n) => n.type)).toEqual(['execution', 'execution', 'execution']);
    expect(little?.edges[0]).toMatchObject({ form: 'short', source: { node: 'batch1', type: 'input', key: 'training-labels*' } });
    expect(little?.reuseExecutions).toBe(true);
    const step = config.steps.find((s) => s.name === 'Train model');
    expect(step?.noOutputTimeout).toBe(6 * 3600);
  });

  it('splits sockets on the first two dots only', () => {
    const { config } = importValohaiYaml(readFixture('pipeline-deployment-edge-example.yaml'));
    const fileEdge = config.pipelines[0]?.edges.find((e) => e.target.type === 'file');
    expect(fileEdge?.target.key).toContain('.');
  });

  it('reads task nodes from blueprints and every variant style', () => {
    const { config } = importValohaiYaml(readFixture('task-example.yaml'));
    const styles = config.tasks.flatMap((t) => t.parameters.map((p) => p.rules.style));
    expect(new Set(styles)).toEqual(new Set(['single', 'multiple', 'linear', 'logspace', 'random']));
    expect(config.tasks.map((t) => t.type)).toContain('random_search');
    expect(config.tasks.map((t) => t.onChildError)).toContain('stop-all-and-error');
  });

  it('accepts plural outputs/inputs in edges with a warning, reading them as singular', () => {
    const text = readFixture('pipeline-edge-types-example.yaml').replace('.output.', '.outputs.');
    const result = importValohaiYaml(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const plural = result.diagnostics.find((d) => d.code === 'edge-plural-type');
    expect(plural?.message).toContain("plural 'outputs'");
    expect(result.config.pipelines[0]?.edges.some((e) => e.source.type === 'output')).toBe(true);
    // Its fix writes the singular, which is all that changes.
    const fixed = applyAllFixes(text);
    expect(fixed.text).toBe(readFixture('pipeline-edge-types-example.yaml'));
  });

  it('reads a map with a key written twice as YAML loaders do (the last wins), warning of it by name at the second', () => {
    const result = importValohaiYaml(`- step:
    name: s
    image: x
    command: ls
    inputs: [{name: first}]
    inputs: [{name: second}]
`);
    expect(result.config.steps[0]?.inputs.map((i) => i.name)).toEqual(['second']);
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'yaml-duplicate-key', line: 6, column: 5 }]);
    expect(result.diagnostics[0]?.message).toBe('Duplicate key "inputs" in a map; the last value wins (remove one: the editor changes this file only once it has one)');
  });

  it('reads a pipeline parameter target written with the plural parameters, with a warning', () => {
    const text = `
- step: {name: s, image: x, command: 'echo {parameters}', parameters: [{name: kind, type: string, default: a}]}
- pipeline:
    name: p
    parameters: [{name: kind, target: n.parameters.kind, default: b}]
    nodes: [{name: n, type: execution, step: s}]
    edges: []
`;
    const result = importValohaiYaml(text);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.diagnostics.find((d) => d.code === 'pipeline-parameter-plural-target')).toMatchObject({
      severity: 'warning',
      message: 'Pipeline "p" parameter "kind": target "n.parameters.kind" uses the plural \'parameters\'; it is read as n.parameter.kind, the form Valohai documents',
    });
    expect(applyAllFixes(text).text).toContain('parameters: [{name: kind, target: n.parameter.kind, default: b}]');
    // Each of several targets is said where it is written.
    const two = text.replace('parameters: [{name: kind, target: n.parameters.kind, default: b}]', 'parameters:\n      - name: kind\n        targets:\n          - n.parameters.kind\n          - n.parameters.kind2\n        default: b');
    expect(importValohaiYaml(two).diagnostics.filter((d) => d.code === 'pipeline-parameter-plural-target').map((d) => [d.line, d.column])).toEqual([[8, 13], [9, 13]]);
  });

  it('locates a diagnostic at the offending value and names its node', () => {
    const result = importValohaiYaml(readFixture('invalid-on-error-value.yaml'));
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ line: 24, subject: { kind: 'node', node: 'train-with-errors' } });
    expect(error?.message).toContain('report-to-sentry');
  });

  it('says where a second YAML document starts, in words about the file', () => {
    const result = importValohaiYaml('---\n- step: {name: a, image: x, command: echo}\n---\n- step: {name: b, image: x, command: echo}\n');
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error).toMatchObject({ line: 3, column: 1 });
    expect(error?.message).toMatch(/second YAML document starts here/);
    expect(error?.message).not.toMatch(/parseAllDocuments/);
  });

  it('says that a rule line like `___` is not the `---` a document may start with', () => {
    for (const rule of ['___', '--', '----', '==='])
      expect(errorsOf(`${rule}\n\n- step:\n    name: a\n    image: x\n    command: echo\n`)[0]).toMatchObject({
        line: 1,
        message: `YAML syntax error: \`${rule}\` is not YAML; a document may start with \`---\` (three hyphens) or with nothing: fix or remove the line`,
        fix: { kind: 'remove-lines', label: `remove the line \`${rule}\``, line: 1, endLine: 1 },
      });
    // densecap-tensorflow's file starts `___`: the fix leaves a file Valohai reads, nothing else changed.
    const fixed = applyAllFixes('___\r\n\r\n- step:\r\n    name: a\r\n    image: x\r\n    command: echo\r\n');
    expect(fixed.text).toBe('\r\n- step:\r\n    name: a\r\n    image: x\r\n    command: echo\r\n');
    expect(importValohaiYaml(fixed.text).diagnostics).toEqual([]);
  });

  it('lines up a list item a space off the ones before it (AWS-lambda-MLmodel: ` - step:` after `- step:`), where that is all that is wrong', () => {
    const text = '- step:\n    name: a\n    image: x\n    command: echo a\n \n - step:\n    name: b\n    image: x\n    command: echo b\n';
    expect(errorsOf(text)).toMatchObject([
      {
        line: 6,
        column: 2,
        message: 'YAML syntax error: the items of a list must start at the same column; this one starts at column 2 (1 space before its `-`), not where the items before it do',
        fix: { kind: 'replace-lines', label: 'line the item up with the ones before it (no space before its `-`)', line: 6, text: ' - step:', to: '- step:' },
      },
    ]);
    const fixed = applyAllFixes(text).text;
    expect(fixed).toBe(text.replace(' - step:', '- step:'));
    expect(importValohaiYaml(fixed).config.steps.map((s) => s.name)).toEqual(['a', 'b']);
    // Where lining it up would not make the file readable, no fix is offered.
    expect(errorsOf('- step:\n    name: a\n - step: [unclosed\n')[0]?.fix).toBeUndefined();
  });

  it('indents with spaces a file indented with tabs, where the file then reads, and not where a block of text may hold tabs of its own', () => {
    const tabbed = '- step:\n\tname: a\n\timage: x\n\tcommand:\n\t\t- echo hi\n';
    expect(errorsOf(tabbed)[0]).toMatchObject({ line: 2, fix: { kind: 'replace-lines', label: 'indent with spaces: each tab at the start of a line as 4 spaces (lines 2–5)' } });
    const fixed = applyAllFixes(tabbed).text;
    expect(fixed).toBe('- step:\n    name: a\n    image: x\n    command:\n        - echo hi\n');
    expect(importValohaiYaml(fixed).diagnostics).toEqual([]);
    // One tab among lines of spaces, as an editor leaves it.
    expect(applyAllFixes('- step:\n    name: a\n    image: x\n\tcommand: echo hi\n').text).toBe('- step:\n    name: a\n    image: x\n    command: echo hi\n');
    expect(errorsOf('- step:\n\tname: a\n\tcommand: |\n\t\tmake\n')[0]?.fix).toBeUndefined();
  });

  it('refuses an alias bomb with a clear error', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const errors = errorsOf(lines.join('\n'));
    expect(errors[0]?.message).toMatch(/alias bomb/);
  });

  it('refuses a list or map as a key where it is, as PyYAML does, without a warning from the YAML library', () => {
    const said: string[] = [];
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error) => void said.push(String(warning))) as typeof process.emitWarning;
    try {
      expect(errorsOf('- []:\n- step: {name: s, image: x, command: echo}\n')).toMatchObject([
        { code: 'yaml-collection-key', line: 1, column: 3, message: 'A key is a list ([]): a key must be a word; Valohai\'s parser stops at it ("found unhashable key")' },
      ]);
      expect(errorsOf('- step:\n    name: s\n    ? {x: 1}\n    : 2\n')).toMatchObject([{ code: 'yaml-collection-key', line: 3, column: 7, message: expect.stringContaining('A key is a map ({x: 1})') }]);
    } finally {
      process.emitWarning = emit;
    }
    expect(said).toEqual([]);
  });

  it('refuses absurd sizes, binary text and deep nesting without throwing', () => {
    expect(errorsOf(`# ${'x'.repeat(6 * 1024 * 1024)}`)[0]?.message).toMatch(/too large/);
    expect(errorsOf('- step:\0\0')[0]?.message).toMatch(/binary/);
    expect(errorsOf(`${'['.repeat(20000)}${']'.repeat(20000)}`).length).toBeGreaterThan(0);
  });

  it('never throws on mangled input', () => {
    const sources = fixtureNames().map(readFixture);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 400; round += 1) {
      const source = sources[random(sources.length)] ?? '';
      const cut = random(source.length + 1);
      const junk = ['{', ']', ':', '- ', '&a ', '*a', '\t', '"', '\n  ', 'null', '!!binary '][random(11)] ?? '';
      const text = source.slice(0, cut) + junk + source.slice(cut + random(20));
      expect(() => importValohaiYaml(text)).not.toThrow();
    }
  });

  it('checks every wrongly-typed value without an internal error', () => {
    const replacements: unknown[] = [null, 1, 'x', [], {}, true, { step: 'a', task: 'b' }, [['a.b']], { type: 'task' }];
    const readable = fixtureNames().filter((name) => importValohaiYaml(readFixture(name)).source.data !== undefined);
    const sources = readable.map((name) => ({ name, data: parse(readFixture(name), { version: '1.1' }) as unknown }));
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const mutate = (value: unknown, depth: number): unknown => {
      if (depth > 0 && random(6) === 0) return replacements[random(replacements.length)];
      if (Array.isArray(value)) return value.map((v) => mutate(v, depth + 1));
      if (value && typeof value === 'object' && !(value instanceof Date)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mutate(v, depth + 1)]));
      }
      return value;
    };
    for (let round = 0; round < 300; round += 1) {
      const source = sources[random(sources.length)];
      const text = stringify(mutate(source?.data, 0));
      const internal = importValohaiYaml(text).diagnostics.filter((d) => d.code === 'internal-error');
      expect(internal, `${source?.name}:\n${text}`).toEqual([]);
    }
  });

  it('says what is wrong with an empty file or a map at the top', () => {
    expect(errorsOf('')[0]?.message).toMatch(/empty/);
    expect(errorsOf('step: {name: a}')[0]?.message).toMatch(/must be a list/);
  });

  it('points at the command line that YAML read as a map, and says why', () => {
    const text = '- step:\n    name: prep\n    image: python\n    command:\n      - echo one\n      - python -c "print({\'rows\': 10})"\n';
    const [error, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    expect(error?.message).toBe('Step "prep": command › item 2 must be a string (got a map); a line holding ": " must be quoted in YAML, or it becomes a map');
    expect(error?.line).toBe(6);
    // Its fix writes that very line as text; the command then reads as it was typed.
    expect(error?.fix).toMatchObject({ kind: 'set-value', value: 'python -c "print({\'rows\': 10})"' });
    const fixed = applyAllFixes(text).text;
    expect(errorsOf(fixed)).toEqual([]);
    expect(importValohaiYaml(fixed).config.steps[0]?.command).toEqual(['echo one', 'python -c "print({\'rows\': 10})"']);
    const inline = errorsOf('- step:\n    name: prep\n    image: python\n    command: python -c "print({\'rows\': 10})"\n');
    expect(inline[0]?.message).toMatch(/^YAML syntax error: .*\(a value holding ": " must be quoted: put the whole value in single quotes\)$/);
    expect(inline[0]?.line).toBe(4);
    // That slip's fix puts the value in single quotes, a comment after it staying one.
    for (const [written, quoted] of [
      ['    command: python -c "print({\'rows\': 10})"  # count', '    command: \'python -c "print({\'\'rows\'\': 10})"\'  # count'],
      ['    command:\n      - echo "{\\"n\\": {parameter:n}}"', '    command:\n      - \'echo "{\\"n\\": {parameter:n}}"\''],
    ] as const) {
      const fixed = applyAllFixes(`- step:\n    name: prep\n    image: python\n${written}\n`).text;
      expect(fixed).toBe(`- step:\n    name: prep\n    image: python\n${quoted}\n`);
      expect(errorsOf(fixed)).toEqual([]);
    }
    // A comment after such a line stays one, after the quotes (the last line of the file too).
    const commented = applyAllFixes('- step:\n    name: prep\n    image: python\n    command:\n      - echo a: 1  # note\n      - echo b: 2 # last').text;
    expect(commented).toBe('- step:\n    name: prep\n    image: python\n    command:\n      - "echo a: 1"  # note\n      - "echo b: 2" # last');
    // Two such lines: each is fixed in turn, and the file then reads as typed.
    const two = `- step:\n    name: a\n    image: python\n    command:\n      - python3 -c "print(json.dumps({'made': 3}))"\n- step:\n    name: b\n    image: python\n    command: ls && echo '{"score": 0.7}'\n`;
    const bothFixed = applyAllFixes(two);
    expect(bothFixed.fixed.map((f) => f.line).sort()).toEqual([5, 9]);
    expect(errorsOf(bothFixed.text)).toEqual([]);
    expect(importValohaiYaml(bothFixed.text).config.steps.map((s) => s.command)).toEqual([[`python3 -c "print(json.dumps({'made': 3}))"`], [`ls && echo '{"score": 0.7}'`]]);
    // A map's value that starts with a character no plain value may (`%`): the same slip, the same fix.
    const percent = `- step:\n    name: a\n    image: python\n    command:\n      - printf '{"made": %s}\\n' 3\n`;
    expect(errorsOf(percent)[0]?.message).toBe('YAML syntax error: Plain value cannot start with directive indicator character % (a value holding ": " must be quoted: put the whole value in single quotes)');
    expect(importValohaiYaml(applyAllFixes(percent).text).config.steps[0]?.command).toEqual([`printf '{"made": %s}\\n' 3`]);
    // Not where quoting the line leaves it broken some other way (a value going on on the next line).
    const goesOn = '- step:\n    name: a\n    image: python\n    command: echo {"a": 1}\n      more text: here\n';
    expect(errorsOf(goesOn)[0]?.fix).toBeUndefined();
    // A command that is neither text nor a list still says what it must be.
    expect(errorsOf('- step:\n    name: prep\n    image: python\n    command: {a: 1, b: 2}\n')[0]?.message).toMatch(/command must be a string or a list \(got a map\)$/);
  });

  it('says the first few syntax errors of a file the parser got lost in, then how many more', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `      - {name: n${i}, type: execution, step: prep}`).join('\n');
    const text = `- step:\n    name: prep\n    image: python\n    command:\n      - python3 -c "print(json.dumps({'loss': 0.25, 'name': 'a'}))"\n- pipeline:\n    name: p\n    nodes:\n${nodes}\n    edges: []\n`;
    const errors = errorsOf(text);
    expect(errors).toHaveLength(4);
    expect(errors[0]?.message).toMatch(/^YAML syntax error: .*must be quoted/);
    expect(errors[3]?.message).toMatch(/^…and \d{2,} more YAML syntax errors from here on, most likely following from the first one: fix it and check again$/);
    expect(errors[3]?.line).toBeGreaterThanOrEqual(5);
    // A lone slip is said alone.
    expect(errorsOf('- step:\n    name: a\n    image: x\n    command: echo "{"a": 1}"\n')).toHaveLength(1);
  });

  it('says a ": " needs quotes where the parser stops at a later token of the line, once, and quotes only the start of that token', () => {
    const text = `- step:\n    name: a\n    image: x\n    command:\n      - if [ 1 ]; then echo "{\\"acc\\": {parameter-value:lr}}"; fi\n    parameters: [{name: lr, type: float}]\n- pipeline: {name: p, nodes: [], edges: []}\n`;
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [5, 'YAML syntax error: Unexpected flow-map-end token in YAML stream: "}" (a value holding ": " must be quoted: put the whole value in single quotes)'],
      [5, 'YAML syntax error: Unexpected double-quoted-scalar token in YAML stream: "\\"; fi…"'],
    ]);
  });
});

describe('a list item indented under the item above it', () => {
  it('is an error that says to align its "-" with its list, not a ": " to quote, and the parser\'s errors after it are counted', () => {
    const errors = errorsOf('- step:\n    name: a\n    image: python:3.12\n    command: python a.py\n  - pipeline:\n    name: p\n');
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [5, 'YAML syntax error: A block sequence may not be used as an implicit map key (this "- " item is indented more than the items of its list, so YAML reads it inside the item above: start its "-" in the same column as theirs)'],
      [5, '…and 2 more YAML syntax errors from here on, most likely following from it: fix it and check again'],
    ]);
    // A dash line holding an unquoted ": " is still the quoting slip.
    expect(errorsOf('- step:\n    name: a\n    image: x\n    command: python a.py\n  - echo a: b\n')[0]?.message).toBe('YAML syntax error: A block sequence may not be used as an implicit map key (a value holding ": " must be quoted: put the whole value in single quotes)');
  });
});

describe('the slips of layout behind most syntax errors', () => {
  const first = (text: string) => errorsOf(text)[0]?.message;
  it('say what to change: tabs, a colon without its space, a key without its colon, a key indented further than its neighbours', () => {
    expect(first('- step:\n\tname: a\n\timage: x\n\tcommand: c\n')).toBe('YAML syntax error: Tabs are not allowed as indentation (YAML indents with spaces: replace the tabs at the start of the lines with spaces)');
    expect(first('- step:\n    name:a\n    image: x\n    command: c\n')).toContain('(a key needs a space after its colon: `name: a`, not `name:a`)');
    // A shell test opening a command line: YAML reads a list there.
    const flowHint = '(YAML reads a value that starts with "[" as a list, and this one goes on after its "]", as a shell test [ -d dir ] does: put the whole value in single quotes)';
    expect(first('- step:\n    name: a\n    image: x\n    command:\n      - [ -d lib ] || git clone x lib\n      - python a.py\n')).toContain(flowHint);
    expect(first('- step:\n    name: a\n    image: x\n    command: [ -f x ] && echo hi\n')).toContain(flowHint);
    expect(errorsOf('- step:\n    name: a\n    image: x\n    command: [python a.py, echo done]   # a list\n')).toEqual([]);
    expect(first('- step\n    name: a\n    image: x\n    command: c\n')).toContain('(`step` needs a colon after it, as the keys under it do: `- step:`)');
    expect(first('- step:\n    name a\n    image: x\n    command: c\n')).toContain('(a key and its value are written with a colon between them: `name: a`)');
    expect(first('- step:\n    name: a\n    image: x\n    command c\n')).toContain('(a key and its value are written with a colon between them: `command: c`)');
    expect(first('- step:\n      name: a\n    image: x\n    command: c\n')).toContain('(this line is indented differently from the keys before it in its map');
    expect(first('  - step:\n      name: a\n      image: x\n      command: c\n- step:\n    name: b\n    image: x\n    command: c\n')).toContain('(this "- " item is indented differently from the items before it in its list');
    for (const text of ['- step:\n    name: a\n    image: x\n      command: c\n', '- step:\n    name: a\n  image: x\n    command: c\n']) {
      expect(first(text)).toContain("(the next line is indented more than this one, so YAML reads it into this line's value: the keys of one map need the same indent)");
      expect(errorsOf(text)).toHaveLength(2); // that one, and how many follow from it
    }
  });
});

describe('reading YAML as PyYAML does', () => {
  it('takes yes/on as booleans but keeps y/n as strings', () => {
    const { config } = importValohaiYaml('- step:\n    name: n\n    image: y\n    command: c\n    inputs: [{name: i, optional: yes}]\n');
    expect(config.steps[0]).toMatchObject({ name: 'n', image: 'y', inputs: [{ optional: true }] });
    // A parameter named `on` is therefore `true`, which is said with the way out.
    const [error] = errorsOf('- step:\n    name: n\n    image: y\n    command: c\n    parameters: [{name: on, type: flag}]\n');
    expect(error?.message).toBe('Step "n": parameters › item 1 › name must be a string (got true); YAML reads yes, no, on, off, true and false as true or false: quote the word to keep it text');
  });
});
