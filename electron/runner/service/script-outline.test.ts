/**
 * A step made from what a script declares (script-outline.ts, as the new-step form offers it) runs
 * that script with the values a user gives: argparse reads each as the script meant it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addStep } from '../../../shared/valohai/edit/step-edits.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { cli, makeProject } from '../../../test-support/runner.ts';
import { projectScriptOutline, projectScripts } from './project-scripts.ts';

const TRAIN = `import argparse, json
def str2bool(text):
    return text.lower() in ("true", "yes", "1")
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
parser.add_argument("--layer", action="extend", nargs="+", type=int)
parser.add_argument("more", nargs="*")
parser.add_argument("--amp", type=str2bool, default=False)
parser.add_argument("--pretrained", type=bool, default=True)
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
    expect(ran('data=/tmp/d')).toEqual({ epochs: 10, learning_rate: 0.001, optimizer: 'adam', shuffle: false, cache: true, note: null, tag: null, data: '/tmp/d', k: 5, layer: null, more: [], amp: false, pretrained: true });
    expect(ran('data=x y', 'epochs=3', 'learning-rate=0.5', 'optimizer=sgd', 'shuffle=true', 'cache=false', 'note=it works', 'tag=a', 'tag+=b', 'k=9', 'layer=1', 'layer+=2', 'more=m n', 'more+=o', 'amp=true', 'pretrained=false')).toEqual({
      epochs: 3,
      learning_rate: 0.5,
      optimizer: 'sgd',
      shuffle: true,
      cache: false,
      note: 'it works',
      tag: ['a', 'b'],
      data: 'x y',
      k: 9,
      layer: [1, 2],
      more: ['m n', 'o'],
      amp: true,
      pretrained: false,
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
    // A folder of many files before src/ leaves it its turn.
    for (let i = 0; i < 5200; i += 1) writeFileSync(join(dir, 'notes', `n${i}.txt`), '');
    expect(await projectScripts(dir)).toEqual(['run.sh', 'train.py', 'src/fit.py', 'src/models/net.py']);
    expect((await projectScriptOutline(dir, 'src/fit.py'))?.parameters).toHaveLength(13);
    expect((await projectScriptOutline(dir, './src/fit.py'))?.parameters).toHaveLength(13);
    expect(await projectScriptOutline(dir, 'src/models/deep/too-far.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, 'src/../../train.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, '../train.py')).toBeUndefined();
    expect(await projectScriptOutline(dir, 'run.sh')).toBeUndefined();
    expect((await projectScriptOutline(dir, 'train.py'))?.parameters).toHaveLength(13);
  });

  it('gives the step the environment variables its script reads: a default reaches the script, one it cannot go without is asked for before the run', async () => {
    const dir = makeProject('', { 'train.py': 'import json, os\nprint(json.dumps([os.getenv("BATCH_SIZE", 8), os.environ["WANDB_PROJECT"]]))\n' });
    const outline = await projectScriptOutline(dir, 'train.py');
    expect(outline?.environment).toEqual([{ name: 'BATCH_SIZE', default: '8' }, { name: 'WANDB_PROJECT', optional: false }]);
    const made = addStep('', { name: 'train', image: 'python:3.12-slim', command: 'python3 train.py', environment: outline?.environment ?? [] });
    if (!made.ok) throw new Error(made.message);
    writeFileSync(join(dir, 'valohai.yaml'), made.text);
    const refused = cli(['run', '--step', 'train'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('WANDB_PROJECT');
    writeFileSync(join(dir, 'valohai.yaml'), made.text.replace('- name: WANDB_PROJECT\n        optional: false', '- name: WANDB_PROJECT\n        default: churn'));
    const ran = cli(['run', '--step', 'train'], dir);
    expect(ran.code, ran.err).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe('["8", "churn"]\n');
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

  it('counts a parameter with no value of its own that an edge feeds: it is passed once the value arrives', () => {
    const yaml = `- step:
    name: prep
    image: python:3.12-slim
    command: "echo '{\\"rate\\": 0.5}'"
- step:
    name: train
    image: python:3.12-slim
    command: python3 train.py {parameters}
    parameters:
      - {name: epochs, type: integer, default: 3}
      - {name: rate, type: float, optional: true}
- pipeline:
    name: p
    nodes:
      - {name: prep, type: execution, step: prep}
      - {name: train, type: execution, step: train}
    edges:
      - [prep.metadata.rate, train.parameter.rate]
`;
    const script = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--epochs", type=int)\np.parse_args()\n';
    const dir = makeProject(yaml, { 'train.py': script });
    expect(cli(['plan', '--pipeline', 'p'], dir).err).toContain('node "train": its command passes --rate to train.py, whose argparse does not take it (it takes --epochs)');
    // Run alone, nothing feeds it and it has no value: it is not passed, so nothing is said.
    expect(cli(['plan', '--step', 'train'], dir).err).not.toContain('does not take');
  });
});

/** A Python that has typer and fire (Debian's python3-typer and python3-fire), if this machine has one. */
const withLibraries = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import typer, fire'], { stdio: 'ignore' }).status === 0);
if (withLibraries === undefined) console.log('skipping the typer and fire runs of electron/runner/service/script-outline.test.ts: no python3 here imports typer and fire (apt-get install python3-typer python3-fire); what is read of such scripts is tested in shared/valohai/script/function-options.test.ts');

