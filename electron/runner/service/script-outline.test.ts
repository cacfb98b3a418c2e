/**
 * A step made from what a script declares (script-outline.ts, as the new-step form offers it) runs
 * that script with the values a user gives: argparse reads each as the script meant it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addStep } from '../../../shared/valohai/edit/step-edits.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { cli, makeProject } from '../../../test-support/runner.ts';
import { projectScriptOutline, projectScripts } from './project-scripts.ts';

const TRAIN = `import argparse, json
parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10, help="passes over the data")
parser.add_argument("--learning-rate", type=float, default=1e-3)
parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
parser.add_argument("--shuffle", action="store_true")
parser.add_argument("--no-cache", dest="cache", action="store_false")
parser.add_argument("--note")
parser.add_argument("--tag", action="append")
parser.add_argument("data")
parser.add_argument("-k", type=int, default=5)
print(json.dumps(vars(parser.parse_args()), sort_keys=True))
`;

describe('a step made from its script', () => {
  it("passes every value so the script's argparse reads it: defaults, a flag either way, a positional, repeats", async () => {
    const dir = makeProject('', { 'train.py': TRAIN });
    const outline = await projectScriptOutline(dir, 'train.py');
    if (!outline) throw new Error('no outline');
    const made = addStep('', { name: 'train', image: 'python:3.12-slim', command: 'python3 train.py {parameters}', parameters: outline.parameters, inputs: outline.inputs });
    if (!made.ok) throw new Error(made.message);
    expect(importValohaiYaml(made.text).diagnostics).toEqual([]);
    writeFileSync(join(dir, 'valohai.yaml'), made.text);
    const ran = (...params: string[]): unknown => {
      const result = cli(['run', '--step', 'train', ...params.flatMap((p) => ['--param', p])], dir);
      expect(result.code, result.err).toBe(0);
      return JSON.parse(cli(['logs', 'latest'], dir).out.trim().split('\n').at(-1) ?? '');
    };
    expect(ran('data=/tmp/d')).toEqual({ epochs: 10, learning_rate: 0.001, optimizer: 'adam', shuffle: false, cache: true, note: null, tag: null, data: '/tmp/d', k: 5 });
    expect(ran('data=x y', 'epochs=3', 'learning-rate=0.5', 'optimizer=sgd', 'shuffle=true', 'cache=false', 'note=it works', 'tag=a', 'tag+=b', 'k=9')).toEqual({
      epochs: 3,
      learning_rate: 0.5,
      optimizer: 'sgd',
      shuffle: true,
      cache: false,
      note: 'it works',
      tag: ['a', 'b'],
      data: 'x y',
      k: 9,
    });
    // A value outside its choices is refused before the run, as the script would refuse it.
    expect(cli(['run', '--step', 'train', '--param', 'data=x', '--param', 'optimizer=rmsprop'], dir).code).toBe(1);
  });

  it("lists the project's scripts at its top and two folders down, not those of its tools, and reads only those", async () => {
    const dir = makeProject('', {
      'train.py': TRAIN,
      'run.sh': 'echo',
      'setup.py': '',
      'src/__init__.py': '',
      'src/fit.py': TRAIN,
      'src/models/net.py': '',
      'src/models/deep/too-far.py': '',
      '.venv/bin/activate.py': '',
      'myenv/pyvenv.cfg': 'home = /usr/bin',
      'myenv/lib/site.py': '',
      'node_modules/x/build.py': '',
      'notes/readme.txt': '',
    });
    expect(await projectScripts(dir)).toEqual(['run.sh', 'train.py', 'src/fit.py', 'src/models/net.py']);
    expect((await projectScriptOutline(dir, 'src/fit.py'))?.parameters).toHaveLength(9);
    expect((await projectScriptOutline(dir, './src/fit.py'))?.parameters).toHaveLength(9);
    expect(await projectScriptOutline(dir, 'src/models/deep/too-far.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, 'src/../../train.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, '../train.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, 'run.sh')).toBeUndefined();
    expect((await projectScriptOutline(dir, 'train.py'))?.parameters).toHaveLength(9);
  });

  it('says as a run starts (and in plan) which options the step passes that its script does not take, before argparse stops it', () => {
    const yaml = (name: string): string => `- step:
    name: train
    image: python:3.12-slim
    command: python3 train.py --seed=1 {parameters}
    parameters:
      - {name: epochs, type: integer, default: 3}
      - {name: ${name}, type: float, default: 0.1}
`;
    const script = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--epochs", type=int)\np.add_argument("--learning-rate", type=float)\np.parse_args()\n';
    const dir = makeProject(yaml('lr'), { 'train.py': script });
    const said = 'node "train": its command passes --lr, --seed to train.py, whose argparse does not take them (it takes --epochs, --learning-rate): the execution would stop with "unrecognized arguments"; rename the parameter, or give it a pass-as the script takes';
    expect(cli(['plan', '--step', 'train'], dir).err).toContain(said);
    const run = cli(['run', '--step', 'train'], dir);
    expect(run.code).toBe(1);
    expect(run.err).toContain(said);
    expect(run.err).toContain('unrecognized arguments: --seed=1 --lr=0.1');
    // An abbreviation argparse takes, and a script that keeps what it does not know, are said nothing of.
    const fine = makeProject(yaml('learning').replace('--seed=1 ', ''), { 'train.py': script });
    expect(cli(['plan', '--step', 'train'], fine).err).not.toContain('does not take');
    const lenient = makeProject(yaml('lr'), { 'train.py': script.replace('p.parse_args()', 'p.parse_known_args()') });
    expect(cli(['plan', '--step', 'train'], lenient).err).not.toContain('does not take');
  });
});
