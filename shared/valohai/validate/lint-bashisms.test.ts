import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCommand, joinCommand, type ParameterValues } from '../../run/build-command.ts';
import { applyAllFixes } from '../edit/apply-fix.ts';
import { commandItems } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';

const step = (command: string, image = 'python:3.12'): string =>
  `- step:
    name: update
    image: ${image}
    command:
${commandItems(command)}
    parameters:
      - {name: override, type: flag, default: false}
      - {name: mode, type: string, default: fast}
`;

const warned = (text: string) => importValohaiYaml(text).diagnostics.filter((d) => d.code === 'command-bashism');

/** What /bin/sh prints running the step's command as the runner builds it (its stderr with it). */
function underSh(text: string, parameters: ParameterValues): string {
  const found = importValohaiYaml(text).config.steps[0];
  if (found === undefined) throw new Error('no step');
  return execFileSync('/bin/sh', ['-c', `{ ${joinCommand(buildCommand(found, parameters))}; } 2>&1; true`], { encoding: 'utf8' });
}

describe("bash's words in a command run by /bin/sh", () => {
  it('warns of [ A == B ], and its fix writes =, so the branch is taken under /bin/sh as the author meant', () => {
    const text = step('if [ {parameter-value:override} == "True" ]; then echo overriding; fi\necho done');
    const [found] = warned(text);
    expect(found?.severity).toBe('warning');
    expect(found?.message).toContain('Step "update": [ {parameter-value:override} == "True" ] compares with ==, which is bash\'s');
    expect(found?.message).toContain('says "[: unexpected operator" and takes the test as false');
    expect(found?.fix).toMatchObject({ kind: 'replace-text', from: '[ {parameter-value:override} == "True" ]', to: '[ {parameter-value:override} = "True" ]' });
    const { text: fixed } = applyAllFixes(text);
    expect(warned(fixed)).toEqual([]);
    expect(fixed).toContain('if [ {parameter-value:override} = "True" ]; then echo overriding; fi');
    expect(underSh(fixed, { override: true })).toBe('overriding\ndone\n');
    expect(underSh(fixed, { override: false })).toBe('done\n');
  });

  it("warns of [[ … ]], with [ … ] as the fix where its operands keep their meaning there; without a fix where they would not", () => {
    const text = step('if [[ {parameter-value:mode} == "fast" ]]; then echo quick; fi\necho done');
    const [found] = warned(text);
    expect(found?.message).toContain('[[ {parameter-value:mode} == "fast" ]] is bash\'s');
    expect(found?.message).toContain('"[[: not found"');
    expect(found?.fix).toMatchObject({ from: '[[ {parameter-value:mode} == "fast" ]]', to: '[ {parameter-value:mode} = "fast" ]' });
    expect(underSh(applyAllFixes(text).text, { mode: 'fast' })).toBe('quick\ndone\n');
    // A quoted variable and a one-operand test keep their meaning under [ ].
    expect(warned(step('if [[ -z "$1" ]]; then echo none; fi\nif [[ "$MODE" != "slow" ]]; then echo quick; fi')).map((d) => d.fix?.kind === 'replace-text' && d.fix.to)).toEqual(['[ -z "$1" ]', '[ "$MODE" != "slow" ]']);
    // An unquoted variable (split and empty under [ ]) or a pattern (matched by [[ only): said, not rewritten.
    for (const command of ['if [[ $MODE == fast ]]; then echo x; fi', 'if [[ "$f" == *.csv ]]; then echo x; fi', 'if [[ -f a && -f b ]]; then echo x; fi']) {
      const [other] = warned(step(command));
      expect(other?.message).toContain('write it as a POSIX test: [ … ] with each variable in double quotes');
      expect(other?.fix).toBeUndefined();
    }
  });

  it('warns of source FILE, with . FILE as its fix; not of the word elsewhere', () => {
    const text = step('source .venv/bin/activate && python t.py\ncd lib; source env.sh');
    expect(warned(text).map((d) => d.fix?.kind === 'replace-text' && [d.fix.from, d.fix.to])).toEqual([
      ['source .venv/bin/activate', '. .venv/bin/activate'],
      ['source env.sh', '. env.sh'],
    ]);
    expect(warned(text)[0]?.message).toContain('says "source: not found"');
    expect(applyAllFixes(text).text).toContain('- . .venv/bin/activate && python t.py');
    expect(warned(step('python t.py --source data/ && echo "source x"\ngit clone https://h/x.git source'))).toEqual([]);
  });

  it('leaves POSIX tests and quoted text alone', () => {
    const fine = ['if [ "$A" = "b" ]; then echo y; fi', 'test -f a && echo y', "echo '[ a == b ]'", 'python -c "print(1 == 1)"', 'echo "[[ x ]]"', 'python t.py --grid [1,2] --pick [ a ]'];
    for (const command of fine) expect(warned(step(command)), command).toEqual([]);
  });

  it('warns of source FILE ARGS without a fix, as dash passes . no arguments', () => {
    const [found] = warned(step('source activate ladder\npython run.py'));
    expect(found?.fix).toBeUndefined();
    expect(found?.message).toContain("dash's . passes no arguments to activate, so start the command with a #!/bin/bash line, which runs it with bash");
  });

  it('says nothing of a command that runs under bash (a #!/bin/bash line) or in an Alpine or BusyBox image (ash reads them as bash does)', () => {
    const bashisms = 'if [[ -z "$1" ]]; then echo none; fi\nsource env.sh\ntest -n x && [ a == a ] && echo y\npython t.py &> log';
    expect(warned(step(`"#!/bin/bash"\n${bashisms}`))).toEqual([]);
    expect(warned(step(`"#!/usr/bin/env bash"\n${bashisms}`))).toEqual([]);
    for (const image of ['alpine:3.20', 'busybox', 'python:3.12-alpine']) expect(warned(step(bashisms, image)), image).toEqual([]);
    expect(importValohaiYaml(step(bashisms, 'busybox')).diagnostics.filter((d) => d.message.includes('&>'))).toEqual([]);
    // A #!/bin/sh line is still dash.
    expect(warned(step(`"#!/bin/sh"\n${bashisms}`))).toHaveLength(3);
  });
});
