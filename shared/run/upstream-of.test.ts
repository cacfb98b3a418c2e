import { describe, expect, it } from 'vitest';
import { upstreamOf } from './upstream-of.ts';

const edge = (from: string, to: string) => ({ source: { node: from }, target: { node: to } });

describe('the nodes a node comes after', () => {
  it('follows every edge back, near and far, once each, and stops at a cycle', () => {
    const pipeline = { edges: [edge('a', 'b'), edge('b', 'd'), edge('c', 'd'), edge('a', 'c'), edge('d', 'e'), edge('e', 'b')] } as unknown as Parameters<typeof upstreamOf>[0];
    expect(upstreamOf(pipeline, 'd').sort()).toEqual(['a', 'b', 'c', 'e']);
    expect(upstreamOf(pipeline, 'a')).toEqual([]);
  });
});
