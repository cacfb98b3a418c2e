import { chmodSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

/** A file written for Valohai whose inputs name data kept there (as SofiaChar/thesis and Nikolai-Hlubek/switching-detection do). */
const YAML = `
- step:
    name: use
    image: python:3.12
    command: cd $VH_INPUTS_DIR && find . -type f | sort && cat labels/labels.csv model/m.pkl
    inputs:
      - {name: labels, default: datum://hcc_labels}
      - {name: model, default: 'datum://01862c38-871b-6336-42ea-1909c8a09574 m.pkl'}
      - {name: raw, default: dataset://hcc/v1, keep-directories: full}
`;

describe('pipewright data add', () => {
  it('names files of this machine as Valohai data, so the unchanged file runs here with them, and says what it named', () => {
    const dir = makeProject(YAML, { 'local/labels.csv': 'a,b\n', 'local/m.pkl': 'model\n', 'local/raw/x.csv': '1\n', 'local/raw/sub/y.csv': '2\n', 'local/extra.txt': 'e\n' });
    // Before: the run is refused, and told how to give them.
    const refused = cli(['run', '--step', 'use'], dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('pipewright data add datum://hcc_labels FILE');
    expect(refused.err).toContain('pipewright data add datum://ID FILE');
    expect(refused.err).toContain('pipewright data add dataset://hcc/v1 FILE_OR_FOLDER…');

    const alias = cli(['data', 'add', 'datum://hcc_labels', 'local/labels.csv'], dir);
    expect(alias.code).toBe(0);
    expect(alias.err).toContain('datum://hcc_labels: labels.csv of add');
    // A Valohai datum id, written as the file gives it (with the file's name after it) or bare.
    expect(cli(['data', 'add', 'datum://01862c38-871b-6336-42ea-1909c8a09574 m.pkl', 'local/m.pkl'], dir).code).toBe(0);
    // A folder's files keep their paths under the folder's name; a file beside it goes in whole.
    const dataset = cli(['data', 'add', 'dataset://hcc/v1', 'local/raw', 'local/extra.txt'], dir);
    expect(dataset.code).toBe(0);
    expect(dataset.err).toContain('dataset://hcc/v1: 3 files');

    // The originals changing afterwards changes nothing: the files were copied into the store.
    writeFileSync(join(dir, 'local/labels.csv'), 'changed\n');
    const run = cli(['run', '--step', 'use'], dir);
    expect(run.code).toBe(0);
    expect(cli(['logs', 'latest'], dir).out).toBe(['./labels/labels.csv', './model/m.pkl', './raw/extra.txt', './raw/raw/sub/y.csv', './raw/raw/x.csv', 'a,b', 'model', ''].join('\n'));

    const listed = JSON.parse(cli(['data', '--json'], dir).out) as { aliases: { alias: string; path: string }[]; datasets: { dataset: string; version: string; files: number }[] };
    expect(listed.aliases.map((a) => [a.alias, a.path]).sort()).toEqual([
      ['01862c38-871b-6336-42ea-1909c8a09574', 'm.pkl'],
      ['hcc_labels', 'labels.csv'],
    ]);
    expect(listed.datasets).toMatchObject([{ dataset: 'hcc', version: 'v1', files: 3 }]);
    // Each is a run of its own, listed as one; the names file it read is gone once it succeeded.
    expect(cli(['runs'], dir).out).toContain('data add dataset://hcc/v1');
    expect(readdirSync(join(dir, '.pipewright')).filter((name) => name.startsWith('data-add-'))).toEqual([]);
  });

  it('keeps the names file a failed data add needs for its resume, and removes it once the resume has succeeded', () => {
    // A cp that fails the first time (a full disk, say), then works: the data add fails, its resume succeeds.
    const dir = makeProject(YAML, { 'local/labels.csv': 'a,b\n', 'local/m.pkl': 'model\n', 'bin/cp': '#!/bin/sh\n[ -e "$FAILED_ONCE" ] && exec /bin/cp "$@"\ntouch "$FAILED_ONCE"; echo "cp: no space left" >&2; exit 1\n' });
    chmodSync(join(dir, 'bin/cp'), 0o755);
    const env = { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, FAILED_ONCE: join(dir, 'failed-once') };
    const leftovers = (): string[] => readdirSync(join(dir, '.pipewright')).filter((name) => name.startsWith('data-add-'));
    const failed = cli(['data', 'add', 'datum://hcc_labels', 'local/labels.csv'], dir, env);
    expect(failed.code, failed.err).toBe(1);
    expect(leftovers()).toHaveLength(1);
    // A minute later another data add leaves it: the failed run still needs it.
    for (const name of leftovers()) utimesSync(join(dir, '.pipewright', name), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    expect(cli(['data', 'add', 'datum://other', 'local/labels.csv'], dir, env).code).toBe(0);
    expect(leftovers()).toHaveLength(1);
    const resumed = cli(['resume', '1'], dir, env);
    expect(resumed.code, resumed.err).toBe(0);
    expect(leftovers()).toEqual([]);
    const used = cli(['run', '--step', 'use', '--input', 'model=local/m.pkl', '--input', 'raw=local/labels.csv'], dir);
    expect(used.code, used.err).toBe(0);
    // The name the resume gave is the file the step takes.
    expect(cli(['logs', 'latest'], dir).out).toContain('./labels/labels.csv\n./model/m.pkl\n./raw/labels.csv\na,b\nmodel\n');
  });

  it('refuses, with the reason and exit code 2, what it cannot name, and adds nothing', () => {
    const dir = makeProject(YAML, { 'a.csv': 'a', 'b/a.csv': 'b', 'c/a.csv': 'c' });
    mkdirSync(join(dir, 'empty'));
    const cases: [string[], string][] = [
      [['datum://x'], 'usage: pipewright data add'],
      [['model://x', 'a.csv'], '"model://x" names no data: give datum://ALIAS or dataset://NAME/VERSION'],
      [['dataset://d', 'a.csv'], '"dataset://d" is not dataset://NAME/VERSION'],
      [['datum://a/b', 'a.csv'], '"datum://a/b" is no alias'],
      [['datum://x', 'a.csv', 'b/a.csv'], 'datum://x names one file: give one file'],
      [['datum://x', 'b'], 'datum://x names one file'],
      [['datum://x', 'nope.csv'], 'nope.csv: no such file or folder'],
      [['dataset://d/v1', 'empty'], 'empty is a folder with no files in it'],
      [['dataset://d/v1', 'b/a.csv', 'c/a.csv'], `${join(dir, 'b/a.csv')} and ${join(dir, 'c/a.csv')} would both be a.csv in it`],
    ];
    for (const [args, said] of cases) {
      const result = cli(['data', 'add', ...args], dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain(said);
    }
    expect(cli(['runs'], dir).err).toContain('no runs yet');
  });
});
