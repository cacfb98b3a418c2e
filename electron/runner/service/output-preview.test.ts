import { describe, expect, it } from 'vitest';
import { makeProject, run } from '../../../test-support/runner.ts';
import { openStore } from '../stored-runs.ts';
import { PREVIEW_TEXT_BYTES, readOutput } from './output-preview.ts';

// A 1×1 PNG, a text file, a long text file, a binary file and one in a subfolder.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PROJECT = `
- step:
    name: make
    image: x
    command:
      - cd $VH_OUTPUTS_DIR && mkdir -p sub && echo 'x1,x2\\n1,2' > sub/table.csv
      - echo ${PNG} | base64 -d > $VH_OUTPUTS_DIR/chart.png
      - python3 -c "print('a' + 'é' * 100000, end='')" > $VH_OUTPUTS_DIR/long.txt
      - printf 'MODEL\\0\\1\\2' > $VH_OUTPUTS_DIR/model.bin
- pipeline:
    name: p
    nodes: [{name: make, type: execution, step: make}]
    edges: []
`;

describe('a look at an output file', () => {
  it('shows text, images and the size of binaries, and only files the execution recorded', async () => {
    const dir = makeProject(PROJECT);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const store = openStore(dir);
    const execution = `${result.runId}.1`;
    const read = (path: string) => readOutput(store, { runId: result.runId, node: 'make', execution, path });

    expect(await read('sub/table.csv')).toEqual({ kind: 'text', size: 10, text: 'x1,x2\n1,2\n', truncated: false });
    expect(await read('chart.png')).toEqual({ kind: 'image', size: 70, mime: 'image/png', base64: PNG });
    expect(await read('model.bin')).toEqual({ kind: 'binary', size: 8 });
    // The start of a long file, not called binary for the character the 64 KiB limit cuts in two.
    const long = await read('long.txt');
    expect(long).toMatchObject({ kind: 'text', truncated: true, size: 200001 });
    expect(long.kind === 'text' && long.text).toBe(`a${'é'.repeat(PREVIEW_TEXT_BYTES / 2 - 1)}`);

    // Nothing but recorded outputs: not the execution's config, nor a path that climbs out.
    await expect(read('../config/parameters.json')).rejects.toThrow(`execution ${execution} has no output "../config/parameters.json"`);
    await expect(read('nope.txt')).rejects.toThrow(/has no output "nope.txt"/);
    await expect(readOutput(store, { runId: result.runId, node: 'make', execution: 'x.9', path: 'chart.png' })).rejects.toThrow(/has no execution x\.9/);
  });
});
