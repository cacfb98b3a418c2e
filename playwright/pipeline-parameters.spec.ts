import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// As a real project writes it: a list default that spreads a task, the plural target Valohai's UI
// accepts, `target:` for one, a description and a comment.
const YAML = `- step:
    name: train
    image: python:3.12
    command: python3 -c "import sys; print(sys.argv[1:])" {parameters}
    parameters:
      - {name: transformation_type, type: string, default: original}
      - {name: seed, type: integer, default: 1}

- pipeline:
    name: training
    parameters:
      - name: transformation_type
        description: which transformation of the scans # one child each
        target: train.parameters.transformation_type
        default: [original, eroded]
    nodes:
      - name: train
        type: task
        step: train
    edges: []
`;

test.use({ project: { 'valohai.yaml': YAML } });

test("a pipeline parameter's list default and plural target are shown as written, left as they are unless changed, and spread the task", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const file = (): string => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  const row = page.locator('fieldset.pipeline-parameter', { hasText: 'transformation_type' });
  const field = row.getByLabel('default');
  await expect(field).toHaveValue('[original, eroded]');
  // The plural target is the node's parameter: its box is ticked, the other not.
  await expect(row.getByRole('checkbox', { name: 'train.parameter.transformation_type' })).toBeChecked();
  await expect(row.getByRole('checkbox', { name: 'train.parameter.seed' })).not.toBeChecked();
  // Into the field and out again: nothing written (it wrote the list back as one text, "original,eroded").
  await field.focus();
  await field.blur();
  await expect(page.getByTestId('dirty')).toBeHidden();

  // The node says who sets it, and its card shows the values the run will use.
  await editor.select('train');
  await expect(page.getByTestId('node-panel')).toContainText('Set at run time by pipeline parameter "transformation_type"');
  await expect(editor.node('train')).toContainText('original, eroded');

  // A third value, typed as a list: the file changes on that line only, and the run has three children.
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await editor.enter(field, '[original, eroded, dilated]');
  await field.blur();
  await editor.button('Save').click();
  await expect(page.getByTestId('dirty')).toBeHidden();
  expect(file()).toBe(YAML.replace('default: [original, eroded]', 'default: [original, eroded, dilated]'));
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(editor.node('train')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 60_000 });
  await editor.select('train');
  const children = page.getByTestId('children-table');
  await expect(children.locator('tbody tr')).toHaveCount(3);
  for (const value of ['original', 'eroded', 'dilated']) await expect(children.locator('tbody')).toContainText(value);
});
