import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test('the YAML editor and the canvas stay in sync both ways, and a problem reveals its node and line', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'YAML', exact: true }).click();
  const monaco = page.getByTestId('yaml-editor');
  await expect(monaco.locator('.view-lines')).toContainText('train-and-ship');

  // Canvas → text: a node added on the canvas appears in the YAML.
  await editor.dragFromPalette('publish', { x: 300, y: 400 });
  await expect(editor.node('publish-2')).toBeVisible();
  await editor.focusYaml();
  await page.keyboard.press('Control+End');
  await expect(monaco.locator('.view-lines')).toContainText('publish-2');

  // Text → canvas: renaming the node in the YAML renames it on the canvas.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('name: publish-2');
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  await page.keyboard.type('b');
  await expect(editor.node('publish-2b')).toBeVisible();

  // A broken reference shows on its node and in the problems list; a click there selects the node.
  await editor.select('publish-2b');
  await page.getByTestId('node-name').fill('p3');
  await page.getByTestId('node-name').press('Enter');
  await expect(editor.node('p3')).toBeVisible();
  await editor.focusYaml();
  await page.keyboard.press('Control+f');
  await page.keyboard.type('name: p3');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type('-gone');
  await expect(editor.node('p3').locator('.badge-error')).toBeVisible();
  const problem = page.getByTestId('problem').first();
  await expect(problem).toContainText('publish-gone');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await problem.click();
  await expect(page.getByTestId('node-panel')).toBeVisible();
  await expect(page.getByTestId('node-name')).toHaveValue('p3');
  // The problem's line is revealed and the cursor put on it.
  const line = ((await problem.locator('.where').textContent()) ?? '').split(':')[0];
  await expect(monaco.locator('.line-numbers.active-line-number')).toHaveText(line ?? 'none');
});

test('delete, copy and paste nodes; a file changed on disk reloads, or asks when there are unsaved edits', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await editor.select('evaluate');
  await page.keyboard.press('Control+c');
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+v');
  await expect(editor.node('evaluate-2')).toBeVisible();
  await expect(editor.node('evaluate-2').locator('.badge-condition')).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await editor.node('evaluate-2').locator('.node-name').click();
  await page.keyboard.press('Delete');
  await expect(editor.node('evaluate-2')).toHaveCount(0);
  await editor.node('sweep').locator('.node-name').click();
  await page.keyboard.press('Delete');
  await expect(editor.node('sweep')).toHaveCount(0);
  await expect(editor.edges()).toHaveCount(3);
  await page.keyboard.press('Control+z');
  await expect(editor.node('sweep')).toBeVisible();
  await expect(editor.edges()).toHaveCount(5);

  // Unsaved edits + a change on disk: the editor asks, and keeps the edits until told.
  const file = join(served.dir, 'valohai.yaml');
  await editor.dragFromPalette('train', { x: 300, y: 420 });
  await expect(editor.node('train')).toBeVisible();
  writeFileSync(file, readFileSync(file, 'utf8').replace('default: 0.7', 'default: 0.75'));
  await expect(page.getByRole('alert').filter({ hasText: 'changed on disk' })).toBeVisible();
  await page.getByRole('button', { name: 'Reload from disk (drop my edits)' }).click();
  await expect(editor.node('train')).toHaveCount(0);
  await expect(editor.node('evaluate').locator('.node-params')).toContainText('0.75');

  // No unsaved edits: a change on disk is simply loaded.
  writeFileSync(file, readFileSync(file, 'utf8').replace('default: 0.75', 'default: 0.8'));
  await expect(editor.node('evaluate').locator('.node-params')).toContainText('0.8');
});

test('screenshots: the canvas, the side panel and the YAML editor on the example project', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  // Auto-layout (elkjs, under the app's CSP) moves the nodes and marks the layout unsaved.
  await page.keyboard.press('l');
  await expect(page.getByTestId('dirty')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="preprocess"]')).not.toHaveAttribute('style', /translate\(0px, 0px\)/);
  await expect(editor.node('publish')).toBeInViewport();
  await page.screenshot({ path: 'playwright/output/screens/canvas.png' });
  await editor.select('evaluate');
  await expect(page.getByTestId('command-editor').locator('.view-lines')).toContainText('evaluate.py');
  await page.screenshot({ path: 'playwright/output/screens/side-panel.png' });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'YAML', exact: true }).click();
  await expect(page.getByTestId('yaml-editor').locator('.view-lines')).toContainText('Pipewright example project');
  await page.screenshot({ path: 'playwright/output/screens/yaml-editor.png' });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Auto-layout');
  await page.screenshot({ path: 'playwright/output/screens/shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});

test.describe('a file with a YAML syntax error', () => {
  test.use({ project: { 'valohai.yaml': '- step:\n    name: a\n    command: [unclosed\n' } });
  test('opens with the error located in the problems list and a way to fix it', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await expect(page.getByTestId('empty-canvas')).toContainText('cannot be read');
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('Nothing to inspect until valohai.yaml can be read');
    await expect(page.getByTestId('problem').first()).toContainText('YAML syntax error');
    await page.getByTestId('problem').first().click();
    await expect(page.getByTestId('yaml-editor').locator('.view-lines')).toContainText('[unclosed');
  });
});

test('an edge selected on the canvas is edited in the inspector: its output glob and its pick-the-best configuration', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.locator('.react-flow__edge[aria-label="sweep.output.model* → evaluate.input.model"] .react-flow__edge-interaction').click({ force: true });
  const panel = page.getByTestId('edge-panel');
  await expect(panel).toContainText('files the source wrote become the target input');
  await panel.getByLabel('by metadata key').fill('loss');
  await panel.getByLabel('pick').selectOption('min');
  await panel.getByLabel('Source').fill('sweep.output.model.pkl');
  await panel.getByLabel('Source').press('Enter');
  await expect(page.locator('.react-flow__edge-text')).toHaveText('min loss');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('      - {source: sweep.output.model.pkl, target: evaluate.input.model, configuration: {pick: min, by: loss}}\n');
});

test('the inspector shows each newly selected node from its top, not scrolled as the last one was', async ({ page, served }) => {
  await page.setViewportSize({ width: 1280, height: 480 }); // a laptop's window: panels longer than it
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await editor.select('evaluate');
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => inspector.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await editor.select('publish');
  await expect.poll(() => inspector.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(page.getByTestId('node-panel')).toBeInViewport();
});
