import { describe, expect, it } from 'vitest';
import { scriptOutline } from './script-outline.ts';

describe("a script's options read as a new step's parameters", () => {
  it('reads argparse options: types, defaults, help, choices, flags both ways, a positional, a short option', () => {
    const outline = scriptOutline(`
import argparse, os
parser = argparse.ArgumentParser(description="Train (the model)")
parser.add_argument("--epochs", type=int, default=10, help="passes over the data")
parser.add_argument('--learning-rate', '-l', type=float, default=1e-3)  # a comment: add_argument("--x")
parser.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
parser.add_argument("--shuffle", action="store_true", help='''mix
the rows''')
parser.add_argument("--no-cache", dest="cache", action="store_false")
parser.add_argument("--name", required=True)
parser.add_argument("--note")
parser.add_argument("data_dir")
parser.add_argument("-k", type=int, default="5")
parser.add_argument("--tag", action="append")
args = parser.parse_args()
`);
    expect(outline.parameters).toEqual([
      { name: 'epochs', type: 'integer', default: 10, description: 'passes over the data' },
      { name: 'learning-rate', type: 'float', default: 0.001 },
      { name: 'optimizer', type: 'string', default: 'adam', choices: ['adam', 'sgd'] },
      { name: 'shuffle', type: 'flag', default: false, description: 'mix\nthe rows' },
      { name: 'cache', type: 'flag', default: true, 'pass-false-as': '--no-cache' },
      { name: 'name', type: 'string' },
      { name: 'note', type: 'string', optional: true },
      { name: 'data_dir', type: 'string', 'pass-as': '{v}' },
      { name: 'k', type: 'integer', default: 5, 'pass-as': '-k {v}' },
      { name: 'tag', type: 'string', optional: true, multiple: 'repeat' },
    ]);
    expect(outline.notes).toEqual([]);
  });

  it('takes a positional of several words, and extend, as repeated; puts positionals after the options then', () => {
    const outline = scriptOutline(`import argparse
p = argparse.ArgumentParser()
p.add_argument("model")
p.add_argument("files", nargs="+", help="inputs")
p.add_argument("--tags", action="extend", nargs="+", type=str)
p.add_argument("rest", nargs="*")
p.add_argument("--epochs", type=int, default=2)
`);
    expect(outline.parameters).toEqual([
      { name: 'tags', type: 'string', optional: true, multiple: 'repeat' },
      { name: 'epochs', type: 'integer', default: 2 },
      { name: 'model', type: 'string', 'pass-as': '{v}' },
      { name: 'files', type: 'string', multiple: 'repeat', 'pass-as': '{v}', description: 'inputs' },
      { name: 'rest', type: 'string', optional: true, multiple: 'repeat', 'pass-as': '{v}' },
    ]);
    expect(outline.notes).toEqual([]);
  });

  it('takes a yes/no option read by a converter of its own as a flag that writes the value out', () => {
    const outline = scriptOutline(`import argparse
p = argparse.ArgumentParser()
p.add_argument("--use_amp", type=str2bool, default=False, help="mixed precision")
p.add_argument("--shuffle", type=lambda s: s.lower() == "true", default=True)
p.add_argument("--pretrained", type=bool, default=True)
`);
    expect(outline.parameters).toEqual([
      { name: 'use_amp', type: 'flag', default: false, 'pass-true-as': '--use_amp=true', 'pass-false-as': '--use_amp=false', description: 'mixed precision' },
      { name: 'shuffle', type: 'flag', default: true, 'pass-true-as': '--shuffle=true', 'pass-false-as': '--shuffle=false' },
      { name: 'pretrained', type: 'flag', default: true, 'pass-true-as': '--pretrained=1', 'pass-false-as': '--pretrained=' },
    ]);
  });

  it('leaves out what Valohai cannot pass, and says why, with the line', () => {
    const outline = scriptOutline(`import argparse
p = argparse.ArgumentParser()
p.add_argument("--sizes", nargs="+", type=int)
p.add_argument("-v", "--verbose", action="count")
p.add_argument("--seed", type=int, default=int(os.environ.get("SEED", 1)))
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--epochs", type=int, default=4)
p.add_argument(*common_args)
`);
    expect(outline.parameters).toEqual([{ name: 'seed', type: 'integer', optional: true }, { name: 'epochs', type: 'integer', default: 3 }]);
    expect(outline.notes).toEqual([
      "line 3: --sizes is left out: it takes several values after one flag (nargs), which Valohai's parameters do not write: add it by hand (multiple: separate and a pass-as, or type: string)",
      'line 4: -v, --verbose is left out: its action "count" takes no value Valohai can pass',
      "line 5: --seed: its default is not a plain integer value, so the step gives none (the script's own applies when none is passed)",
      'line 7: "epochs" is declared twice; the first is kept',
      'line 8: (an option) is left out: no option name to pass it by',
    ]);
  });

  it('reads click options and arguments', () => {
    const outline = scriptOutline(`
import click
@click.command()
@click.option("--count", default=1, help="Number of greetings.")
@click.option("--mode", type=click.Choice(["fast", "slow"]), default="fast")
@click.option("--shout/--no-shout", default=False)
@click.option("--debug", is_flag=True)
@click.option("--level", is_flag=False, default=2, multiple=False)
@click.argument("path")
def main(count, mode, shout, debug, path): ...
`);
    expect(outline.parameters).toEqual([
      { name: 'count', type: 'integer', default: 1, description: 'Number of greetings.' },
      { name: 'mode', type: 'string', default: 'fast', choices: ['fast', 'slow'] },
      { name: 'shout', type: 'flag', default: false, 'pass-true-as': '--shout', 'pass-false-as': '--no-shout' },
      { name: 'debug', type: 'flag', default: false },
      { name: 'level', type: 'integer', default: 2 },
      { name: 'path', type: 'string', 'pass-as': '{v}' },
    ]);
  });

  it("reads valohai-utils' prepare: its step name, parameters and inputs with their URLs", () => {
    const outline = scriptOutline(`
import valohai
valohai.prepare(
    step="train-model",
    image="tensorflow/tensorflow:2.6.0",
    default_parameters={
        "learning_rate": 0.001,
        "epochs": 5,
        "augment": True,
        "arch": "resnet",
        "layers": [1, 2],
    },
    default_inputs={
        "dataset": "https://example.com/mnist.npz",
        "extra": ["s3://bucket/a.csv", "s3://bucket/b.csv"],
        "labels": None,
    },
)
`);
    expect(outline).toEqual({
      step: 'train-model',
      image: 'tensorflow/tensorflow:2.6.0',
      parameters: [
        { name: 'learning_rate', type: 'float', default: 0.001 },
        { name: 'epochs', type: 'integer', default: 5 },
        { name: 'augment', type: 'flag', default: true, 'pass-true-as': '--augment=true', 'pass-false-as': '--augment=false' },
        { name: 'arch', type: 'string', default: 'resnet' },
      ],
      inputs: [{ name: 'dataset', default: 'https://example.com/mnist.npz' }, { name: 'extra', default: ['s3://bucket/a.csv', 's3://bucket/b.csv'] }, { name: 'labels' }],
      notes: ['line 3: parameter "layers" is left out: its default is not a single number, string or boolean'],
      environment: [],
      accepts: undefined,
      modules: [],
      commands: [],
    });
  });

  it('reads a script nested deeper than it follows without failing, the options around it kept', () => {
    const n = 20_000;
    const source = `import argparse\np = argparse.ArgumentParser()\np.add_argument("--x", default=${'['.repeat(n)}${']'.repeat(n)})\ndef f(a=${'('.repeat(n)}1${')'.repeat(n)}) -> ${'List['.repeat(n)}int${']'.repeat(n)}: pass\np.add_argument("--z", type=int, default=3)\n`;
    expect(scriptOutline(source).parameters.map((p) => p.name)).toEqual(['x', 'z']);
  });

  it('reads nothing, without failing, from a script with none or one it cannot follow', () => {
    expect(scriptOutline('print("hello")\n')).toEqual({ step: undefined, image: undefined, parameters: [], inputs: [], environment: [], notes: [], accepts: undefined, modules: [], commands: [] });
    expect(scriptOutline('p.add_argument("--a", default=[x for x in y], type=int)\nprint("unterminated\np.add_argument("--b")').parameters).toEqual([{ name: 'a', type: 'integer', optional: true }, { name: 'b', type: 'string', optional: true }]);
    expect(scriptOutline('s = "p.add_argument(\\"--x\\")"; t = f"{p.add_argument}"').parameters).toEqual([]);
  });
});

