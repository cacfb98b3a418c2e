/**
 * A CSV or TSV output shown as a table (its rows read by csv-rows.ts): its header row, the first
 * rows, numeric columns aligned right, scrolled both ways, and how many rows it has.
 */
import { useMemo, type ReactNode } from 'react';
import { tableOf } from './csv-rows.ts';

/** `otherwise`: what shows a text that is not a table of two or more columns. */
export function CsvTable({ text, path, size, truncated, otherwise }: { text: string; path: string; size: number; truncated: boolean; otherwise: ReactNode }) {
  const table = useMemo(() => tableOf(text, path, truncated), [text, path, truncated]);
  if (!table) return otherwise;
  const { header, rows, numeric, count } = table;
  const said =
    rows.length < count
      ? `the first ${rows.length.toLocaleString()} of ${count.toLocaleString()} rows${truncated ? ' read' : ''}`
      : `${count.toLocaleString()} row${count === 1 ? '' : 's'}${truncated ? `, the first of ${size.toLocaleString()} bytes` : ''}`;
  return (
    <div data-testid="csv-table">
      <p className="muted csv-said">
        {said} × {numeric.length} columns
      </p>
      <div className="csv-table">
        <table>
          <thead>
            <tr>
              {numeric.map((isNumber, c) => (
                <th key={c} className={isNumber ? 'number' : undefined}>
                  {header[c] ?? ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {numeric.map((isNumber, c) => (
                  <td key={c} className={isNumber ? 'number' : undefined} title={(row[c] ?? '').length > 24 ? row[c] : undefined}>
                    {row[c] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
