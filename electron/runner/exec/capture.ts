/**
 * What the runner does with each piece of a step's output besides storing it: finds metadata
 * lines (a JSON object alone on a stdout line) and prepares a bounded live view for events.
 * Both work on raw bytes and skip ahead natively, so capture keeps pace with a plain pipe.
 */
import type { LogLine, MetadataValue } from '../../../shared/run/events.ts';
import { LineSplitter, type SplitLine } from './line-splitter.ts';
import { decodeLine } from './log-file.ts';

const NEWLINE = 10;
const BRACE = 0x7b;
const NEWLINE_BRACE = Buffer.from('\n{');

/** A stdout line that is a JSON object is a metadata event. */
export function parseMetadata(text: string): Record<string, MetadataValue> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  try {
    const value: unknown = parseJsonAsPython(trimmed);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    // valohai-utils wraps metadata inside deployments as {"vh_metadata": {...}}.
    const inner = (value as Record<string, unknown>)['vh_metadata'];
    const values = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : value;
    return values as Record<string, MetadataValue>;
  } catch {
    return undefined;
  }
}

/**
 * JSON as Python reads it: `json.dumps` writes a diverged loss as bare `NaN` (or `Infinity`), which
 * Valohai takes as metadata. Those values are kept as the words "NaN", "Infinity", "-Infinity",
 * so the line still counts, its other keys too, and stays JSON for the store and the events.
 */
function parseJsonAsPython(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!text.includes('NaN') && !text.includes('Infinity')) throw error;
    return JSON.parse(quoteNonFinite(text));
  }
}

const NON_FINITE = /-?Infinity|NaN/y;

function quoteNonFinite(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: step over it whole, escapes included
      for (i += 1; i < text.length && text.charCodeAt(i) !== 0x22; i += text.charCodeAt(i) === 0x5c ? 2 : 1);
      continue;
    }
    NON_FINITE.lastIndex = i;
    const word = NON_FINITE.exec(text)?.[0];
    if (word === undefined) continue;
    out += `${text.slice(from, i)}"${word}"`;
    i += word.length - 1;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Finds lines starting with `{`; lines longer than `maxLine` are not metadata (and not kept). */
export class MetadataScanner {
  private readonly maxLine: number;
  private readonly onMetadata: (values: Record<string, MetadataValue>, t: number) => void;
  private readonly onTooLong: (bytes: number) => void;
  private collecting: Buffer[] | undefined;
  private size = 0;
  private since = 0;
  private atLineStart = true;

  constructor(maxLine: number, onMetadata: (values: Record<string, MetadataValue>, t: number) => void, onTooLong: (bytes: number) => void = () => undefined) {
    this.maxLine = maxLine;
    this.onMetadata = onMetadata;
    this.onTooLong = onTooLong;
  }

  push(chunk: Buffer, t: number): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.collecting) {
        const newline = chunk.indexOf(NEWLINE, i);
        const end = newline < 0 ? chunk.length : newline;
        if (this.size + end - i <= this.maxLine) this.collecting.push(chunk.subarray(i, end));
        this.size += end - i;
        if (newline < 0) return;
        this.finishLine();
        i = newline + 1;
        this.atLineStart = true;
        continue;
      }
      if (this.atLineStart && chunk[i] === BRACE) {
        this.collecting = [];
        this.size = 0;
        this.since = t;
        continue;
      }
      const next = chunk.indexOf(NEWLINE_BRACE, i);
      if (next < 0) {
        this.atLineStart = chunk[chunk.length - 1] === NEWLINE;
        return;
      }
      i = next + 1;
      this.atLineStart = true;
    }
  }

  /** The stream ended: a last `{...}` line without a newline still counts. */
  end(): void {
    if (this.collecting) this.finishLine();
  }

  private finishLine(): void {
    const parts = this.collecting ?? [];
    const size = this.size;
    this.collecting = undefined;
    if (size > this.maxLine) return this.onTooLong(size);
    const { text, binary } = decodeLine(Buffer.concat(parts));
    if (binary) return;
    const values = parseMetadata(text);
    if (values) this.onMetadata(values, this.since);
  }
}

/**
 * Lines for live `node:log` events, at most `budget` bytes per flush; the rest is counted and
 * announced (all of it is in the log file), so a flood of output cannot flood the UI.
 */
export class LiveLines {
  private readonly budget: number;
  private used = 0;
  private skipped = 0;
  private lines: LogLine[] = [];
  private readonly splitters = { stdout: new LineSplitter(16 * 1024), stderr: new LineSplitter(16 * 1024) };

  constructor(budget: number) {
    this.budget = budget;
  }

  push(stream: 'stdout' | 'stderr', chunk: Buffer, t: number): void {
    const emit = ({ bytes, cut }: SplitLine): void => {
      const { text } = decodeLine(bytes);
      this.lines.push({ t, stream, text: cut ? `${text} [line cut]` : text });
    };
    const room = Math.max(0, this.budget - this.used);
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.used += piece.length;
    if (piece.length > 0) this.splitters[stream].push(piece, emit);
    if (piece.length < chunk.length) {
      // Over budget: the rest is not shown live, and the line it cuts is not glued to a later one.
      this.skipped += chunk.length - piece.length;
      this.splitters[stream].skip(chunk.subarray(piece.length), emit);
    }
  }

  end(stream: 'stdout' | 'stderr', t: number): void {
    this.splitters[stream].flush(({ bytes }) => this.lines.push({ t, stream, text: decodeLine(bytes).text }));
  }

  /** The lines gathered since the last call; resets the budget. */
  take(): LogLine[] {
    if (this.skipped > 0) {
      this.lines.push({ t: Date.now(), stream: 'stderr', text: `[pipewright] ${this.skipped} bytes of output not shown live; all of it is in the log` });
      this.skipped = 0;
    }
    const lines = this.lines;
    this.lines = [];
    this.used = 0;
    return lines;
  }
}
