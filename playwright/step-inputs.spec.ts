import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// As + New step writes a script's input (`/valohai/inputs/data/…` in its code): no default yet.
const YAML = `- step:
    name: train
    image: python:3.12
    command: python3 -c "import os; d = os.path.join(os.environ['VH_INPUTS_DIR'], 'data'); print('files', sorted(os.listdir(d)))"
    inputs:
      - name: data
`;

test.use({ project: { 'valohai.yaml': YAML, 'data/train.csv': 'x,y\n1,2\n' } });

test("an input's default is given in the step's panel (a file of the project), and an optional one runs without files", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'Edit step train' }).click();
  const panel = page.getByTestId('step-panel');
  const data = panel.getByTestId('input-data');
  const alone = page.getByTestId('step-run');
  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(page.getByText(/input "data" has no default/).first()).toBeVisible();

  const field = data.getByRole('textbox');
  await field.fill('data/train.csv');
  await field.blur();
  await expect(page.getByTestId('dirty')).toBeVisible();
  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(alone.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
  await expect(alone.getByTestId('node-log')).toContainText("files ['train.csv']");
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(YAML.replace('      - name: data\n', '      - name: data\n        default: data/train.csv\n'));

  // Optional, and its default taken away: it runs with none.
  await data.getByRole('checkbox', { name: /optional/ }).check();
  await field.fill('');
  await field.blur();
  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(alone.getByTestId('node-log')).toContainText('files []', { timeout: 60_000 });
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(YAML.replace('      - name: data\n', '      - name: data\n        optional: true\n'));
});
