import { describe, expect, it } from 'vitest';
import type { ConfigFiles } from './hydra-config.ts';
import { localImportPaths } from './local-imports.ts';
import { scriptOutline } from './script-outline.ts';

const files = (all: Record<string, string>): ConfigFiles => ({ read: (path) => all[path], list: () => undefined });

const ARGS = `import argparse
def get_args():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--sizes", nargs="+")
    return p.parse_args()
`;

describe("a script's options declared in a module of its own folder", () => {
  it('names the files each import of the folder could be', () => {
    expect(localImportPaths('import os, args as a\nfrom utils.cli import get_parser, load  # x\nfrom . import options\nfrom .. import up\nimport numpy as np\n')).toEqual([
      'os.py', 'os/__init__.py', 'args.py', 'args/__init__.py',
      'utils/cli.py', 'utils/cli/__init__.py', 'utils/cli/get_parser.py', 'utils/cli/get_parser/__init__.py', 'utils/cli/load.py', 'utils/cli/load/__init__.py',
      'options.py', 'options/__init__.py', '../up.py', '../up/__init__.py',
      'numpy.py', 'numpy/__init__.py',
    ]);
  });

  it('reads the options from the module the script imports where the script declares none, and the inputs modules read', () => {
    const script = 'from args import get_args\nfrom data import load\nimport torch\nargs = get_args()\n';
    const outline = scriptOutline(script, files({ 'args.py': ARGS, 'data.py': 'def load():\n    return open("/valohai/inputs/train/x.csv")\n' }));
    expect(outline.parameters).toEqual([{ name: 'epochs', type: 'integer', default: 5 }]);
    expect(outline.inputs).toEqual([{ name: 'train' }]);
    expect(outline.modules).toEqual(['args.py']);
    expect(outline.notes).toEqual(["args.py: line 5: --sizes is left out: it takes several values after one flag (nargs), which Valohai's parameters do not write: add it by hand (multiple: separate and a pass-as, or type: string)"]);
    // The script's own options stand alone; a module's are not mixed in.
    const own = scriptOutline(`import argparse\nfrom args import get_args\np = argparse.ArgumentParser()\np.add_argument("--lr", type=float, default=0.1)\n`, files({ 'args.py': ARGS }));
    expect([own.parameters.map((p) => p.name), own.modules]).toEqual([['lr'], []]);
    // A parser of several commands built there: its commands, and the one named.
    const sub = 'import argparse\ndef get_args():\n    p = argparse.ArgumentParser()\n    s = p.add_subparsers()\n    t = s.add_parser("train")\n    t.add_argument("--lr", type=float, default=0.1)\n    return p.parse_args()\n';
    expect(scriptOutline(script, files({ 'args.py': sub }), 'train')).toMatchObject({ commands: ['train'], parameters: [{ name: 'lr', type: 'float', default: 0.1 }], modules: ['args.py'] });
    // Without the files (the run's warning), the script alone.
    expect(scriptOutline(script).parameters).toEqual([]);
  });
});
