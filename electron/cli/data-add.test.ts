import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
