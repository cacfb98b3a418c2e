import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withNodePosition } from '../../shared/layout.ts';
import { readLayoutFile, writeLayoutFile } from './layout-file.ts';

describe('layout.json', () => {
  it('keeps node positions beside valohai.yaml, never in it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-layout-'));
    const yaml = '- step: {name: a, image: x, command: c}\n';
    await writeFile(join(dir, 'valohai.yaml'), yaml);
    const first = await readLayoutFile(dir);
    if (!first.ok) throw new Error(first.message);
    await writeLayoutFile(dir, withNodePosition(first.layout, 'p', 'train', { x: 10, y: 20 }));
    expect(await readFile(join(dir, 'valohai.yaml'), 'utf8')).toBe(yaml);
    expect(await readLayoutFile(dir)).toEqual({ ok: true, layout: { version: 1, pipelines: { p: { nodes: { train: { x: 10, y: 20 } } } } } });
    expect(await readFile(join(dir, '.pipewright/.gitignore'), 'utf8')).toContain('*');
  });

  it('reports a broken layout.json instead of throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipewright-layout-'));
    await writeLayoutFile(dir, { version: 1, pipelines: {} });
    await writeFile(join(dir, '.pipewright/layout.json'), '{"version": 2');
    expect(await readLayoutFile(dir)).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') as unknown });
  });
});
