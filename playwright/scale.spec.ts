import { bigPipelineYaml } from '../test-support/big-pipeline.ts';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.use({ project: { 'valohai.yaml': bigPipelineYaml(50, 20) } });

test('opens a generated 1000-node pipeline: readable at its start, whole in the minimap, and it pans', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await expect(page.getByTestId('pipeline-panel')).toContainText('1000 nodes, 1911 edges');
  await expect(editor.node('n0-0')).toBeInViewport();
  // Only what is in view is drawn; the minimap holds all 1000.
  const drawn = (): Promise<number> => page.locator('.react-flow__node').count();
  await expect.poll(drawn).toBeGreaterThan(15);
  expect(await drawn()).toBeLessThan(200);
  await expect(page.locator('.react-flow__minimap-node')).toHaveCount(1000);
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');

  await expect(page.getByTestId('dirty')).toHaveCount(0);
  await page.screenshot({ path: 'playwright/output/screens/1000-nodes.png' });

  // Pan right by dragging the view across the minimap: nodes further along come into view.
  const map = await page.getByRole('img', { name: 'Minimap' }).boundingBox();
  if (!map) throw new Error('no minimap');
  await page.mouse.move(map.x + 5, map.y + map.height / 2);
  await page.mouse.down();
  await page.mouse.move(map.x + map.width / 2, map.y + map.height / 2, { steps: 20 });
  await page.mouse.up();
  await expect(editor.node('n0-0')).not.toBeInViewport();
  const layers = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => Number(/^n(\d+)-/.exec(n.getAttribute('data-id') ?? '')?.[1] ?? -1)));
  expect(Math.max(...layers)).toBeGreaterThanOrEqual(4);
});

test('finds a node far out of view by part of its name (Ctrl+K), selects it and brings it into view', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await expect(editor.node('n0-0')).toBeInViewport();
  await expect(editor.node('n47-13')).toHaveCount(0); // not drawn: far out of view
  await page.keyboard.press('Control+k');
  const find = page.getByTestId('find-node-input');
  await expect(find).toBeFocused();
  await find.fill('n47-1');
  // Best first: the names that start so, in the pipeline's order (n47-1, then n47-10 …).
  const options = page.getByRole('listbox', { name: 'Nodes found' }).getByRole('option');
  await expect(options.first()).toContainText('n47-1');
  await expect(options).toHaveCount(11);
  await find.press('ArrowDown');
  await find.press('ArrowDown');
  await find.press('ArrowDown');
  await find.press('ArrowDown');
  await expect(options.nth(4)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(4)).toContainText('n47-13');
  await find.press('Enter');
  await expect(page.getByTestId('find-node-input')).toHaveCount(0);
  await expect(page.getByTestId('node-name')).toHaveValue('n47-13');
  await expect(editor.node('n47-13')).toBeInViewport();
  await expect(editor.node('n0-0')).not.toBeInViewport();
  // Nothing matching says so; Esc closes it and leaves the selection.
  await page.keyboard.press('/');
  await page.getByTestId('find-node-input').fill('zzz');
  await expect(page.getByText('No node of big matches “zzz”.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('find-node-input')).toHaveCount(0);
  await expect(page.getByTestId('node-name')).toHaveValue('n47-13');
});