const TYPER = `from typing import List, Optional
import json, typer
def main(data: str, epochs: int = 10, learning_rate: float = typer.Option(0.01, help="step"), name: str = typer.Option("run", "--run-name", "-n"), verbose: bool = False, force: bool = typer.Option(False, "--force"), seed: Optional[int] = None, tag: List[str] = typer.Option([], "--tag")):
    print(json.dumps(dict(data=data, epochs=epochs, learning_rate=learning_rate, name=name, verbose=verbose, force=force, seed=seed, tag=tag), sort_keys=True))
if __name__ == "__main__":
    typer.run(main)
`;

const FIRE = `import fire, json
def train(data, epochs: int = 10, lr=1e-3, use_amp=False, sizes=[64, 32], note: str = None):
    print(json.dumps(dict(data=data, epochs=epochs, lr=lr, use_amp=use_amp, sizes=sizes, note=note), sort_keys=True))
if __name__ == "__main__":
    fire.Fire(train)
`;

describe.skipIf(withLibraries === undefined)('a step made from a typer or fire script', () => {
  /** The step the new-step form makes of `script`, run with `params`: what the script read. */
  async function runs(script: string, source: string, ...runsOf: string[][]): Promise<unknown[]> {
    const dir = makeProject('', { [script]: source });
    const outline = await projectScriptOutline(dir, script);
    if (!outline) throw new Error('no outline');
    const made = addStep('', { name: 's', image: 'python:3.12-slim', command: `${withLibraries as string} ${script} {parameters}`, parameters: outline.parameters, inputs: outline.inputs });
    if (!made.ok) throw new Error(made.message);
    writeFileSync(join(dir, 'valohai.yaml'), made.text);
    return runsOf.map((params) => {
      const result = cli(['run', '--step', 's', ...params.flatMap((p) => ['--param', p])], dir);
      expect(result.code, result.err).toBe(0);
      return JSON.parse(cli(['logs', 'latest'], dir).out.trim().split('\n').at(-1) ?? '');
    });
  }

  it('passes every value so typer reads it: defaults, a renamed option, a flag either way, a positional, repeats', async () => {
    expect(await runs('train.py', TYPER, ['data=d'], ['data=x y', 'epochs=3', 'learning-rate=0.5', 'run-name=it works', 'verbose=true', 'force=true', 'seed=7', 'tag=a', 'tag+=b'])).toEqual([
      { data: 'd', epochs: 10, learning_rate: 0.01, name: 'run', verbose: false, force: false, seed: null, tag: [] },
      { data: 'x y', epochs: 3, learning_rate: 0.5, name: 'it works', verbose: true, force: true, seed: 7, tag: ['a', 'b'] },
    ]);
  });

  it('passes every value so fire reads it: a required one by name, a flag either way, a list as its literal', async () => {
    expect(await runs('fit.py', FIRE, ['data=a b'], ['data=x', 'epochs=2', 'lr=0.5', 'use_amp=true', 'sizes=[1, 2, 3]', 'note=hi'])).toEqual([
      { data: 'a b', epochs: 10, lr: 0.001, use_amp: false, sizes: [64, 32], note: null },
      { data: 'x', epochs: 2, lr: 0.5, use_amp: true, sizes: [1, 2, 3], note: 'hi' },
    ]);
  });
  it('says as a run starts which options typer and fire would refuse, in their words', () => {
    const yaml = (script: string): string => `- step:
    name: s
    image: python:3.12-slim
    command: ${withLibraries as string} ${script} {parameters}
    parameters:
      - {name: epochs, type: integer, default: 3}
      - {name: lr, type: float, default: 0.1}
`;
    const typer = makeProject(yaml('train.py'), { 'train.py': 'import typer\ndef main(epochs: int = 1, learning_rate: float = 0.01):\n    print(epochs, learning_rate)\ntyper.run(main)\n' });
    const typerRun = cli(['run', '--step', 's'], typer);
    expect(typerRun.err).toContain('node "s": its command passes --lr to train.py, whose typer command does not take it (it takes --epochs, --learning-rate): the execution would stop with "No such option"');
    expect(typerRun.err).toContain('No such option: --lr');
    const fire = makeProject(yaml('fit.py'), { 'fit.py': 'import fire\ndef fit(epochs=1, learning_rate=0.01):\n    print(epochs, learning_rate)\nfire.Fire(fit)\n' });
    const fireRun = cli(['run', '--step', 's'], fire);
    expect(fireRun.err).toContain('node "s": its command passes --lr to fit.py, whose fire.Fire does not take it (it takes --epochs, --learning_rate, --learning-rate): the execution would stop with "Could not consume arg"');
    expect(fireRun.err).toContain('Could not consume arg: --lr');
  });
  it('runs the command of a click group or a typer app a step names, with that command\'s options as it reads them', async () => {
    const group = `import click, json
@click.group()
def cli(): ...
@cli.command()
@click.option("--epochs", type=int, default=3)
@click.option("--fast/--slow", default=False)
def train_model(epochs, fast):
    print(json.dumps({"epochs": epochs, "fast": fast}))
@cli.command()
def serve(): ...
cli()
`;
    const app = `import json, typer
app = typer.Typer()
@app.command()
def fit(learning_rate: float = 0.1, dry_run: bool = False):
    print(json.dumps({"learning_rate": learning_rate, "dry_run": dry_run}))
@app.command()
def serve(port: int = 80): ...
app()
`;
    for (const [script, source, command, params, printed] of [
      ['cli.py', group, 'train-model', ['epochs=5', 'fast=true'], { epochs: 5, fast: true }],
      ['app.py', app, 'fit', ['learning-rate=0.5', 'dry-run=true'], { learning_rate: 0.5, dry_run: true }],
    ] as const) {
      const dir = makeProject('', { [script]: source });
      const outline = await projectScriptOutline(dir, script, command);
      if (!outline) throw new Error('no outline');
      const made = addStep('', { name: 's', image: 'python:3.12-slim', command: `${withLibraries as string} ${script} ${command} {parameters}`, parameters: outline.parameters, inputs: outline.inputs });
      if (!made.ok) throw new Error(made.message);
      writeFileSync(join(dir, 'valohai.yaml'), made.text);
      const ran = cli(['run', '--step', 's', ...params.flatMap((p) => ['--param', p])], dir);
      expect(ran.code, ran.err).toBe(0);
      expect(JSON.parse(cli(['logs', 'latest'], dir).out.trim())).toEqual(printed);
    }
  });
});
