import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../valohai/import.ts';
import { readFixture } from '../../test-support/fixtures.ts';
import { buildCommand, joinCommand, toRunnable } from './build-command.ts';
import { pythonFloat, shellQuote } from './python-format.ts';

function stepOf(yaml: string, name?: string) {
  const { config } = importValohaiYaml(yaml);
  const step = name ? config.steps.find((s) => s.name === name) : config.steps[0];
  if (!step) throw new Error('no step');
  return step;
}

describe('building commands as upstream does', () => {
  it('interpolates {parameters} in declaration order with defaults, quoting each argument', () => {
    const step = stepOf(`- step:
    name: s
    image: x
    command: python train.py {parameters}
    parameters:
      - {name: lr, type: float, default: 0.00001}
      - {name: epochs, type: integer, default: 3}
      - {name: label, type: string, default: "it's new"}
      - {name: optional-thing, type: string, optional: true}
`);
    expect(buildCommand(step, {})).toEqual([`python train.py --lr=1e-05 --epochs=3 '--label=it'"'"'s new'`]);
  });

  it('renders flags with pass-true-as / pass-false-as, and leaves flag defaults to the caller', () => {
    const step = stepOf(readFixture('flag-param-pass-as-example.yaml'));
    const flags = step.parameters.filter((p) => p.type === 'flag');
    expect(flags.length).toBeGreaterThan(0);
    // Upstream renders `pass-false-as` for a flag with no value; the runner passes flag defaults.
    expect(buildCommand(step, {})).toEqual(['foo --case-sensitive --naughty=not-naughty']);
    const allTrue = buildCommand(step, Object.fromEntries(flags.map((f) => [f.name, true])));
    const allFalse = buildCommand(step, Object.fromEntries(flags.map((f) => [f.name, false])));
    expect(allTrue).toEqual(['foo --ignore-case --behave-nice']);
    expect(allFalse).toEqual(['foo --case-sensitive --naughty=not-naughty']);
  });

  it('repeats or joins multiple values', () => {
    const step = stepOf(`- step:
    name: s
    image: x
    command: run {parameters}
    parameters:
      - {name: spec, type: string, multiple: repeat, pass-as: "--decoder-spec {v}", default: [gauss, railgun]}
      - {name: ids, type: integer, multiple: separate, multiple-separator: "|", default: [1, 2]}
      - {name: none, type: string, multiple: separate, default: []}
`);
    expect(buildCommand(step, {})).toEqual(["run --decoder-spec gauss --decoder-spec railgun '--ids=1|2'"]);
  });

  it('fills {parameter:NAME} and {parameter-value:NAME}, leaves unknown braces alone', () => {
    const step = stepOf(readFixture('keep-order.yaml'));
    const built = buildCommand(step, {});
    expect(built.join('\n')).not.toMatch(/\{parameter:/);
    const custom = stepOf(`- step:
    name: s
    image: x
    command: echo {parameter-value:n} {parameter:n} \${HOME} {foo}
    parameters: [{name: n, type: integer, default: 0}]
`);
    expect(buildCommand(custom, {})).toEqual(['echo 0 --n=0 ${HOME} {foo}']);
  });

  it('runs a command that starts with a shebang as a script', () => {
    const step = stepOf(readFixture('shebang-example.yaml'), 'Do the same thing in another way');
    const runnable = toRunnable(buildCommand(step, { wibble: 3 }));
    expect(runnable).toEqual({ kind: 'script', script: expect.stringMatching(/^#!\/bin\/bash\necho "The wibble is --wibble=3 today."\n/) as unknown });
    expect(toRunnable(['a', 'b'])).toEqual({ kind: 'shell', command: 'a && b' });
  });

  it("joins with ' && ', grouping only a command that would break the join: one sent to the background, one ending in a comment", () => {
    expect(joinCommand(['git clone x', 'nohup python watch.py &', 'python train.py'])).toBe('git clone x && { nohup python watch.py &\n} && python train.py');
    expect(joinCommand(['python a.py  # the long one', 'python b.py'])).toBe('{ python a.py  # the long one\n} && python b.py');
    // Not comments, not backgrounds: left exactly as upstream joins them.
    const plain = ['echo "#1" \'#2\' a#b $# ${#x}', 'a && b', 'x &>/dev/null'];
    expect(joinCommand(plain)).toBe(plain.join(' && '));
  });

  it('joins a compound statement written one line per item with newlines where && cannot stand', () => {
    const items = ['mkdir -p d', 'if [ -d "d" ]; then', 'echo yes', 'for f in d/*; do', 'echo "$f"', 'done', 'else', 'exit 1', 'fi', 'echo after'];
    expect(joinCommand(items)).toBe('mkdir -p d && if [ -d "d" ]; then\necho yes && for f in d/*; do\necho "$f"\ndone\nelse\nexit 1\nfi && echo after');
    expect(joinCommand(['cat a.txt |', 'wc -l', 'echo {', 'python x.py'])).toBe('cat a.txt |\nwc -l && echo { && python x.py');
    expect(joinCommand(['setup() {', 'echo in', '}', 'setup'])).toBe('setup() {\necho in\n} && setup');
    // "done" or "then" as a word of a command is not a keyword.
    expect(joinCommand(['echo done', 'echo then'])).toBe('echo done && echo then');
  });

  it('formats like Python', () => {
    expect([0.1, 1, 1e-5, 1e16, 123.5].map(pythonFloat)).toEqual(['0.1', '1.0', '1e-05', '1e+16', '123.5']);
    expect(['', 'abc', 'a b', "it's", 'ä'].map(shellQuote)).toEqual(["''", 'abc', "'a b'", `'it'"'"'s'`, "'ä'"]);
  });
});
