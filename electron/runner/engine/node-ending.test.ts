import { describe, expect, it } from 'vitest';
import { nodeEnding, type EndingOf } from './node-ending.ts';

const node = (over: Partial<EndingOf>): EndingOf => ({ name: 'n', ok: true, onError: 'stop-all', lastError: undefined, allReused: false, thens: [], ...over });

describe("a node's end", () => {
  it('fails the run for stop-all and retry, but not for continue or stop-next, saying only which node failed to the nodes it skips', () => {
    expect(nodeEnding(node({ ok: false, lastError: 'exit 3' }))).toEqual({ kind: 'finished', status: 'failed', stop: { status: 'failed', error: 'node "n" failed: exit 3', brief: 'node "n" failed' } });
    expect(nodeEnding(node({ ok: false, onError: 'retry' }))).toMatchObject({ status: 'failed', stop: { status: 'failed' } });
    for (const onError of ['continue', 'stop-next'] as const) expect(nodeEnding(node({ ok: false, onError }))).toEqual({ kind: 'finished', status: 'failed' });
  });

  it("follows a failed node's actions: stop-pipeline stops the run, error-pipeline fails it whatever on-error says", () => {
    expect(nodeEnding(node({ ok: false, onError: 'continue', thens: ['stop-pipeline'] }))).toMatchObject({ status: 'failed', stop: { status: 'stopped' } });
    expect(nodeEnding(node({ ok: false, onError: 'continue', thens: ['error-pipeline'] }))).toMatchObject({ status: 'failed', stop: { status: 'failed' } });
  });

  it("follows a finished node's actions, and calls a node whose every execution was reused reused", () => {
    expect(nodeEnding(node({ thens: ['error-pipeline'] }))).toMatchObject({ status: 'succeeded', stop: { status: 'failed', error: `node "n" ended the pipeline as an error (its action's condition held)` } });
    expect(nodeEnding(node({ thens: ['stop-pipeline'], held: 'metadata.loss > 0.2, with metadata.loss = 0.3' }))).toMatchObject({ status: 'succeeded', stop: { status: 'stopped', error: `node "n" stopped the pipeline (its action's condition held: metadata.loss > 0.2, with metadata.loss = 0.3)` } });
    expect(nodeEnding(node({ thens: ['require-approval'] }))).toEqual({ kind: 'await-approval' });
    expect(nodeEnding(node({ allReused: true }))).toEqual({ kind: 'finished', status: 'reused' });
    expect(nodeEnding(node({}))).toEqual({ kind: 'finished', status: 'succeeded' });
  });
});
