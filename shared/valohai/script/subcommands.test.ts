import { describe, expect, it } from 'vitest';
import { scriptOutline } from './script-outline.ts';

const ARGPARSE = `import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--verbose", action="store_true")
sub = parser.add_subparsers(dest="cmd", required=True)
train = sub.add_parser("train", help="fit a model")
train.add_argument("--lr", type=float, default=0.1)
train.add_argument("data")
ev = sub.add_parser("evaluate")
ev.add_argument("--threshold", type=float, default=0.5)
args = parser.parse_args()
`;

const CLICK = `import click
@click.group()
@click.option("--debug/--no-debug", default=False)
def cli(debug): ...

@cli.command()
@click.option("--epochs", type=int, default=3)
def train_model(epochs): ...

@cli.command(name="serve")
@click.option("--port", type=int, default=8000)
def serve_it(port): ...
`;

describe('a script of several commands', () => {
  it("offers argparse's chosen subcommand's options, and says where the script's own go", () => {
    const none = scriptOutline(ARGPARSE);
    expect(none.commands).toEqual(['train', 'evaluate']);
    expect(none.parameters).toEqual([{ name: 'verbose', type: 'flag', default: false }]);
    expect(none.notes).toEqual(["it has commands (train, evaluate): name one after the script in the step's command (train {parameters}) to be offered its options"]);
    const train = scriptOutline(ARGPARSE, undefined, 'train');
    expect(train.parameters).toEqual([
      { name: 'lr', type: 'float', default: 0.1 },
      { name: 'data', type: 'string', 'pass-as': '{v}' },
    ]);
    expect(train.notes).toEqual(['--verbose: the script\'s own, given before the command\'s name, left out (write it before "train" in the command)']);
    expect(scriptOutline(ARGPARSE, undefined, 'evaluate').parameters).toEqual([{ name: 'threshold', type: 'float', default: 0.5 }]);
    // A word that names no command of it changes nothing.
    expect(scriptOutline(ARGPARSE, undefined, 'data.csv').parameters).toEqual(none.parameters);
  });

  it("offers a click group's chosen command's options, named as click names it", () => {
    expect(scriptOutline(CLICK).commands).toEqual(['train-model', 'serve']);
    expect(scriptOutline(CLICK, undefined, 'train-model').parameters).toEqual([{ name: 'epochs', type: 'integer', default: 3 }]);
    expect(scriptOutline(CLICK, undefined, 'serve').parameters).toEqual([{ name: 'port', type: 'integer', default: 8000 }]);
    expect(scriptOutline(CLICK, undefined, 'serve').notes).toEqual(['--debug/--no-debug: the script\'s own, given before the command\'s name, left out (write it before "serve" in the command)']);
  });
});
