import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../../shared/run/events.ts';
import type { PlannedNode } from '../../../shared/run/plan.ts';
import { Readiness } from './readiness.ts';

/** Nodes as the readiness tracker sees them: a name, its upstream and its on-error. */
function graph(spec: Record<string, { up?: string[]; onError?: 'continue' }>): { nodes: PlannedNode[]; status: Map<string, NodeStatus> } {
  const nodes = Object.entries(spec).map(([name, s]) => ({ name, upstream: s.up ?? [], onError: s.onError ?? 'stop-all' }) as unknown as PlannedNode);
  return { nodes, status: new Map(nodes.map((n) => [n.name, 'pending' as NodeStatus])) };
}

function track(spec: Parameters<typeof graph>[0]) {
  const { nodes, status } = graph(spec);
  const readiness = new Readiness(nodes, (name) => status.get(name) ?? 'pending');
  const set = (name: string, now: NodeStatus): void => {
    const was = status.get(name) ?? 'pending';
    status.set(name, now);
    readiness.changed(name, was, now);
  };
  return { readiness, set };
}

describe('which nodes can start', () => {
  it('starts a fan-in only when all of its upstream has finished', () => {
    const { readiness, set } = track({ a: {}, b: {}, sink: { up: ['a', 'b'] } });
    expect(readiness.takeCandidates().filter((n) => readiness.isReady(n))).toEqual(['a', 'b']);
    set('a', 'succeeded');
    expect(readiness.takeCandidates()).toEqual(['sink']);
    expect(readiness.isReady('sink')).toBe(false);
    set('b', 'reused');
    expect(readiness.isReady('sink')).toBe(true);
    expect(readiness.blockerOf('sink')).toBeUndefined();
    expect(readiness.allFinished).toBe(false);
    set('sink', 'succeeded');
    expect(readiness.allFinished).toBe(true);
  });

  it('names the first upstream that failed, unless that node continues on error', () => {
    const { readiness, set } = track({ a: {}, soft: { onError: 'continue' }, after: { up: ['soft'] }, blocked: { up: ['a', 'soft'] } });
    set('soft', 'failed');
    expect(readiness.blockerOf('after')).toBeUndefined();
    expect(readiness.isReady('after')).toBe(true);
    set('a', 'skipped');
    expect(readiness.blockerOf('blocked')).toBe('a');
  });

  it('counts a node again when it leaves a finished state, and from stored states on resume', () => {
    const { nodes, status } = graph({ a: {}, b: { up: ['a'] } });
    status.set('a', 'succeeded');
    const readiness = new Readiness(nodes, (name) => status.get(name) ?? 'pending');
    expect(readiness.isReady('b')).toBe(true);
    readiness.changed('a', 'succeeded', 'queued');
    expect(readiness.isReady('b')).toBe(false);
  });
});
