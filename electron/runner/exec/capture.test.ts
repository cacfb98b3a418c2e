import { describe, expect, it } from 'vitest';
import { LiveLines, parseMetadata } from './capture.ts';

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

describe('the lines shown live, a budget at a time', () => {
  it('cuts the line the budget ends in, whole characters only, and never glues its tail to a later line', () => {
    const live = new LiveLines(20);
    live.push('stdout', Buffer.from('abcdefghijklmnopqrsé and the rest of a long line'), 1); // 'é' is bytes 20-21: the budget cuts it
    expect(live.take().map((l) => l.text)).toEqual(['abcdefghijklmnopqrs [line cut]', '[pipewright] 29 bytes of output not shown live; all of it is in the log']);
    live.push('stdout', Buffer.from(' still it\nnext\n'), 2);
    expect(live.take().map((l) => l.text)).toEqual(['next']);
    // Skipped bytes that end their line leave the next one whole.
    live.push('stdout', Buffer.from(`${'x'.repeat(25)}\n`), 3);
    expect(live.take().map((l) => l.text)).toEqual([`${'x'.repeat(20)} [line cut]`, '[pipewright] 6 bytes of output not shown live; all of it is in the log']);
    live.push('stdout', Buffer.from('whole\n'), 4);
    expect(live.take().map((l) => l.text)).toEqual(['whole']);
  });
});
