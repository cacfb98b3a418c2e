import { describe, expect, it } from 'vitest';
import { bytesText, fetchAmount } from './fetch-progress.ts';

describe('an input fetch in words', () => {
  it('says sizes in binary units, one decimal below ten', () => {
    expect(bytesText(512)).toBe('512 bytes');
    expect(bytesText(1536)).toBe('1.5 KiB');
    expect(bytesText(300 * 1024 * 1024)).toBe('300 MiB');
    expect(bytesText(2.5 * 1024 ** 3)).toBe('2.5 GiB');
  });

  it('says how far it has come: a share of a known size, what came so far of an unknown one, the size once done', () => {
    expect(fetchAmount({ received: 450, total: 1000, done: false })).toBe('45% of 1000 bytes');
    expect(fetchAmount({ received: 3 * 1024 * 1024, total: null, done: false })).toBe('3.0 MiB so far');
    expect(fetchAmount({ received: 2048, total: 2048, done: true })).toBe('2.0 KiB');
  });
});
