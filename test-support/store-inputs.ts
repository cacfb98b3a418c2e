/** What the tests of inputs from cloud stores (s3://, gs://, azure://) share. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cliAsync } from './runner.ts';

/** A step that lists the files it was given, then prints its table input's CSV files. */
export const LISTING_STEP = (inputs: string): string => `- step:
    name: s
    image: x
    command: find "$VH_INPUTS_DIR" -type f | sed "s#$VH_INPUTS_DIR/##" | sort; cat "$VH_INPUTS_DIR"/table/*.csv
    inputs:
${inputs}`;

/** The CLI as a child process whose output is awaited (a stand-in store answers from the test's process meanwhile). */
export function pipewright(args: readonly string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = cliAsync(args, cwd, env);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, out, err })));
}

/** Writes `text` as the object `key` of a stand-in store's folder `root` (a folder per bucket), as written at `at` (seconds): the stand-ins give its time as its version. */
export function putObject(root: string, key: string, text: string, at: number): void {
  const file = join(root, ...key.split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, at, at);
}

/** A pipeline `p` of two nodes, `one` and `two`, each running `command` with the input `name` from `url`: one run, two uses of it. */
export const TWO_READERS = (name: string, url: string, command: string): string => `- step: {name: s, image: x, command: '${command}', inputs: [{name: ${name}, default: "${url}"}]}
- pipeline:
    name: p
    nodes: [{name: one, type: execution, step: s}, {name: two, type: execution, step: s}]
    edges: []
`;
