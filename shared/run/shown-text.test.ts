import { describe, expect, it } from 'vitest';
import { shownText } from './shown-text.ts';

describe('a log line as a terminal shows it', () => {
  it('is the last drawing of a line a progress bar redraws with carriage returns', () => {
    expect(shownText('\rtraining:   0% |   |\rtraining:  50% |## |\rtraining: 100% |###|')).toBe('training: 100% |###|');
    expect(shownText('a line a Windows program ended with CRLF\r')).toBe('a line a Windows program ended with CRLF');
  });

  it('leaves out colour and cursor codes, keeping the text they coloured', () => {
    expect(shownText('\x1b[1;31mERROR\x1b[0m: bad rate \x1b[2K')).toBe('ERROR: bad rate ');
  });

  it('leaves a plain line as it is', () => {
    expect(shownText('epoch 3: loss 0.25')).toBe('epoch 3: loss 0.25');
    expect(shownText('')).toBe('');
  });
});
