import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetBases, readOutputMetadata } from './output-metadata.ts';

function outputs(files: Record<string, string>): { dir: string; listed: { path: string; size: number }[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-meta-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, listed: Object.entries(files).map(([path, text]) => ({ path, size: text.length })) };
}

describe('output metadata files', () => {
  it('reads outputs.metadata.jsonl as valohai.metadata.jsonl, neither kept as an output, a sidecar winning for its file', () => {
    const { dir, listed } = outputs({
      '2024-11-25/a.txt': 'a',
      'b.txt': 'b',
      // As Valohai's output-metadata example writes it.
      'outputs.metadata.jsonl': `${JSON.stringify({ file: '2024-11-25/a.txt', metadata: { 'valohai.dataset-versions': ['dataset://metadata-demo/1732540000'], n: 1 } })}\n`,
      'valohai.metadata.jsonl': `${JSON.stringify({ file: 'b.txt', metadata: { 'valohai.alias': 'bee', n: 2 } })}\n`,
      'b.txt.metadata.json': JSON.stringify({ n: 3 }),
    });
    const read = readOutputMetadata(dir, listed);
    expect(read.outputs.map((f) => f.path)).toEqual(['2024-11-25/a.txt', 'b.txt']);
    expect(read.problems).toEqual([]);
    expect(read.described).toEqual([
      { path: '2024-11-25/a.txt', metadata: { 'valohai.dataset-versions': ['dataset://metadata-demo/1732540000'], n: 1 }, labels: [{ kind: 'dataset', label: 'metadata-demo/1732540000' }] },
      { path: 'b.txt', metadata: { 'valohai.alias': 'bee', n: 3 }, labels: [{ kind: 'alias', label: 'bee' }] },
    ]);
  });

  it('reads the version a dataset version is made from, and says what it cannot read', () => {
    const entry = (e: Record<string, unknown>) => ({ path: 'x', metadata: { 'valohai.dataset-versions': [e] }, labels: [] });
    expect(
      datasetBases([
        entry({ uri: 'dataset://d/v2', from: 'dataset://d/v1', exclude: ['b.csv', 'a.csv', 3] }),
        entry({ uri: 'dataset://d/v2', from: 'dataset://d/v1', exclude: ['a.csv', 'b.csv'] }), // the same, on another file
        entry({ uri: 'dataset://d/v3', from: null }),
        entry({ uri: 'dataset://d/v4', from: 'dataset://d/v1', start_fresh: true }),
        entry({ uri: 'dataset://d/v5', from: 's3://bucket/d' }),
        entry({ uri: 'dataset://d/v2', from: 'dataset://d/v0' }),
      ]),
    ).toEqual({
      bases: [{ version: 'd/v2', from: 'dataset://d/v1', exclude: ['a.csv', 'b.csv'] }],
      problems: ['x: "from" "s3://bucket/d" of dataset://d/v5 is not dataset://NAME/VERSION', 'x: dataset://d/v2 is said to start from dataset://d/v0 (with its own "exclude") here and from dataset://d/v1 elsewhere: the first is used'],
    });
  });
});
