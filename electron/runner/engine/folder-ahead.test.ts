import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, run, step } from '../../../test-support/runner.ts';
import { openStore } from '../stored-runs.ts';
import { FolderAhead } from './folder-ahead.ts';

const chain = `
${step('work', 'n=$(find $VH_INPUTS_DIR $VH_OUTPUTS_DIR -mindepth 1 | wc -l) && echo $n > $VH_OUTPUTS_DIR/seen.txt && cat $VH_CONFIG_DIR/execution.json > $VH_OUTPUTS_DIR/execution.json')}
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: work}
      - {name: b, type: execution, step: work}
      - {name: c, type: execution, step: work}
    edges:
      - [a.dependency.x, b.dependency.x]
      - [b.dependency.x, c.dependency.x]
`;

describe('execution folders made ahead', () => {
  it('gives each execution in a chain its own empty folders and config, and leaves no folder that no execution owns', async () => {
    const dir = makeProject(chain);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const executions = openStore(dir).getExecutions(result.runId);
    expect(executions).toHaveLength(3);
    for (const execution of executions) {
      const out = (name: string): string => readFileSync(join(execution.dir, 'outputs', name), 'utf8');
      // Empty when its command started: nothing of another execution's in it.
      expect(out('seen.txt').trim()).toBe('0');
      expect(JSON.parse(out('execution.json'))['valohai.execution-id']).toBe(execution.id);
    }
    expect(readdirSync(join(dir, '.pipewright', 'executions')).sort()).toEqual(executions.map((e) => basename(e.dir)).sort());
  });

  it('removes the folders made for an id that went to a cache hit', async () => {
    const dir = makeProject(chain);
    // The three nodes are alike: b and c reuse a's execution already in the first run.
    const first = await run(dir, 'p', { cache: true });
    const again = await run(dir, 'p', { cache: true });
    expect(first.events.filter((e) => e.type === 'node:reused')).toHaveLength(2);
    expect(again.events.filter((e) => e.type === 'node:reused')).toHaveLength(3);
    const [made] = openStore(dir).getExecutions(first.runId);
    expect(readdirSync(join(dir, '.pipewright', 'executions'))).toEqual([basename(made?.dir ?? '')]);
  });

  it('makes only the next id, hands it to that id alone, and leaves a folder it did not make to its execution', () => {
    const state = mkdtempSync(join(tmpdir(), 'folder-ahead-'));
    mkdirSync(join(state, 'executions'));
    let counter = 0;
    const ahead = new FolderAhead(state, () => `r.${counter + 1}`);
    ahead.prepare();
    expect(readdirSync(join(state, 'executions', 'r.1')).sort()).toEqual(['config', 'inputs', 'outputs']);
    counter = 1;
    ahead.gave('r.1');
    expect(ahead.take(join(state, 'executions', 'r.1'))).toBe(true);
    expect(ahead.take(join(state, 'executions', 'r.1'))).toBe(false); // (once)

    // A folder left by a runner killed before recording its execution is not taken as made ahead.
    mkdirSync(join(state, 'executions', 'r.2'));
    writeFileSync(join(state, 'executions', 'r.2', 'left.txt'), 'x');
    ahead.prepare();
    counter = 2;
    ahead.gave('r.2');
    expect(ahead.take(join(state, 'executions', 'r.2'))).toBe(false);
    expect(existsSync(join(state, 'executions', 'r.2', 'left.txt'))).toBe(true);

    // Given and never taken (a cache hit), or made and never given: gone when the run closes it.
    ahead.prepare();
    counter = 3;
    ahead.gave('r.3');
    ahead.prepare();
    expect(existsSync(join(state, 'executions', 'r.4'))).toBe(true);
    ahead.close();
    expect(existsSync(join(state, 'executions', 'r.3'))).toBe(false);
    expect(existsSync(join(state, 'executions', 'r.4'))).toBe(false);
    ahead.prepare(); // closed: makes nothing more
    expect(existsSync(join(state, 'executions', 'r.4'))).toBe(false);
  });
});
