/**
 * A CSV or TSV output's text (as much as the preview read) as the rows of a table: its header, its
 * first rows, which columns are numbers. A preview cut short loses its last row, which may be cut.
 */
import Papa from 'papaparse';

/** Rows shown at most: beyond, the table says how many there are and the text view has them. */
const MAX_ROWS = 500;

export function isTableFile(path: string): boolean {
  return /\.(csv|tsv)$/i.test(path);
}

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly numeric: readonly boolean[];
  /** Rows the text holds (without the header), the ones not shown included. */
  readonly count: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(nan|inf|infinity)$/i;

export function tableOf(text: string, path: string, truncated: boolean): Table | undefined {
  const parsed = Papa.parse<string[]>(text, { delimiter: /\.tsv$/i.test(path) ? '\t' : '', skipEmptyLines: true });
  const all = truncated ? parsed.data.slice(0, -1) : parsed.data; // the last row may be cut short
  const [header, ...rows] = all;
  if (!header || header.length < 2) return undefined; // one column, or nothing: the text says it as well
  const width = Math.max(header.length, ...rows.slice(0, MAX_ROWS).map((r) => r.length));
  const shown = rows.slice(0, MAX_ROWS);
  const numeric = Array.from({ length: width }, (_, c) => {
    const cells = shown.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
    return cells.length > 0 && cells.every((v) => NUMBER.test(v));
  });
  return { header, rows: shown, numeric, count: rows.length };
}
