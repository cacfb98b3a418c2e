import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { parseExpression } from './parse.ts';

const run = (text: string, values: Record<string, number | string | boolean>) => {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluate(parsed.expr, (path) => values[path.join('.')]);
};

describe('conditions', () => {
  it('compares metadata and parameters', () => {
    expect(run('metadata.accuracy < .8', { 'metadata.accuracy': 0.75 })).toEqual({ ok: true, value: true });
    expect(run('metadata.loss >= 1 and parameter.mode == "fast"', { 'metadata.loss': 2, 'parameter.mode': 'fast' })).toEqual({ ok: true, value: true });
    expect(run('not (stop > 1) or x', { stop: 3, x: false })).toEqual({ ok: true, value: false });
    expect(run('0 < a < 10', { a: 11 })).toEqual({ ok: true, value: false });
  });

  it('reports a missing value instead of guessing', () => {
    expect(run('metadata.acc > 1', {})).toEqual({ ok: false, message: '"metadata.acc" has no value' });
  });

  it('rejects what upstream rejects', () => {
    expect(parseExpression('stop me if you can')).toMatchObject({ ok: false, message: expect.stringContaining('"me"') as unknown });
    expect(parseExpression("can't stop me now")).toMatchObject({ ok: false, message: 'unterminated string literal' });
    expect(parseExpression('a <')).toMatchObject({ ok: false });
  });

  it('has no way to reach the host: calls and subscripts do not parse', () => {
    expect(parseExpression('constructor.constructor("x")()')).toMatchObject({ ok: false });
    expect(parseExpression('a[0]')).toMatchObject({ ok: false });
  });
});
