/**
 * Splits a byte stream into lines without holding more than `maxLine` bytes: a longer line is
 * cut there (marked as cut) and the rest of it is dropped, so a hostile step printing a 10 MB
 * line, or 1 GB without a newline, costs bounded memory.
 */
export interface SplitLine {
  readonly bytes: Buffer;
  /** The line was longer than the limit; `bytes` is its head. */
  readonly cut: boolean;
}

export class LineSplitter {
  private readonly maxLine: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private dropping = false;

  constructor(maxLine: number) {
    this.maxLine = maxLine;
  }

  push(chunk: Buffer, emit: (line: SplitLine) => void): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline < 0 ? chunk.length : newline;
      if (!this.dropping) {
        const room = this.maxLine - this.pendingBytes;
        const piece = chunk.subarray(start, Math.min(end, start + room));
        if (piece.length > 0) {
          this.pending.push(piece);
          this.pendingBytes += piece.length;
        }
        if (end - start > room) {
          emit({ bytes: wholeCharacters(this.take()), cut: true });
          this.dropping = true;
        }
      }
      if (newline < 0) return;
      if (this.dropping) this.dropping = false;
      else emit({ bytes: this.take(), cut: false });
      start = newline + 1;
    }
  }

  /**
   * Bytes of the stream that will not be pushed (a reader over its budget): the line under way is
   * cut where they start, and what follows them is not glued to it; the splitter picks up at the
   * next whole line.
   */
  skip(skipped: Buffer, emit: (line: SplitLine) => void): void {
    if (skipped.length === 0) return;
    if (!this.dropping && this.pendingBytes > 0) emit({ bytes: wholeCharacters(this.take()), cut: skipped[0] !== 10 });
    this.dropping = skipped[skipped.length - 1] !== 10;
  }

  /** The last line, when the stream ended without a newline. */
  flush(emit: (line: SplitLine) => void): void {
    if (this.pendingBytes > 0 && !this.dropping) emit({ bytes: this.take(), cut: false });
    this.dropping = false;
  }

  private take(): Buffer {
    const line = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    // Copy: the chunk this came from may be big and should not be kept alive by a small slice.
    const copy = Buffer.from(line);
    this.pending = [];
    this.pendingBytes = 0;
    return copy;
  }
}

/** `bytes` without a UTF-8 character cut short at its end (a line cut there shows no U+FFFD). */
function wholeCharacters(bytes: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
