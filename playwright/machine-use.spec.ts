import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.describe('what a node used of the machine', () => {
  test.use({
    project: {
      'valohai.yaml': ['- step:', '    name: hold', '    image: python:3.12', '    command: python3 hold.py', '- pipeline:', '    name: p', '    nodes: [{name: hold, type: execution, step: hold}]', '    edges: []', ''].join('\n'),
      // 250 MiB held and a core kept busy for 2.5 s: two or three readings at the default second.
      'hold.py': ['import time', 'b = bytearray(250 * 1024 * 1024)', 'for i in range(0, len(b), 4096): b[i] = 1', 't = time.time()', 'while time.time() - t < 2.5: pass', ''].join('\n'),
    },
  });

  test('the node panel shows its peaks and a chart of its memory and cores over time', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    // While it runs, its card says what it uses now.
    await expect(page.getByTestId('using-hold')).toContainText(/\d\.\d cores? · 2[5-9]\d MiB/, { timeout: 10_000 });
    await page.screenshot({ path: 'playwright/output/screens/machine-use-running.png' });
    await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 30_000 });
    await expect(page.getByTestId('using-hold')).toHaveCount(0);
    await editor.select('hold');
    const use = page.getByTestId('usage-chart');
    await expect(use.locator('.usage-peaks')).toContainText(/cpu \d\.\d cores on average \(peak \d\.\d\) · memory peak 2[5-9]\d MiB/);
    await expect(use.getByLabel('Machine use to chart')).toHaveValue('memory (MiB)');
    await expect(use.locator('canvas')).toBeVisible();
    await use.getByLabel('Machine use to chart').selectOption('CPU (cores)');
    await expect(use.locator('canvas')).toBeVisible();
    await page.screenshot({ path: 'playwright/output/screens/machine-use.png' });
    // What a cluster should give the step, from what it used, written into the step with a click.
    const asked = use.getByTestId('usage-requests');
    await expect(asked).toContainText(/On a cluster, ask for \d\.\d cores and 3\d\d MB/);
    await asked.getByRole('button', { name: "write them into step hold's resources" }).click();
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/ {4}resources:\n {6}cpu:\n {8}min: \d\.\d\n {6}memory:\n {8}min: 3\d\d\n/);
  });

});

test.describe("a sweep's children side by side", () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: hold',
        '    image: python:3.12',
        '    command: python3 hold.py {parameter-value:mb}',
        '    parameters: [{name: mb, type: integer, default: 100}]',
        '- task:',
        '    name: holds',
        '    step: hold',
        '    type: grid_search',
        '    parameters: [{name: mb, style: multiple, rules: {items: [120, 240]}}]',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: holds, type: task, task: holds}]',
        '    edges: []',
        '',
      ].join('\n'),
      'hold.py': ['import sys, time', 'b = bytearray(int(sys.argv[1]) * 1024 * 1024)', 'for i in range(0, len(b), 4096): b[i] = 1', 'time.sleep(1.6)', ''].join('\n'),
    },
  });

  test('their table has each one\'s peak memory, sortable', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 30_000 });
    await editor.select('holds');
    const table = page.getByTestId('children-table');
    await table.getByRole('button', { name: 'peak memory' }).click(); // the largest first
    await expect(table.locator('tbody tr').first()).toContainText(/240\s*2[4-9]\d MiB/);
    await expect(table.locator('tbody tr').last()).toContainText(/120\s*1[2-9]\d MiB/);
  });
});
