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
          emit({ bytes: this.take(), cut: true });
          this.dropping = true;
        }
      }
      if (newline < 0) return;
      if (this.dropping) this.dropping = false;
      else emit({ bytes: this.take(), cut: false });
      start = newline + 1;
    }
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
