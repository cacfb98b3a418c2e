/** `pipewright add-step SCRIPT`: a step from what the script declares, written into valohai.yaml as Valohai reads it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../../shared/valohai/import.ts';
import { cli, makeProject } from '../../test-support/runner.ts';

const TRAIN = `import argparse, json
p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--lr", type=float, default=0.1, help="step size")
p.add_argument("--sizes", nargs="+")
print(json.dumps(vars(p.parse_args()), sort_keys=True))
`;

describe('pipewright add-step', () => {
  it('writes a step that runs the script with its options as parameters, keeps the file as it was around it, and runs as the script reads them', () => {
    const dir = makeProject('# our steps\n- step:\n    name: other\n    image: busybox\n    command: echo other  # kept\n', { 'train.py': TRAIN });
    const added = cli(['add-step', 'train.py'], dir);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('valohai.yaml: added step "train" running python3 train.py {parameters}\n  parameters: epochs (integer = 3), lr (float = 0.1)\n');
    expect(added.err).toContain('left out: line 5: --sizes is left out: it takes several values after one flag (nargs)');
    const text = readFileSync(join(dir, 'valohai.yaml'), 'utf8');
    expect(text.startsWith('# our steps\n- step:\n    name: other\n    image: busybox\n    command: echo other  # kept\n- step:\n    name: train\n')).toBe(true);
    expect(importValohaiYaml(text).diagnostics).toEqual([]);
    expect(cli(['run', '--step', 'train', '--param', 'lr=0.5'], dir).code).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('{"epochs": 3, "lr": 0.5, "sizes": null}\n');
  });

  it('gives a step already there what it lacks of its script (an option added since), and changes nothing when it lacks none', () => {
    const dir = makeProject('', { 'train.py': TRAIN });
    expect(cli(['add-step', 'train.py'], dir).code).toBe(0);
    writeFileSync(join(dir, 'train.py'), TRAIN.replace('p.add_argument("--sizes"', 'p.add_argument("--dropout", type=float, default=0.5)\np.add_argument("--sizes"'));
    const again = cli(['add-step', 'train.py', '--json'], dir);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toEqual({
      file: 'valohai.yaml',
      step: 'train',
      created: false,
      command: ['python3 train.py {parameters}'],
      parameters: [{ name: 'dropout', type: 'float', default: 0.5 }],
      inputs: [],
      environment: [],
      notes: [expect.stringContaining('line 6: --sizes is left out') as unknown],
    });
    const before = readFileSync(join(dir, 'valohai.yaml'), 'utf8');
    expect(importValohaiYaml(before).config.steps[0]?.parameters.map((p) => p.name)).toEqual(['epochs', 'lr', 'dropout']);
    expect(cli(['add-step', 'train.py'], dir).out).toBe('valohai.yaml: step "train" already passes all that train.py declares; nothing changed\n');
    expect(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).toBe(before);
  });

  it("takes valohai.prepare's step name, image, parameters and inputs", () => {
    const dir = makeProject('', { 'prep.py': 'import valohai\nvalohai.prepare(step="prepare-data", image="python:3.11", default_parameters={"rows": 100}, default_inputs={"raw": "https://example.com/raw.csv"})\n' });
    expect(cli(['add-step', 'prep.py'], dir).code).toBe(0);
    expect(importValohaiYaml(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).config.steps[0]).toMatchObject({
      name: 'prepare-data',
      image: 'python:3.11',
      command: ['python3 prep.py {parameters}'],
      parameters: [{ name: 'rows', type: 'integer', default: 100 }],
      inputs: [{ name: 'raw', defaults: ['https://example.com/raw.csv'] }],
    });
  });

  it("reads a Hydra app's config beside the script (in the project only), and the step passes each value as Hydra takes it", () => {
    // (Hydra itself is not installed here: the script prints what it is given.)
    const app = (path: string): string => `import json, sys\nprint(json.dumps(sys.argv[1:]))\nsys.exit(0)\n@hydra.main(version_base=None, config_path="${path}", config_name="config")\ndef main(cfg): ...\n`;
    const dir = makeProject('', { 'src/app.py': app('../conf'), 'conf/config.yaml': 'defaults:\n  - db: sqlite\n  - _self_\ntrainer:\n  lr: 0.1\n  amp: false\nname: ???\n', 'conf/db/sqlite.yaml': '', 'conf/db/postgres.yaml': '' });
    const added = cli(['add-step', 'src/app.py', '--json'], dir);
    expect(added.code, added.err).toBe(0);
    expect((JSON.parse(added.out) as { parameters: { name: string }[] }).parameters.map((p) => p.name)).toEqual(['db', 'trainer.lr', 'trainer.amp', 'name']);
    expect(importValohaiYaml(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).diagnostics).toEqual([]);
    expect(cli(['run', '--step', 'app', '--param', 'db=postgres', '--param', 'name=a:b, c', '--param', 'trainer.amp=true'], dir).code).toBe(0);
    expect(JSON.parse(cli(['logs', 'latest'], dir).out)).toEqual(['db=postgres', 'trainer.lr=0.1', 'trainer.amp=true', "name='a:b, c'"]);
    // A config outside the project is not read.
    const outside = makeProject('', { 'app.py': app('../conf') });
    const refused = cli(['add-step', 'app.py', '--json'], outside);
    expect(JSON.parse(refused.out)).toMatchObject({ parameters: [], notes: ['../conf/config.yaml, the Hydra config the script names, is not in the project: its options are not read'] });
  });

  it('makes a step of one command of a script of several (--command), with that command\'s options, and it runs', () => {
    const main = `import argparse, json
p = argparse.ArgumentParser()
p.add_argument("--verbose", action="store_true")
sub = p.add_subparsers(dest="cmd", required=True)
t = sub.add_parser("train")
t.add_argument("--lr", type=float, default=0.1)
e = sub.add_parser("evaluate")
e.add_argument("--threshold", type=float, default=0.5)
print(json.dumps(vars(p.parse_args()), sort_keys=True))
`;
    const dir = makeProject('', { 'main.py': main });
    const added = cli(['add-step', 'main.py', '--command', 'train', '--json'], dir);
    expect(added.code, added.err).toBe(0);
    expect(JSON.parse(added.out)).toMatchObject({ step: 'train', created: true, command: ['python3 main.py train {parameters}'], parameters: [{ name: 'lr', type: 'float', default: 0.1 }] });
    expect(cli(['run', '--step', 'train', '--param', 'lr=0.5'], dir).code).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('{"cmd": "train", "lr": 0.5, "verbose": false}\n');
    const wrong = cli(['add-step', 'main.py', '--command', 'fit'], dir);
    expect([wrong.code, wrong.err]).toEqual([2, 'pipewright add-step: --command fit: main.py has no such command: its commands are train, evaluate\n']);
  });

  it('refuses, saying why: no such script, not Python, outside the project, a name another step has', () => {
    const dir = makeProject('- step: {name: train, image: x, command: echo no}\n', { 'train.py': TRAIN, 'run.sh': 'echo' });
    const refused = (args: string[]): [number | null, string] => {
      const result = cli(['add-step', ...args], dir);
      return [result.code, result.err.trim()];
    };
    expect(refused(['nope.py'])).toEqual([2, 'pipewright add-step: nope.py: no such file']);
    expect(refused(['run.sh'])[0]).toBe(2);
    expect(refused([join(dir, '..', 'elsewhere.py')])[0]).toBe(2);
    expect(refused(['train.py'])).toEqual([1, 'pipewright add-step: valohai.yaml: step "train" runs something else (echo no): give the new step another name with --name']);
    expect(cli(['add-step', 'train.py', '--name', 'fit', '--image', 'python:3.12'], dir).code).toBe(0);
    expect(importValohaiYaml(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).config.steps.map((s) => [s.name, s.image])).toEqual([['train', 'x'], ['fit', 'python:3.12']]);
  });
});