describe('the inputs a script reads', () => {
  it('finds them under /valohai/inputs written out, joined to $VH_INPUTS_DIR, with pathlib, or by valohai.inputs', () => {
    const outline = scriptOutline(`
import os, glob, valohai
from pathlib import Path
inputs = os.environ.get("VH_INPUTS_DIR", "inputs")
model_path = sorted(glob.glob(os.path.join(inputs, "model", "**", "*.json"), recursive=True))[0]
data = open(os.path.join(os.getenv("VH_INPUTS_DIR", "/valohai/inputs"), "dataset/train.csv"))
labels = Path(inputs) / "labels" / "all.txt"
images = f"/valohai/inputs/images/{name}"
with open('/valohai/inputs/config/settings.json') as f: pass
valohai.inputs("embeddings").path()
valohai.inputs("model").path()
out = os.path.join(outputs, "report")
if a == "/valohai/inputs": pass
`);
    expect(outline.inputs).toEqual([{ name: 'images' }, { name: 'config' }, { name: 'labels' }, { name: 'model' }, { name: 'dataset' }, { name: 'embeddings' }]);
  });

  it("adds them after prepare's inputs, once", () => {
    const outline = scriptOutline('import valohai\nvalohai.prepare(step="s", default_inputs={"dataset": "https://x/y.csv"})\np = valohai.inputs("dataset").path()\nq = valohai.inputs("extra").path()\n');
    expect(outline.inputs).toEqual([{ name: 'dataset', default: 'https://x/y.csv' }, { name: 'extra' }]);
  });
});

