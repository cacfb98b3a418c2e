import { describe, expect, it } from 'vitest';
import { parseMetadata } from './capture.ts';

describe('a stdout line as metadata', () => {
  it('is a JSON object alone on its line; anything else is only a log line', () => {
    expect(parseMetadata('  {"loss": 0.5, "epoch": 3}  ')).toEqual({ loss: 0.5, epoch: 3 });
    expect(parseMetadata('[1, 2]')).toBeUndefined();
    expect(parseMetadata('loss {"a": 1}')).toBeUndefined();
    expect(parseMetadata('{"a": 1} trailing')).toBeUndefined();
    expect(parseMetadata('{not json}')).toBeUndefined();
  });

  it("takes Python's bare NaN and Infinity (json.dumps of a diverged loss), keeping the line's other keys", () => {
    expect(parseMetadata('{"loss": NaN, "epoch": 1}')).toEqual({ loss: 'NaN', epoch: 1 });
    expect(parseMetadata('{"loss": Infinity, "grad": -Infinity, "xs": [1.0, NaN]}')).toEqual({ loss: 'Infinity', grad: '-Infinity', xs: [1, 'NaN'] });
    // The words inside strings stay as written, escaped quotes included.
    expect(parseMetadata('{"note": "NaN \\" Infinity", "loss": NaN}')).toEqual({ note: 'NaN " Infinity', loss: 'NaN' });
    expect(parseMetadata('{"loss": NaNa}')).toBeUndefined();
  });
});
