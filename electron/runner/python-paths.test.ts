import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

/** Valohai code that names /valohai/… itself, in every way Python offers. */
const TRAIN = String.raw`
import glob, json, os, pathlib, shutil
params = json.load(open('/valohai/config/parameters.json'))
pathlib.Path('/valohai/outputs/sub').mkdir(parents=True)
with open('/valohai/outputs/sub/model.txt', 'w') as f:
    f.write('lr=%s' % params['lr'])
print(sorted(os.listdir('/valohai/inputs/data')), os.path.exists('/valohai/inputs/data/a.csv'))
print(glob.glob('/valohai/inputs/data/*.csv'))
shutil.copy('/valohai/inputs/data/a.csv', '/valohai/outputs/copy.csv')
print(pathlib.Path('/valohai/outputs/copy.csv').read_text().strip())
try:
    open('/valohai/inputs/data/missing.csv')
except FileNotFoundError as error:
    print(error)
try:
    shutil.copy('/valohai/inputs/data/a.csv', '/valohai/outputs/no/such/b.csv')
except OSError as error:
    print(error)
`;

const PROJECT = `
- step:
    name: train
    image: python:3.12
    command: python3 train.py
    parameters: [{name: lr, type: float, default: 0.5}]
    inputs: [{name: data, default: a.csv}]
    environment-variables: [{name: PYTHONPATH, default: hooks}]
- step: {name: use, image: x, command: 'cat $VH_INPUTS_DIR/m/model.txt $VH_INPUTS_DIR/c/copy.csv', inputs: [{name: m}, {name: c}]}
- pipeline:
    name: p
    nodes: [{name: train, type: execution, step: train}, {name: use, type: execution, step: use}]
    edges: [[train.output.sub/model.txt, use.input.m], [train.output.copy.csv, use.input.c]]
`;

describe.skipIf(existsSync('/valohai'))("Python code's own /valohai/… paths", () => {
  it("name the execution's folders through open, os, pathlib, glob and shutil, and a project's own sitecustomize still runs", () => {
    const dir = makeProject(PROJECT, {
      'train.py': TRAIN,
      'a.csv': 'x,y\n',
      // A sitecustomize of the project's own (or Debian's, or conda's) that the hook shadows on PYTHONPATH.
      'hooks/sitecustomize.py': "import sys\nprint('the project hook ran', file=sys.stderr)\n",
    });
    const ran = cli(['run', '--pipeline', 'p'], dir);
    expect(ran.code, ran.err).toBe(0);
    const logs = cli(['logs', 'latest', 'train'], dir);
    expect(logs.err).toBe('the project hook ran\n'); // (its stderr line)
    expect(logs.out.split('\n')).toEqual([
      "['a.csv'] True",
      "['/valohai/inputs/data/a.csv']",
      'x,y',
      // An error names the path as the code wrote it, as it reads on Valohai.
      "[Errno 2] No such file or directory: '/valohai/inputs/data/missing.csv'",
      "[Errno 2] No such file or directory: '/valohai/outputs/no/such/b.csv'",
      '',
    ]);
    expect(cli(['logs', 'latest', 'use'], dir).out).toBe('lr=0.5x,y\n');
  });
});
