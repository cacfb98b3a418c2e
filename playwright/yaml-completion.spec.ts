import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test("the YAML editor completes an edge a part at a time from the pipeline's nodes and their steps, and the edge lands on the canvas", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await expect(editor.edges()).toHaveCount(5);
  await page.getByRole('button', { name: 'YAML', exact: true }).click();
  const monaco = page.getByTestId('yaml-editor');
  await editor.focusYaml();
  // The file ends with a line break: its last line is empty, where the new edge goes.
  await page.keyboard.press('Control+End');
  await page.keyboard.type('      - [');
  const list = page.locator('.suggest-widget');
  // Enter once the suggestion it takes is the one picked: the file's own words (Monaco's word
  // suggestions) can come first while the edge's list is still being made.
  const accept = async (label: string): Promise<void> => {
    await expect(list.locator('.monaco-list-row.focused')).toContainText(label);
    await page.keyboard.press('Enter');
  };
  await expect(list).toContainText('preprocess.');
  await page.keyboard.type('prep');
  await accept('preprocess.'); // and the next list opens
  await expect(list).toContainText('metadata.');
  await page.keyboard.type('outp');
  await accept('output.');
  await expect(list).toContainText('dataset.csv');
  await page.keyboard.type('dataset');
  await accept('dataset.csv');
  await page.keyboard.type(', ');
  await page.keyboard.type('pub');
  await expect(list).toContainText('publish.');
  await accept('publish.');
  await expect(list).toContainText('environment-variable.');
  await page.keyboard.type('inp');
  await accept('input.');
  await expect(list).toContainText('report');
  await page.keyboard.type('mod');
  await accept('model');
  await page.keyboard.type(']');
  await expect(monaco.locator('.view-lines')).toContainText('- [preprocess.output.dataset.csv, publish.input.model]');
  await expect(editor.edges()).toHaveCount(6);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/- \[evaluate\.output\.report\.png, publish\.input\.report\]\n {6}- \[preprocess\.output\.dataset\.csv, publish\.input\.model\]\n?$/);
});
