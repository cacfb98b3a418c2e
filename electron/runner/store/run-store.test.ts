import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { RunStore } from './run-store.ts';

describe("a runner's store whose batch cannot be saved", () => {
  it('drops what the batch would have announced, says why once, and saves nothing more, without throwing', async () => {
    const store = new RunStore(openDatabase(mkdtempSync(join(tmpdir(), 'pipewright-store-'))));
    const run = store.createRun({ pipeline: 'p', planJson: '{}', optionsJson: '{}', runnerPid: process.pid, runnerStart: '', nodes: ['a'] });
    store.enableBatching();
    const heard: unknown[] = [];
    store.onBatchLost((error) => heard.push(error));
    // A COMMIT that fails for real: metadata of an execution that does not exist, checked only at COMMIT.
    store.db.exec('PRAGMA defer_foreign_keys = ON');
    const announced: string[] = [];
    store.setNode(run.id, 'a', 'running');
    store.addMetadata('no-such-execution', Date.now(), { loss: 1 });
    store.batch(() => announced.push('lost'));
    expect(() => store.commitBatch()).not.toThrow();
    await Promise.resolve();
    expect(heard).toHaveLength(1);
    expect(String(heard[0])).toMatch(/FOREIGN KEY constraint failed/);
    expect(store.db.isTransaction).toBe(false);
    // Later writes do nothing (the disk that failed may be failing still); reads still answer.
    store.setNode(run.id, 'a', 'succeeded');
    store.batch(() => announced.push('later'));
    store.commitBatch();
    expect(announced).toEqual([]);
    expect(store.getNodes(run.id).map((n) => n.status)).toEqual(['pending']);
    expect(heard).toHaveLength(1);
    store.close();
  });
});
