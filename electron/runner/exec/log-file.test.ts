import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogWriter, readLogFile, tailOfLog } from './log-file.ts';

function logOf(chunks: readonly (readonly ['stdout' | 'stderr', string])[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pipewright-log-')), 'x.log');
  const writer = new LogWriter(path);
  for (const [stream, text] of chunks) writer.append(stream, Buffer.from(text));
  writer.close();
  return path;
}

describe('a log read back', () => {
  it('gives the last lines of a short log, both streams, the unfinished last line too', () => {
    const path = logOf([
      ['stdout', 'one\ntwo\n'],
      ['stderr', 'oops\n'],
      ['stdout', 'three'],
    ]);
    expect(tailOfLog(path, 3).map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:two', 'stderr:oops', 'stdout:three']);
    expect(readLogFile(path)).toHaveLength(4);
  });

  it('reads only the end of a large log, leaving out the line its start cuts', () => {
    const chunk = `${'x'.repeat(60)}\n`.repeat(1000); // 61 KB per pipe read
    const path = logOf([...Array.from({ length: 40 }, () => ['stdout', chunk] as const), ['stderr', 'Traceback\nValueError: bad\n']]);
    expect(statSync(path).size).toBeGreaterThan(2_000_000);
    expect(tailOfLog(path, 2).map((l) => l.text)).toEqual(['Traceback', 'ValueError: bad']);
    const tail = tailOfLog(path, 100_000, 100_000);
    expect(tail.length).toBeLessThan(3000); // about 100 KB of lines, not the 40 000 of the whole log
    expect(tail.every((l) => l.text === 'x'.repeat(60) || l.stream === 'stderr')).toBe(true);
  });

  it('has no lines for an execution that printed nothing (it has no log file)', () => {
    expect(tailOfLog(join(tmpdir(), 'no-such.log'), 5)).toEqual([]);
  });
});
