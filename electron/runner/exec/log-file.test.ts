import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

  it('makes its folder again when a step removed it, and counts what it cannot write instead of throwing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pipewright-log-'));
    rmSync(folder, { recursive: true });
    const again = new LogWriter(join(folder, 'logs', 'x.log'));
    again.append('stdout', Buffer.from('still here\n'));
    again.close();
    expect(readLogFile(join(folder, 'logs', 'x.log')).map((l) => l.text)).toEqual(['still here']);
    expect(again.failure).toBeUndefined();
    // A log that cannot be opened at all (its folder is a file): nothing thrown, the loss counted.
    const blocked = join(mkdtempSync(join(tmpdir(), 'pipewright-log-')), 'file');
    writeFileSync(blocked, '');
    const writer = new LogWriter(join(blocked, 'x.log'));
    expect(() => {
      writer.append('stdout', Buffer.from('a'.repeat(300 * 1024)));
      writer.append('stderr', Buffer.from('more\n'));
      writer.close();
    }).not.toThrow();
    expect(writer.failure).toMatch(/ENOTDIR/);
    expect(writer.lostBytes).toBeGreaterThanOrEqual(300 * 1024 + 5);
  });

  it('has no lines for an execution that printed nothing (it has no log file)', () => {
    expect(tailOfLog(join(tmpdir(), 'no-such.log'), 5)).toEqual([]);
  });
});
