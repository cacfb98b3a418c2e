import { beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../shared/run/events.ts';
import { storeFor, useRun, useStepRun } from './run-store.ts';

const at = 1;
const apply = (event: RunEvent): void => useRun.getState().apply(event);

describe('the run shown in the editor', () => {
  beforeEach(() => useRun.getState().starting('p'));

  it('adopts the run:start of its pipeline and follows its nodes through approval to the end', () => {
    apply({ type: 'run:start', runId: '7', at, pipeline: 'other', resumed: false, nodes: ['x'] });
    expect(useRun.getState().runId).toBeUndefined();
    apply({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['a', 'b'] });
    apply({ type: 'node:start', runId: '8', at, node: 'a', children: 1 });
    apply({ type: 'node:log', runId: '8', at, node: 'a', executionId: 'e', lines: [{ t: at, stream: 'stdout', text: 'hello' }] });
    apply({ type: 'node:metadata', runId: '8', at, node: 'a', executionId: 'e', values: { accuracy: 0.9 } });
    apply({ type: 'node:finish', runId: '8', at, node: 'a', status: 'succeeded' });
    apply({ type: 'node:awaiting-approval', runId: '8', at, node: 'b' });
    apply({ type: 'node:start', runId: '9', at, node: 'b', children: 1 });
    expect(useRun.getState().nodes['b']?.status).toBe('awaiting-approval');
    apply({ type: 'node:approval', runId: '8', at, node: 'b', decision: 'approved', by: 'me', comment: '' });
    apply({ type: 'run:finish', runId: '8', at, status: 'succeeded' });
    const state = useRun.getState();
    expect(state).toMatchObject({ runId: '8', status: 'succeeded' });
    expect(state.nodes['a']).toEqual({ status: 'succeeded', metadata: { accuracy: 0.9 }, lines: [{ t: at, stream: 'stdout', text: 'hello', execution: 'e' }] });
    expect(state.nodes['b']?.status).toBe('queued');
  });

  it('marks a node whose executions ran in their image (its failure hints are about the image)', () => {
    apply({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['a', 'b'] });
    apply({ type: 'execution:start', runId: '8', at, node: 'a', executionId: '8.1', child: 0, command: 'x', parameters: {}, gpus: [], image: 'python:3.12' });
    apply({ type: 'execution:start', runId: '8', at, node: 'b', executionId: '8.2', child: 0, command: 'x', parameters: {}, gpus: [] });
    expect(useRun.getState().nodes['a']?.inImage).toBe(true);
    expect(useRun.getState().nodes['b']?.inImage).toBeUndefined();
  });

  it("counts a sweep's executions as they start and end, until the node ends", () => {
    const start = (id: string): RunEvent => ({ type: 'execution:start', runId: '8', at, node: 's', executionId: id, child: 0, command: 'x', parameters: {}, gpus: [] });
    const finish = (id: string, status: 'succeeded' | 'failed'): RunEvent => ({ type: 'execution:finish', runId: '8', at, node: 's', executionId: id, status, exitCode: 0, outputsDir: '/o' });
    apply({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['s', 'one'] });
    apply({ type: 'node:start', runId: '8', at, node: 's', children: 4 });
    apply({ type: 'node:start', runId: '8', at, node: 'one', children: 1 });
    for (const e of [start('8.1'), start('8.2'), finish('8.1', 'succeeded'), start('8.3'), finish('8.2', 'failed')]) apply(e);
    expect(useRun.getState().nodes['s']?.sweep).toEqual({ total: 4, running: 1, done: 1, failed: 1 });
    expect(useRun.getState().nodes['one']?.sweep).toBeUndefined();
    apply({ type: 'node:finish', runId: '8', at, node: 's', status: 'failed' });
    expect(useRun.getState().nodes['s']?.sweep).toBeUndefined();
  });

  it('keeps how far each input download of a node has come, until it is done or the node ends', () => {
    const fetching = (input: string, received: number, done = false): RunEvent => ({ type: 'input:fetching', runId: '8', at, node: 'a', input, url: `https://x/${input}.zip`, received, total: 100, done });
    apply({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['a'] });
    apply({ type: 'node:start', runId: '8', at, node: 'a', children: 1 });
    apply(fetching('data', 10));
    apply(fetching('labels', 50));
    apply(fetching('data', 40));
    expect(Object.values(useRun.getState().nodes['a']?.fetching ?? {}).map((f) => [f.input, f.received])).toEqual([['data', 40], ['labels', 50]]);
    apply(fetching('data', 100, true));
    expect(Object.values(useRun.getState().nodes['a']?.fetching ?? {}).map((f) => f.input)).toEqual(['labels']);
    apply({ type: 'node:finish', runId: '8', at, node: 'a', status: 'cancelled' });
    expect(useRun.getState().nodes['a']?.fetching).toBeUndefined();
  });

  it("keeps the latest reading of each running execution's machine use, until it ends", () => {
    const sample = (memoryMb: number) => ({ at, spanMs: 1000, cpu: 1, memoryMb, gpus: [] });
    apply({ type: 'run:start', runId: '8', at, pipeline: 'p', resumed: false, nodes: ['a'] });
    apply({ type: 'node:start', runId: '8', at, node: 'a', children: 2 });
    apply({ type: 'execution:usage', runId: '8', at, node: 'a', executionId: '8.1', sample: sample(100) });
    apply({ type: 'execution:usage', runId: '8', at, node: 'a', executionId: '8.2', sample: sample(200) });
    apply({ type: 'execution:usage', runId: '8', at, node: 'a', executionId: '8.1', sample: sample(150) });
    expect(useRun.getState().nodes['a']?.using).toEqual({ '8.1': sample(150), '8.2': sample(200) });
    apply({ type: 'execution:finish', runId: '8', at, node: 'a', executionId: '8.1', status: 'succeeded', exitCode: 0, outputsDir: '/o' });
    expect(useRun.getState().nodes['a']?.using).toEqual({ '8.2': sample(200) });
    apply({ type: 'node:finish', runId: '8', at, node: 'a', status: 'succeeded' });
    expect(useRun.getState().nodes['a']?.using).toBeUndefined();
  });

  it('keeps the last 400 log lines of a node', () => {
    apply({ type: 'run:start', runId: '1', at, pipeline: 'p', resumed: false, nodes: ['a'] });
    const lines = Array.from({ length: 500 }, (_, i) => ({ t: at, stream: 'stdout' as const, text: `line ${i}` }));
    apply({ type: 'node:log', runId: '1', at, node: 'a', executionId: 'e', lines });
    const kept = useRun.getState().nodes['a']?.lines ?? [];
    expect(kept).toHaveLength(400);
    expect(kept[0]?.text).toBe('line 100');
  });
});

describe('many events at once', () => {
  beforeEach(() => useRun.getState().starting('p'));

  it('are taken in one change of state, ending where one at a time would', () => {
    const metrics: RunEvent[] = Array.from({ length: 20_000 }, (_, i) => ({ type: 'node:metadata', runId: '3', at, node: 'a', executionId: 'e', values: { step: i, loss: 1 / (i + 1) } }));
    const events: RunEvent[] = [{ type: 'run:start', runId: '3', at, pipeline: 'p', resumed: false, nodes: ['a'] }, { type: 'node:start', runId: '3', at, node: 'a', children: 1 }, ...metrics, { type: 'node:finish', runId: '3', at, node: 'a', status: 'succeeded' }];
    let changes = 0;
    const unsubscribe = useRun.subscribe(() => (changes += 1));
    useRun.getState().applyAll(events);
    unsubscribe();
    expect(changes).toBe(1);
    const batched = useRun.getState();
    useRun.getState().starting('p');
    for (const event of events) apply(event);
    expect(useRun.getState().nodes).toEqual(batched.nodes);
    expect(batched.nodes['a']).toMatchObject({ status: 'succeeded', metadata: { step: 19_999 } });
  });
});

describe('a stored run taken into the editor', () => {
  it('shows a run found in the store, keeping log lines the events brought, and ignores another run', () => {
    useRun.setState({ runId: undefined, pipeline: undefined, status: undefined, nodes: {} });
    const shown = (status: string, node: string) => ({
      run: { id: '4', pipeline: 'p', status, error: null },
      nodes: [{ name: 'a', status: node, error: null, metadata: { loss: 0.1 } }],
    });
    useRun.getState().merge(shown('running', 'awaiting-approval'));
    expect(useRun.getState()).toMatchObject({ runId: '4', pipeline: 'p', status: 'running', nodes: { a: { status: 'awaiting-approval', metadata: { loss: 0.1 } } } });
    useRun.getState().apply({ type: 'node:log', runId: '4', at, node: 'a', executionId: 'e', lines: [{ t: at, stream: 'stderr', text: 'warn' }] });
    useRun.getState().merge(shown('succeeded', 'succeeded'));
    expect(useRun.getState().nodes['a']).toMatchObject({ status: 'succeeded', lines: [{ text: 'warn' }] });
    useRun.getState().merge({ ...shown('running', 'running'), run: { id: '5', pipeline: 'p', status: 'running', error: null } });
    expect(useRun.getState().runId).toBe('4');
  });

  it("takes a running sweep's count from the store when this window missed its start, and its own count once it has one", () => {
    useRun.setState({ runId: undefined, pipeline: undefined, status: undefined, nodes: {} });
    const shown = (status: string, sweep?: { total: number; running: number; done: number; failed: number }) => ({
      run: { id: '6', pipeline: 'p', status: 'running', error: null },
      nodes: [{ name: 't', status, error: null, metadata: {}, ...(sweep ? { sweep } : {}) }],
    });
    useRun.getState().merge(shown('running', { total: 4, running: 1, done: 1, failed: 1 }));
    expect(useRun.getState().nodes['t']?.sweep).toEqual({ total: 4, running: 1, done: 1, failed: 1 });
    // From here the events count it; a later poll (read a moment before) does not set it back.
    useRun.getState().apply({ type: 'execution:finish', runId: '6', at, node: 't', executionId: '6.3', status: 'succeeded', exitCode: 0, outputsDir: '/o' });
    useRun.getState().merge(shown('running', { total: 4, running: 1, done: 1, failed: 1 }));
    expect(useRun.getState().nodes['t']?.sweep).toEqual({ total: 4, running: 0, done: 2, failed: 1 });
    useRun.getState().merge(shown('succeeded'));
    expect(useRun.getState().nodes['t']?.sweep).toBeUndefined();
  });
});

describe("a run's warnings", () => {
  beforeEach(() => useRun.getState().starting('p'));

  it('are kept as they come, which approval a node waits for too, and a stored run brings its own', () => {
    apply({ type: 'run:start', runId: '2', at, pipeline: 'p', resumed: false, nodes: ['a', 'b'] });
    apply({ type: 'run:warning', runId: '2', at, message: 'node "a": edge x → a.input.i matched no files', node: 'a' });
    apply({ type: 'run:warning', runId: '9', at, message: 'another run' });
    apply({ type: 'node:awaiting-approval', runId: '2', at, node: 'b', gate: 'complete' });
    expect(useRun.getState().warnings).toEqual([{ node: 'a', message: 'node "a": edge x → a.input.i matched no files' }]);
    expect(useRun.getState().nodes['b']?.gate).toBe('complete');
    // A poll of the store says the same, or more; a run picked from history has its own.
    const shown = (id: string, warnings: { node: string | null; message: string }[]) => ({ run: { id, pipeline: 'p', status: 'running', error: null }, nodes: [], warnings });
    useRun.getState().merge(shown('2', [{ node: 'a', message: 'node "a": edge x → a.input.i matched no files' }, { node: null, message: 'later' }]));
    expect(useRun.getState().warnings.map((w) => w.message)).toEqual(['node "a": edge x → a.input.i matched no files', 'later']);
    useRun.setState({ runId: undefined });
    useRun.getState().merge(shown('3', []));
    expect(useRun.getState().warnings).toEqual([]);
  });

  it("keeps a step run alone in a store of its own, so the pipeline's run stays shown", () => {
    expect(storeFor('step:train')).toBe(useStepRun);
    expect(storeFor('p')).toBe(useRun);
    useStepRun.getState().starting('step:train');
    const both = (event: RunEvent): void => {
      useRun.getState().apply(event);
      useStepRun.getState().apply(event);
    };
    both({ type: 'run:start', runId: '1', at, pipeline: 'p', resumed: false, nodes: ['a'] });
    both({ type: 'node:awaiting-approval', runId: '1', at, node: 'a' });
    both({ type: 'run:start', runId: '2', at, pipeline: 'step:train', resumed: false, nodes: ['train'] });
    both({ type: 'node:finish', runId: '2', at, node: 'train', status: 'succeeded' });
    expect(useRun.getState()).toMatchObject({ runId: '1', pipeline: 'p', nodes: { a: { status: 'awaiting-approval' } } });
    expect(useStepRun.getState()).toMatchObject({ runId: '2', pipeline: 'step:train', nodes: { train: { status: 'succeeded' } } });
  });
});
