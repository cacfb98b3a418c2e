import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactPath, storeOutputs } from './artifact-store.ts';

describe('the content-addressed store', () => {
  it('files identical outputs of sibling executions finishing together once, failing none of them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-store-'));
    const state = join(root, 'state');
    const siblings = Array.from({ length: 24 }, (_, i) => {
      const outputs = join(root, `exec-${i}`, 'outputs');
      mkdirSync(outputs, { recursive: true });
      writeFileSync(join(outputs, 'model.txt'), 'same bytes\n');
      return outputs;
    });
    const stored = await Promise.all(siblings.map((outputs) => storeOutputs(state, outputs, [{ path: 'model.txt', size: 11 }])));
    const hashes = new Set(stored.map(([file]) => file?.sha256));
    expect(hashes.size).toBe(1);
    const kept = statSync(artifactPath(state, [...hashes][0] ?? ''));
    expect(siblings.filter((outputs) => statSync(join(outputs, 'model.txt')).ino === kept.ino)).toHaveLength(1);
    // Every output, and so every input it will feed, is read-only.
    for (const outputs of siblings) expect(statSync(join(outputs, 'model.txt')).mode & 0o222).toBe(0);
  });
});
