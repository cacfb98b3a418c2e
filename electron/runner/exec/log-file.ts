/**
 * An execution's log on disk: one JSON object per line, `{"t":ms,"s":"o"|"e","l":text}`, with
 * `"b":1` when the bytes were not UTF-8 (shown with replacement characters). Capped in size:
 * past the cap, lines are counted and dropped, and one line says so.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { LogLine } from '../../../shared/run/events.ts';

export const MAX_LOG_BYTES = 256 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function decodeLine(bytes: Buffer): { text: string; binary: boolean } {
  try {
    return { text: decoder.decode(bytes), binary: false };
  } catch {
    return { text: lenient.decode(bytes), binary: true };
  }
}

export class LogFile {
  private readonly fd: number;
  private written = 0;
  private dropped = 0;
  private buffer: string[] = [];
  private bufferBytes = 0;
  private readonly maxBytes: number;

  constructor(path: string, maxBytes = MAX_LOG_BYTES) {
    this.fd = openSync(path, 'a');
    this.maxBytes = maxBytes;
  }

  append(line: LogLine, binary: boolean): void {
    if (this.written + this.bufferBytes >= this.maxBytes) {
      this.dropped += 1;
      return;
    }
    const record = `${JSON.stringify({ t: line.t, s: line.stream === 'stdout' ? 'o' : 'e', l: line.text, ...(binary ? { b: 1 } : {}) })}\n`;
    this.buffer.push(record);
    this.bufferBytes += Buffer.byteLength(record);
    if (this.bufferBytes > 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.written += Buffer.byteLength(text);
    this.bufferBytes = 0;
    writeSync(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.dropped > 0) {
      writeSync(this.fd, `${JSON.stringify({ t: Date.now(), s: 'e', l: `[pipewright] log capped at ${this.maxBytes} bytes; ${this.dropped} more lines were not kept` })}\n`);
    }
    closeSync(this.fd);
  }
}

export interface StoredLine {
  readonly t: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export function parseStoredLine(record: string): StoredLine | undefined {
  try {
    const value = JSON.parse(record) as { t: number; s: string; l: string };
    return { t: value.t, stream: value.s === 'o' ? 'stdout' : 'stderr', text: value.l };
  } catch {
    return undefined;
  }
}
