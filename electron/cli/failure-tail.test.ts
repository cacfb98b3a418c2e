import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { failureTail, FailureTails } from './failure-tail.ts';

const out = (text: string) => ({ stream: 'stdout' as const, text });
const err = (text: string) => ({ stream: 'stderr' as const, text });
const steps = [1, 2, 3, 4, 5, 6, 7].map((i) => out(`step ${i}`));

describe('the lines shown under a failed step', () => {
  it('end with its error even when its last stdout lines were read after it', () => {
    // Two channels, no guaranteed order: the error may be logged before the lines printed before it.
    const expected = ['step 4', 'step 5', 'step 6', 'step 7', 'ValueError: bad rate'];
    expect(failureTail([...steps, err('ValueError: bad rate')], 5).map((l) => l.text)).toEqual(expected);
    expect(failureTail([err('ValueError: bad rate'), ...steps], 5).map((l) => l.text)).toEqual(expected);
    expect(failureTail(steps, 3).map((l) => l.text)).toEqual(['step 5', 'step 6', 'step 7']);
  });

  it('keep the error in the run view too, from the live log events', () => {
    const tails = new FailureTails();
    const at = { runId: '1', at: 0, node: 'n', executionId: '1.1' };
    const log = (lines: { stream: 'stdout' | 'stderr'; text: string }[]): RunEvent => ({ type: 'node:log', ...at, lines: lines.map((l) => ({ ...l, t: 0 })) });
    tails.see(log([err('Traceback: boom')]));
    tails.see(log([...steps, ...steps, out('last')]));
    const shown = tails.finished({ type: 'execution:finish', ...at, status: 'failed', exitCode: 1, outputsDir: '/x' });
    expect(shown).toHaveLength(10);
    expect(shown.at(-1)).toBe('    │ Traceback: boom');
    expect(shown.at(-2)).toBe('    │ last');
  });
});
