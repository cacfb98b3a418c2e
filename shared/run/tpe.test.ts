import { describe, expect, it } from 'vitest';
import { proposeTpe, type Observation, type SearchDimension } from './tpe.ts';
import { seededRandom } from './variants.ts';

const space: Record<string, SearchDimension> = {
  x: { kind: 'range', min: 0, max: 1, log: false, integer: false },
  opt: { kind: 'choice', values: ['sgd', 'adam', 'rmsprop'] },
};
/** Best at x = 0.3 with adam. */
const loss = (x: number, opt: string): number => (x - 0.3) ** 2 + (opt === 'adam' ? 0 : 0.05);

function randomHistory(n: number): Observation[] {
  const next = seededRandom(11);
  return Array.from({ length: n }, () => {
    const x = next();
    const opt = ['sgd', 'adam', 'rmsprop'][Math.floor(next() * 3)] as string;
    return { values: { x, opt }, score: loss(x, opt) };
  });
}

describe('TPE proposals', () => {
  it('move toward what scored best once the range has been seen', () => {
    // 40 children across the range, each optimiser in turn: the best are near x = 0.3 with adam.
    const history = Array.from({ length: 40 }, (_, i) => {
      const x = i / 39;
      const opt = ['sgd', 'adam', 'rmsprop'][i % 3] as string;
      return { values: { x, opt }, score: loss(x, opt) };
    });
    const proposals = Array.from({ length: 20 }, (_, i) => proposeTpe(space, history, 40 + i));
    expect(proposals.every((p) => Math.abs((p['x'] as number) - 0.3) < 0.15)).toBe(true);
    expect(proposals.filter((p) => p['opt'] === 'adam').length).toBeGreaterThanOrEqual(15);
  });

  it('explores where nothing has been tried yet, within the range, when the history is thin', () => {
    const proposals = Array.from({ length: 20 }, (_, i) => proposeTpe(space, randomHistory(20), 20 + i));
    expect(proposals.every((p) => (p['x'] as number) >= 0 && (p['x'] as number) <= 1 && ['sgd', 'adam', 'rmsprop'].includes(p['opt'] as string))).toBe(true);
  });

  it('is the same for the same history, keeps whole numbers whole and a log range in range', () => {
    const history = randomHistory(20);
    expect(proposeTpe(space, history, 3)).toEqual(proposeTpe(space, history, 3));
    const whole = proposeTpe({ n: { kind: 'range', min: 1, max: 64, log: true, integer: true } }, [{ values: { n: 8 }, score: 0 }, { values: { n: 60 }, score: 1 }], 0);
    expect(Number.isInteger(whole['n'])).toBe(true);
    expect(whole['n']).toBeGreaterThanOrEqual(1);
    expect(whole['n']).toBeLessThanOrEqual(64);
    // A range of one value has nothing to choose.
    expect(proposeTpe({ x: { kind: 'range', min: 0.5, max: 0.5, log: false, integer: false } }, [{ values: { x: 0.5 }, score: 1 }], 0)).toEqual({ x: 0.5 });
  });
});
