import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import type { CodeEntry } from './project-code.ts';
import { ignoreLines, writtenSince } from './project-writes.ts';
import { makeProject, nodeStatuses, onePipeline, run, step } from '../../test-support/runner.ts';

const file = (path: string, size: number, mtimeMs: number): CodeEntry => ({ path, kind: 'file', size, mtimeMs });

const warnings = (events: readonly RunEvent[]): string[] => events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));

describe("what a run's steps write into the project's code", () => {
  it('counts new files, files whose size or time changed, and those the listing as the run started found written since', () => {
    const was = [file('train.py', 10, 100), file('config.json', 5, 100), file('same.py', 4, 100), file('data/early.bin', 3, 200)];
    const now = [file('train.py', 12, 100), file('config.json', 5, 150), file('same.py', 4, 100), file('data/early.bin', 3, 200), file('data/x.bin', 1, 210), file('valohai.yaml', 9, 220), { path: 'gone.py', kind: 'deleted' } as const];
    expect(writtenSince(was, now, 200)).toEqual([
      { path: 'train.py', how: 'changed' },
      { path: 'config.json', how: 'changed' },
      { path: 'data/early.bin', how: 'new' }, // listed as the run started, but written once it had
      { path: 'data/x.bin', how: 'new' },
    ]); // (valohai.yaml, new here, is the editor's to save while a run goes on)
  });

  it('proposes to ignore a new folder as a whole, and a new file in a folder of code by itself; never code that was there', () => {
    const was = [file('src/model.py', 1, 1), file('train.py', 1, 1)];
    const written = [
      { path: 'data/a.bin', how: 'new' },
      { path: 'data/b.bin', how: 'new' },
      { path: 'src/model.ckpt', how: 'new' },
      { path: 'train.py', how: 'changed' },
    ] as const;
    expect(ignoreLines(was, written)).toEqual(['data/', 'src/model.ckpt']);
  });

  it('a step that writes into the project folder is told of as the run ends, with what to ignore', async () => {
    const dir = makeProject(`${step('fetch', 'mkdir -p data && echo 1 > data/mnist.bin && echo ok > $VH_OUTPUTS_DIR/out.txt')}${onePipeline('fetch')}`, { 'train.py': 'print(1)\n' });
    const first = await run(dir, 'p');
    expect(first.status).toBe('succeeded');
    const said = warnings(first.events);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("while this run ran, the project's code changed: data/mnist.bin (new).");
    expect(said[0]).toContain('list the rest in .gitignore or .vhignore (data/)');
    // Said before the run's end, so that everyone who follows the run hears it.
    const at = (type: string): number => first.events.findIndex((e) => e.type === type || (e.type === 'run:warning' && type === e.message));
    expect(at(said[0] as string)).toBeLessThan(at('run:finish'));
    // Its writing the same again changes the file's time: said again. Nothing is said of a run whose steps write only their outputs.
    expect(warnings((await run(dir, 'p')).events)).toHaveLength(1);
    const clean = makeProject(`${step('fetch', 'echo ok > $VH_OUTPUTS_DIR/out.txt')}${onePipeline('fetch')}`, { 'train.py': 'print(1)\n' });
    expect(warnings((await run(clean, 'p')).events)).toEqual([]);
  });

  it('a step that fills the project folder with more files than are listed is still told of', async () => {
    const dir = makeProject(`${step('unpack', 'mkdir -p frames && cd frames && seq 1 20005 | sed s/$/.png/ | xargs touch')}${onePipeline('unpack')}`);
    const said = warnings((await run(dir, 'p')).events);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^while this run ran, the project's code changed: frames\/\S+ \(new\), frames\/\S+ \(new\), frames\/\S+ \(new\) and \d+ more \(the code has grown past 20000 files: only those were looked at\)\./);
    expect(said[0]).toContain('(frames/)');
  });

  it(".vhignore leaves what it names out of the code, as Valohai's CLI does: the cache reuses the node", async () => {
    const dir = makeProject(`${step('fetch', 'mkdir -p data && date +%s%N > data/stamp && cat code.py')}${onePipeline('fetch')}`, { 'code.py': 'v1\n', '.vhignore': 'data/\n' });
    await run(dir, 'p', { cache: true });
    const again = await run(dir, 'p', { cache: true });
    expect(nodeStatuses(dir, again.runId)).toEqual({ fetch: 'reused' });
    expect(warnings(again.events)).toEqual([]);
  });

  it('in a git checkout, .vhignore applies too; outside git, the root .gitignore does', async () => {
    const yaml = `${step('plot', 'mkdir -p plots cache && date +%s%N > plots/loss.txt && date +%s%N > cache/c && cat code.py')}${onePipeline('plot')}`;
    const checkout = makeProject(yaml, { 'code.py': 'v1\n', '.gitignore': 'plots/\n', '.vhignore': 'cache/\n' });
    expect(spawnSync('git', ['init', '-q', checkout]).status).toBe(0);
    const folder = makeProject(yaml, { 'code.py': 'v1\n', '.gitignore': 'plots/\ncache/\n' });
    for (const dir of [checkout, folder]) {
      const first = await run(dir, 'p', { cache: true });
      expect(warnings(first.events)).toEqual([]);
      expect(nodeStatuses(dir, (await run(dir, 'p', { cache: true })).runId)).toEqual({ plot: 'reused' });
    }
  });
});
