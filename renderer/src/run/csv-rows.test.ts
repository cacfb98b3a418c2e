import { describe, expect, it } from 'vitest';
import { tableOf } from './csv-rows.ts';

describe('a CSV output read as a table', () => {
  it('takes quoted cells whole (a comma, a quote, a line break inside) and finds the numeric columns', () => {
    const table = tableOf('name,score,note\n"Smith, J",0.5,"said ""hi""\nthen left"\nLee,1e-5,\nKim,nan,ok\n', 'out/scores.csv', false);
    expect(table).toEqual({
      header: ['name', 'score', 'note'],
      rows: [
        ['Smith, J', '0.5', 'said "hi"\nthen left'],
        ['Lee', '1e-5', ''],
        ['Kim', 'nan', 'ok'],
      ],
      numeric: [false, true, false],
      count: 3,
    });
  });

  it('leaves out the last row of a preview cut short, which may be cut mid-row', () => {
    expect(tableOf('a,b\n1,2\n3,4\n5,', 'x.csv', true)?.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(tableOf('a,b\n1,2\n3,4\n5,', 'x.csv', false)?.rows).toEqual([['1', '2'], ['3', '4'], ['5', '']]);
  });

  it('splits a .tsv at tabs, even where its cells hold commas', () => {
    expect(tableOf('x\ty\n1,5\t2\n', 'data.TSV', false)?.rows).toEqual([['1,5', '2']]);
  });

  it('is no table with one column (a list of words, a log named .csv): shown as text', () => {
    expect(tableOf('word\nalpha\nbeta\n', 'words.csv', false)).toBeUndefined();
    expect(tableOf('', 'empty.csv', false)).toBeUndefined();
  });

  it('shows the first 500 rows and counts them all', () => {
    const text = `i,sq\n${Array.from({ length: 1200 }, (_, i) => `${i},${i * i}`).join('\n')}\n`;
    const table = tableOf(text, 'big.csv', false);
    expect([table?.rows.length, table?.count, table?.rows.at(-1)]).toEqual([500, 1200, ['499', '249001']]);
  });
});
