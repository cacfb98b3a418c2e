import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// As a library of connector and model steps is written (Valohai's own library-sandbox): steps with
// a category, parameters and variables described, a query with `widget: SQL`; and one step name
// written twice, of which Valohai uses the last.
const YAML = `- step:
    name: redshift-query
    image: python:3.12
    command: python3 -c "import sys; print(sys.argv[1:])" {parameters}
    category: connectors
    parameters:
      - name: sql_query
        type: string
        default: SELECT 1 as one;
        description: SQL query to be executed
        widget: SQL
    environment-variables:
      - name: RSHOST
        description: Redshift cluster endpoint url
- step:
    name: hf-train
    image: python:3.12
    command: echo first
    category: Huggingface / Classification
- step:
    name: snowflake-query
    image: python:3.12
    command: echo snowflake
    category: connectors
- step:
    name: hf-train
    image: python:3.12
    command: echo second
    category: Huggingface / Classification
`;

test.use({ project: { 'valohai.yaml': YAML } });

test('a library of steps: grouped by category in the palette, one entry per name, descriptions shown, a SQL parameter edited over several lines', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const palette = page.getByRole('complementary', { name: 'Palette' });
  await expect(palette.locator('.palette-category')).toHaveText(['connectors', 'Huggingface / Classification']);
  const order = await palette.locator('.palette-category, .palette-item.kind-execution .palette-label').allTextContents();
  expect(order).toEqual(['connectors', 'redshift-query', 'snowflake-query', 'Huggingface / Classification', 'hf-train']);
  // The name written twice is the last one, as on Valohai, and its earlier one is said to be ignored.
  await expect(palette.getByTestId('palette-hf-train')).toContainText('echo second');
  await expect(page.getByTestId('problem')).toContainText('Duplicate step name: hf-train; Valohai uses the last step of that name, so this one is ignored');

  await editor.editStep('redshift-query');
  const panel = page.getByTestId('step-panel');
  await expect(panel.getByText('SQL query to be executed')).toBeVisible();
  await expect(panel.getByTestId('env-RSHOST')).toContainText('Redshift cluster endpoint url');
  const query = panel.getByTestId('param-sql_query');
  await expect(query).toHaveJSProperty('tagName', 'TEXTAREA');
  await expect(query).toHaveAccessibleDescription('SQL query to be executed');
  // Enter is a new line of the query, not its end; leaving the field keeps it.
  await query.fill('SELECT a,');
  await query.press('Enter');
  await query.pressSequentially('  b FROM t;');
  await query.blur();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('        default: |-\n          SELECT a,\n            b FROM t;\n        description: SQL query to be executed\n');

  // The run gets the query as one argument, its lines as typed.
  await page.getByTestId('step-run').getByRole('button', { name: '▶ Run this step' }).click();
  await expect(page.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('node-log')).toContainText("['--sql_query=SELECT a,\\n  b FROM t;']");

  // Run with… keeps the query's lines too, for one run.
  await page.getByTestId('step-run').getByRole('button', { name: 'Run with…' }).click();
  const once = page.locator('form.modal').locator('#run-sql_query');
  await expect(once).toHaveJSProperty('tagName', 'TEXTAREA');
  await expect(page.locator('form.modal')).toContainText('SQL query to be executed');
  await expect(once).toHaveValue('SELECT a,\n  b FROM t;');
  await once.fill('SELECT c\nFROM u;');
  await page.locator('form.modal').getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('node-log')).toContainText("['--sql_query=SELECT c\\nFROM u;']", { timeout: 60_000 });
});

test.describe('a step name longer than the palette is wide', () => {
  test.use({ project: { 'valohai.yaml': "- step: {name: inference_and_report_of_the_whole_month, image: busybox, command: echo}\n- step: {name: a, image: busybox, command: echo}\n" } });

  test('wraps, and leaves every step its edit button in view', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    const palette = await page.getByRole('complementary', { name: 'Palette' }).boundingBox();
    for (const name of ['inference_and_report_of_the_whole_month', 'a']) {
      const edit = await page.getByTestId(`palette-${name}`).getByRole('button', { name: `Edit step ${name}` }).boundingBox();
      expect(edit && palette && edit.x + edit.width <= palette.x + palette.width, `${name}'s edit button ends inside the palette`).toBe(true);
    }
    await editor.editStep('inference_and_report_of_the_whole_month');
    await expect(page.getByTestId('step-panel')).toBeVisible();
  });
});
