import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../../shared/valohai/import.ts';
import { fixtureNames, readFixture } from '../../test-support/fixtures.ts';
import { cli, logText, makeProject, run } from '../../test-support/runner.ts';
import { importThroughCache, PARSED_FILE } from './parsed-yaml.ts';

function stateFolder(): string {
  const state = join(mkdtempSync(join(tmpdir(), 'pipewright-parsed-')), '.pipewright');
  mkdirSync(state);
  return state;
}

describe('valohai.yaml as the last run read it', () => {
  it('reads every upstream fixture back from the state folder exactly as parsing it gives', () => {
    const state = stateFolder();
    for (const name of fixtureNames()) {
      const text = readFixture(name);
      const fresh = importValohaiYaml(text);
      const first = importThroughCache(state, text);
      const again = importThroughCache(state, text);
      expect({ name, config: again.config, diagnostics: again.diagnostics }).toStrictEqual({ name, config: fresh.config, diagnostics: fresh.diagnostics });
      expect(again.config, name).not.toBe(first.config); // the second came from the file
    }
  });

  it('keeps what JSON would lose: an infinite default and a NaN one', () => {
    const state = stateFolder();
    const text = '- step:\n    name: s\n    image: x\n    command: c {parameters}\n    parameters:\n      - {name: hi, type: float, default: .inf}\n      - {name: odd, type: float, default: .nan}\n';
    importThroughCache(state, text);
    const [hi, odd] = importThroughCache(state, text).config.steps[0]?.parameters ?? [];
    expect(hi?.default).toBe(Number.POSITIVE_INFINITY);
    expect(odd?.default).toBeNaN();
  });

  it('reads a damaged entry as none, and writes a good one in its place', () => {
    const state = stateFolder();
    writeFileSync(join(state, PARSED_FILE), 'not what V8 wrote');
    const text = '- step: {name: s, image: x, command: echo hi}\n';
    expect(importThroughCache(state, text).config.steps.map((s) => s.name)).toEqual(['s']);
    expect(readFileSync(join(state, PARSED_FILE)).toString('latin1')).not.toContain('not what V8 wrote');
    expect(importThroughCache(state, text).config.steps.map((s) => s.name)).toEqual(['s']);
  });

  it('a run of an edited file runs what the file says now', async () => {
    const yaml = (word: string): string => `- step: {name: s, image: x, command: echo ${word}}\n- pipeline:\n    name: p\n    nodes: [{name: a, type: execution, step: s}]\n    edges: []\n`;
    const dir = makeProject(yaml('first'));
    expect(logText((await run(dir, 'p')).events)).toContain('first');
    // The project's first run made the state folder, and kept what it read there for the next.
    expect(existsSync(join(dir, '.pipewright', PARSED_FILE))).toBe(true);
    expect(logText((await run(dir, 'p')).events)).toContain('first');
    writeFileSync(join(dir, 'valohai.yaml'), yaml('second'));
    expect(logText((await run(dir, 'p')).events)).toContain('second');
  });

  it('writes nothing into a project that has no state folder yet (plan makes none, nor a refused run)', () => {
    const dir = makeProject('- step: {name: s, image: x, command: echo hi}\n- pipeline:\n    name: p\n    nodes: [{name: a, type: execution, step: s}]\n    edges: []\n');
    expect(cli(['plan', '--pipeline', 'p'], dir).code).toBe(0);
    expect(existsSync(join(dir, '.pipewright'))).toBe(false);
    // Nor does a run refused before it starts.
    expect(cli(['run', '--pipeline', 'nope'], dir).code).toBe(2);
    expect(existsSync(join(dir, '.pipewright'))).toBe(false);
  });
});