describe('the options a script takes, where its text shows them all', () => {
  it('lists every argparse flag (those left out as parameters too), with --help', () => {
    const outline = scriptOutline('import argparse\np = argparse.ArgumentParser()\np.add_argument("--lr", "-l", type=float)\np.add_argument("--sizes", nargs="+")\np.add_argument("data")\nargs = p.parse_args()\n');
    expect(outline.accepts).toEqual({ parser: 'argparse', options: ['--lr', '-l', '--sizes', '-h', '--help'] });
  });

  it("lists a click command's options, with --help and the other sides of its flags", () => {
    const outline = scriptOutline('import click\n@click.command()\n@click.option("--lr", "-l", type=float)\n@click.option("--shout/--no-shout")\n@click.argument("data")\n@click.version_option()\ndef main(lr, shout, data): ...\n');
    expect(outline.accepts).toEqual({ parser: 'click', options: ['--help', '--lr', '-l', '--shout', '--no-shout', '--version'] });
  });

  it('says nothing where the script may take more than it writes: unknown args kept, subcommands, parents, a flag built at run time, two parsers, click, valohai-utils', () => {
    const open = [
      'import argparse\np = argparse.ArgumentParser()\np.add_argument("--lr")\nargs, rest = p.parse_known_args()\n',
      'import argparse\np = argparse.ArgumentParser()\np.add_argument("--lr")\ns = p.add_subparsers()\n',
      'import argparse\np = argparse.ArgumentParser(parents=[base])\np.add_argument("--lr")\n',
      'import argparse\np = argparse.ArgumentParser()\nfor name in NAMES: p.add_argument(f"--{name}")\n',
      'import argparse\na = argparse.ArgumentParser()\nb = argparse.ArgumentParser()\na.add_argument("--lr")\n',
      'import click\n@click.option("--lr")\ndef main(lr): ...\n',
      'import click\n@click.group()\ndef cli(): ...\n@cli.command()\n@click.option("--lr")\ndef fit(lr): ...\n',
      'import click\n@click.command(context_settings=dict(ignore_unknown_options=True))\n@click.option("--lr")\ndef main(lr): ...\n',
      'import click\n@click.command()\n@common_options\n@click.option("--lr")\ndef main(lr): ...\n',
      'import fire\ndef main(lr=0.1, **kwargs): ...\nfire.Fire(main)\n',
      'import valohai\nvalohai.prepare(step="x", default_parameters={"lr": 0.1})\n',
      'print("no options")\n',
    ];
    expect(open.map((source) => scriptOutline(source).accepts)).toEqual(open.map(() => undefined));
  });
});
