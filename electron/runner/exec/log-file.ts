/**
 * An execution's log on disk, kept as received: frames of `[stream:u8][time ms:f64][length:u32]`
 * followed by the raw bytes of one pipe read. Writing is a copy of the bytes (as fast as a plain
 * pipe to a file); stream and time per line are recovered when reading. Non-UTF-8 and binary
 * output is kept as is and shown with replacement characters. Capped in size: past the cap,
 * bytes are counted and dropped, and a last frame says so.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';

export const MAX_LOG_BYTES = 256 * 1024 * 1024;
const HEADER = 13;
const STDOUT = 1;
const STDERR = 2;

export class LogWriter {
  private readonly path: string;
  /** Opened at the first bytes to keep: an execution that prints nothing has no log file. */
  private fd: number | null = null;
  private readonly maxBytes: number;
  private written = 0;
  private dropped = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(path: string, maxBytes = MAX_LOG_BYTES) {
    this.path = path;
    this.maxBytes = maxBytes;
  }

  /** Why the log could not be written (a full disk, its folder removed), once it could not. */
  failure: string | undefined;
  /** Bytes of output not kept because of that. */
  lostBytes = 0;

  append(stream: 'stdout' | 'stderr', chunk: Buffer, at = Date.now()): void {
    if (this.failure !== undefined) {
      this.lostBytes += chunk.length;
      return;
    }
    if (this.written + this.pendingBytes + chunk.length > this.maxBytes) {
      this.dropped += chunk.length;
      return;
    }
    this.frame(stream, chunk, at);
    if (this.pendingBytes >= 256 * 1024) this.flush();
  }

  private frame(stream: 'stdout' | 'stderr', chunk: Buffer, at: number): void {
    const header = Buffer.allocUnsafe(HEADER);
    header.writeUInt8(stream === 'stdout' ? STDOUT : STDERR, 0);
    header.writeDoubleLE(at, 1);
    header.writeUInt32LE(chunk.length, 9);
    this.pending.push(header, chunk);
    this.pendingBytes += HEADER + chunk.length;
  }

  /**
   * Writes what is pending. A write that fails, or writes only part (a full disk), ends the
   * writing: the file keeps whole frames and at most one cut short (readers stop there), and the
   * rest is counted in lostBytes, never thrown at the process whose output it is.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const buffers = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    try {
      this.fd ??= openLog(this.path);
      const done = writevSync(this.fd, buffers);
      this.written += done;
      if (done < bytes) this.fail(`only ${done} of ${bytes} bytes could be written: the disk is full`, bytes - done);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error), bytes);
    }
  }

  private fail(why: string, lost: number): void {
    this.failure = why;
    this.lostBytes += lost;
  }

  close(): void {
    if (this.dropped > 0 && this.failure === undefined) {
      this.frame('stderr', Buffer.from(`\n[pipewright] the log reached ${this.maxBytes} bytes; ${this.dropped} more bytes were not kept\n`), Date.now());
    }
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** 'w': a file left by a killed runner for the same id is stale. A logs folder a step removed is made again. */
function openLog(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'w');
  }
}

export interface StoredLine {
  readonly t: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** The bytes were not valid UTF-8. */
  readonly binary: boolean;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function decodeLine(bytes: Buffer): { text: string; binary: boolean } {
  try {
    return { text: strict.decode(bytes), binary: false };
  } catch {
    return { text: lenient.decode(bytes), binary: true };
  }
}

/** Longer lines are cut when read back, so a 1 GB line cannot exhaust memory. */
export const MAX_READ_LINE = 1024 * 1024;

/**
 * Reads a log's lines incrementally (for `logs --follow`): each `read` continues where the last
 * stopped; a line split across pipe reads is joined and gets the time of its first bytes.
 */
export class LogReader {
  private readonly path: string;
  private position = 0;
  private readonly partial = new Map<number, { t: number; parts: Buffer[]; size: number }>();

  /** `from`: a frame's offset to start at (see tailOfLog). */
  constructor(path: string, from = 0) {
    this.path = path;
    this.position = from;
  }

  read(onLine: (line: StoredLine) => void): void {
    if (!existsSync(this.path)) return;
    const fd = openSync(this.path, 'r');
    const header = Buffer.alloc(HEADER);
    try {
      for (;;) {
        if (readSync(fd, header, 0, HEADER, this.position) < HEADER) break;
        const stream = header.readUInt8(0);
        const t = header.readDoubleLE(1);
        const length = header.readUInt32LE(9);
        const body = Buffer.alloc(length);
        if (readSync(fd, body, 0, length, this.position + HEADER) < length) break; // still being written
        this.position += HEADER + length;
        this.split(stream, t, body, onLine);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** The last line of each stream, when it did not end with a newline. */
  finish(onLine: (line: StoredLine) => void): void {
    for (const [stream, open] of this.partial) emitLine(stream, open.t, Buffer.concat(open.parts), onLine);
    this.partial.clear();
  }

  private split(stream: number, t: number, body: Buffer, onLine: (line: StoredLine) => void): void {
    let start = 0;
    for (;;) {
      const newline = body.indexOf(10, start);
      const piece = body.subarray(start, newline < 0 ? body.length : newline);
      const open = this.partial.get(stream);
      if (newline < 0) {
        if (piece.length > 0) {
          const entry = open ?? { t, parts: [], size: 0 };
          if (entry.size < MAX_READ_LINE) entry.parts.push(Buffer.from(piece.subarray(0, MAX_READ_LINE - entry.size)));
          entry.size += piece.length;
          this.partial.set(stream, entry);
        }
        return;
      }
      if (open) {
        if (open.size < MAX_READ_LINE) open.parts.push(piece.subarray(0, MAX_READ_LINE - open.size));
        emitLine(stream, open.t, Buffer.concat(open.parts), onLine);
        this.partial.delete(stream);
      } else {
        emitLine(stream, t, piece.subarray(0, MAX_READ_LINE), onLine);
      }
      start = newline + 1;
    }
  }
}

function emitLine(stream: number, t: number, bytes: Buffer, onLine: (line: StoredLine) => void): void {
  const { text, binary } = decodeLine(bytes);
  onLine({ t, stream: stream === STDOUT ? 'stdout' : 'stderr', text, binary });
}

/**
 * The last `count` lines of a finished log, reading only its end: frame headers are stepped
 * through to find where the last `window` bytes begin (a 256 MiB log costs a few thousand small
 * reads, not 256 MiB). A line cut by that start is left out.
 */
export function tailOfLog(path: string, count: number, window = 256 * 1024): StoredLine[] {
  if (!existsSync(path)) return [];
  const header = Buffer.alloc(HEADER);
  const starts: number[] = [];
  let end = 0;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    while (end + HEADER <= size && readSync(fd, header, 0, HEADER, end) === HEADER) {
      starts.push(end);
      end += HEADER + header.readUInt32LE(9);
    }
  } finally {
    closeSync(fd);
  }
  const from = starts.find((start) => end - start <= window) ?? starts.at(-1) ?? 0;
  const lines: StoredLine[] = [];
  const reader = new LogReader(path, from);
  reader.read((line) => lines.push(line));
  reader.finish((line) => lines.push(line));
  return (from > 0 ? lines.slice(1) : lines).slice(-count);
}

/** Every line of a finished log. */
export function readLogFile(path: string): StoredLine[] {
  const lines: StoredLine[] = [];
  const reader = new LogReader(path);
  reader.read((line) => lines.push(line));
  reader.finish((line) => lines.push(line));
  return lines;
}
