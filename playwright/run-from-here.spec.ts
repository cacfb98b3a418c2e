import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.describe('a step mended after its upstream ran', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step: {name: prepare, image: x, command: "echo ran >> prepared.log; echo rows > $VH_OUTPUTS_DIR/rows.csv"}',
        '- step: {name: train, image: x, command: "test -f mended && cat $VH_INPUTS_DIR/rows/rows.csv", inputs: [{name: rows}]}',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: prepare, type: execution, step: prepare}, {name: train, type: execution, step: train}]',
        '    edges: [[prepare.output.rows.csv, train.input.rows]]',
        '',
      ].join('\n'),
    },
  });

  test('"Run from here" runs it again, taking what came before it from the run shown', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(editor.node('train')).toHaveAttribute('data-run-status', 'failed', { timeout: 30_000 });
    writeFileSync(join(served.dir, 'mended'), ''); // the step mended
    await editor.select('train');
    await page.getByTestId('run-from-here').click();
    await expect(page.getByTestId('run-status')).toContainText('run 2 · succeeded', { timeout: 30_000 });
    await expect(editor.node('prepare')).toHaveAttribute('data-run-status', 'reused');
    await expect(editor.node('train')).toHaveAttribute('data-run-status', 'succeeded');
    await expect(page.getByTestId('node-log')).toContainText('rows');
    expect(readFileSync(join(served.dir, 'prepared.log'), 'utf8')).toBe('ran\n'); // prepare ran once
  });
});
