/**
 * The crash test: the runner is killed with SIGKILL at 20 different points of a run; after each,
 * `resume` finishes the run, no finished output is lost or re-run, the database stays
 * consistent, and no process of the killed runner is left behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject, processesWith } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';

const MARKER = `pw-crash-${process.pid}`;

const PROJECT = `
- step:
    name: work
    image: x
    command:
      - 'sh -c "sleep 30 # ${MARKER}" & echo "{\\"n\\": {parameter-value:n}}"'
      - 'echo out-{parameter-value:n}-$VH_EXECUTION_ID > $VH_OUTPUTS_DIR/out.txt; sleep 0.1'
    parameters: [{name: n, type: integer, default: 0}]
    inputs: [{name: in, optional: true}]
- task:
    name: fan
    step: work
    parameters: [{name: n, style: multiple, rules: {items: [1, 2, 3, 4]}}]
- pipeline:
    name: p
    nodes:
      - {name: a, type: execution, step: work}
      - {name: b, type: task, task: fan}
      - {name: c, type: execution, step: work}
      - {name: d, type: execution, step: work}
      - {name: e, type: execution, step: work}
    edges:
      - [a.output.*, b.input.in]
      - [a.output.*, c.input.in]
      - [b.output.*, d.input.in]
      - [c.output.*, d.input.in]
      - [d.output.*, e.input.in]
`;

interface Finished {
  readonly id: string;
  readonly node: string;
  readonly child: number;
  readonly outputs: Record<string, string>;
}

function finishedExecutions(dir: string, runId: string): Finished[] {
  const store = openStore(dir);
  return store
    .getExecutions(runId)
    .filter((e) => e.status === 'succeeded')
    .map((e) => ({
      id: e.id,
      node: e.node,
      child: e.child,
      outputs: Object.fromEntries(store.getOutputs(e.id).map((o) => [o.path, createHash('sha256').update(readFileSync(join(e.dir, 'outputs', o.path))).digest('hex')])),
    }));
}

async function killAfterEvents(dir: string, count: number): Promise<string> {
  const runner = cliAsync(['run', '--pipeline', 'p', '--json', '--jobs', '2'], dir);
  let buffer = '';
  let seen = 0;
  let runId = '';
  await new Promise<void>((resolve) => {
    runner.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        const event = JSON.parse(line) as { type: string; runId: string };
        runId = event.runId;
        if (event.type === 'node:log') continue;
        seen += 1;
        if (seen === count) runner.kill('SIGKILL');
      }
    });
    runner.on('exit', () => resolve());
  });
  return runId;
}

describe('crash safety', () => {
  it('resumes after SIGKILL at 20 points without losing or re-running finished work', { timeout: 240_000 }, async () => {
    const points = Array.from({ length: 20 }, (_, i) => 2 + i * 2);
    for (const point of points) {
      const dir = makeProject(PROJECT);
      const runId = await killAfterEvents(dir, point);
      expect(runId, `point ${point}`).not.toBe('');
      const before = finishedExecutions(dir, runId);
      // Every step leaves a `sleep 30` behind; the watchdog takes the killed runner's process
      // groups down with it, so none may survive.
      const deadline = Date.now() + 3000;
      while (processesWith(MARKER).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(processesWith(MARKER), `orphans after the kill at point ${point}`).toEqual([]);

      const status = openStore(dir).getRun(runId)?.status;
      if (status !== 'succeeded') {
        const resumed = cli(['resume', runId], dir);
        expect(resumed.code, `resume after point ${point}: ${resumed.err}`).toBe(0);
      }
      const store = openStore(dir);
      expect(store.getRun(runId)?.status).toBe('succeeded');
      expect(processesWith(MARKER), `orphans after resuming from point ${point}`).toEqual([]);
      const after = finishedExecutions(dir, runId);
      for (const finished of before) {
        expect(after, `point ${point}: ${finished.id} kept`).toContainEqual(finished);
        expect(after.filter((e) => e.node === finished.node && e.child === finished.child), `point ${point}: ${finished.node}#${finished.child} not re-run`).toHaveLength(1);
      }
      expect(new Set(after.map((e) => `${e.node}#${e.child}`)).size).toBe(after.length);
      expect(after.map((e) => e.node).sort()).toEqual(['a', 'b', 'b', 'b', 'b', 'c', 'd', 'e']);
      for (const e of after) expect(Object.keys(e.outputs)).toEqual(['out.txt']);
      expect(store.getExecutions(runId).filter((e) => e.status === 'running')).toEqual([]);
      expect(store.getNodes(runId).every((n) => n.status === 'succeeded')).toBe(true);
      const db = new DatabaseSync(join(dir, '.pipewright/runs.db'), { readOnly: true });
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      db.close();
      expect(existsSync(join(dir, '.pipewright/.gitignore'))).toBe(true);
    }
  });
});
