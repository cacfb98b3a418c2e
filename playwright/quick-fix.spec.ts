import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

/** The example project with two slips a person makes: an input's name in an edge, and a step's name on a node. */
function withSlips(dir: string): string {
  const file = join(dir, 'valohai.yaml');
  const original = readFileSync(file, 'utf8');
  const slipped = original.replace('- [evaluate.output.report.png, publish.input.report]', '- [evaluate.output.report.png, publish.input.reprot]').replace('        step: publish', '        step: pubilsh');
  expect(slipped).not.toBe(original);
  writeFileSync(file, slipped);
  return slipped;
}

test('a slip the problems list says "did you mean" of is fixed in one click, from the list or from the YAML editor, and saved as only that change', async ({ page, served }) => {
  const slipped = withSlips(served.dir);
  const editor = new EditorPage(page);
  await editor.open(served.url);

  // The list offers each fix by what it does; the node's panel shows its problem with the same fix,
  // which goes in one click and its problem with it.
  const fixes = page.getByRole('region', { name: 'Problems' }).getByTestId('problem-fix');
  await expect(fixes.filter({ hasText: 'Fix: use step "publish"' })).toHaveCount(1);
  await page.getByTestId('problem').filter({ hasText: 'step "pubilsh" does not exist' }).click();
  await expect(editor.node('publish').locator('.badge-error')).toBeVisible();
  const own = page.getByTestId('node-panel').getByTestId('subject-problems');
  await expect(own).toContainText('step "pubilsh" does not exist (did you mean "publish"?)');
  await own.getByRole('button', { name: 'Fix: use step "publish"' }).click();
  await expect(editor.node('publish').locator('.badge-error')).toHaveCount(0);
  await expect(page.getByTestId('problem').filter({ hasText: 'pubilsh' })).toHaveCount(0);
  await expect(page.getByTestId('dirty')).toBeVisible();

  // The other from Monaco's quick fixes: the problem's click puts the cursor on the slip (the YAML
  // editor open); then Ctrl+. and Enter.
  await page.getByTestId('problem').filter({ hasText: 'input "reprot" is not declared' }).click();
  const monaco = page.getByTestId('yaml-editor');
  await expect(monaco.locator('.view-lines')).toContainText('publish.input.reprot');
  await page.keyboard.press('Control+.');
  // (Monaco's own menu: the Problems list has a button of the same words, and an Enter pressed
  // before the menu is up goes into the text as a line break.)
  await expect(page.locator('.action-widget').getByText('Fix: use input "report"')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(monaco.locator('.view-lines')).toContainText('publish.input.report]');
  await expect(page.getByTestId('problem')).toHaveCount(0);

  // Saved: exactly the two slipped lines differ from what was opened.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8').split('\n');
  const before = slipped.split('\n');
  expect(saved).toHaveLength(before.length);
  expect(saved.filter((line, i) => line !== before[i])).toEqual(['        step: publish', '      - [evaluate.output.report.png, publish.input.report]']);
});

test('Fix all makes every offered fix as one edit, which one Undo takes back', async ({ page, served }) => {
  // Two slips apart (an edge into a node whose step is unknown is not checked until the step is).
  const file = join(served.dir, 'valohai.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('evaluate.input.dataset]', 'evaluate.input.datset]').replace('        step: publish', '        step: pubilsh'));
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const fixes = page.getByRole('region', { name: 'Problems' }).getByTestId('problem-fix');
  await expect(fixes).toHaveCount(2);
  await page.getByTestId('problems-fix-all').click();
  await expect(page.getByTestId('problem')).toHaveCount(0);
  await expect(page.getByTestId('problems-fix-all')).toHaveCount(0);
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+z');
  await expect(fixes).toHaveCount(2);
});

test("a task blueprint's slip opens its panel from the problems list, with the fix there", async ({ page, served }) => {
  const file = join(served.dir, 'valohai.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    name: lr-sweep\n    step: train\n', '    name: lr-sweep\n    step: trian\n'));
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByTestId('problem').filter({ hasText: 'Task "lr-sweep" runs step "trian"' }).click();
  const own = page.getByTestId('subject-problems');
  await expect(own).toContainText('which this file does not define (did you mean "train"?)');
  await own.getByRole('button', { name: 'Fix: use step "train"' }).click();
  await expect(page.getByTestId('problem')).toHaveCount(0);
});

test('a key written twice blocks edits until the fix removes the earlier one, which Valohai ignores; then edits go through', async ({ page, served }) => {
  const file = join(served.dir, 'valohai.yaml');
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace('    command: python3 publish.py\n', '    command: python3 publish.py\n    inputs:\n      - name: old\n'));
  const editor = new EditorPage(page);
  await editor.open(served.url);
  // An edit is refused, saying why.
  await editor.select('publish');
  await page.getByTestId('approval-toggle').click();
  await expect(editor.toast()).toContainText('repeats a key of its map');
  await expect(editor.node('publish').locator('.badge-approval')).toBeVisible();
  // The problem's fix removes the ignored lines; the same edit then goes through and is saved.
  await expect(page.getByTestId('problem').filter({ hasText: 'Duplicate key "inputs"' })).toHaveCount(1);
  await page.getByRole('region', { name: 'Problems' }).getByRole('button', { name: 'Fix: remove the earlier "inputs" (lines 66–67), which Valohai ignores' }).click();
  await expect(page.getByTestId('problem')).toHaveCount(0);
  await page.getByTestId('approval-toggle').click();
  await expect(editor.node('publish').locator('.badge-approval')).toHaveCount(0);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(file, 'utf8');
  expect(saved).not.toContain('name: old');
  // The file as it was opened with no more than the edit: the approval gate gone.
  expect(saved).toBe(original.replace('        step: publish\n        actions:\n          - when: node-starting\n            then: require-approval\n', '        step: publish\n'));
});

test('the problems list puts errors first, then warnings, each in the order of the file', async ({ page, served }) => {
  const file = join(served.dir, 'valohai.yaml');
  // A warning near the top (a placeholder Valohai leaves as written), an error near the end (a node's step that is no step).
  const text = readFileSync(file, 'utf8');
  const slipped = text.replace(/(command: python3 preprocess\.py)/, '$1 {params.rows}').replace('        step: publish', '        step: nothing-like-it');
  expect(slipped).not.toBe(text);
  writeFileSync(file, slipped);
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const problems = page.getByTestId('problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText('step "nothing-like-it"');
  await expect(problems.nth(0).locator('.severity')).toHaveText('error');
  await expect(problems.nth(1).locator('.severity')).toHaveText('warning');
  await expect(problems.nth(1)).toContainText('{params.rows} is not a Valohai placeholder');
});

test('a file written as a map (steps:, pipelines:) is said to be unreadable as it is, offers nothing to add to it, and its fix opens it as a pipeline', async ({ page, served }) => {
  const file = join(served.dir, 'valohai.yaml');
  writeFileSync(file, 'version: 1\nsteps:\n  - name: prep\n    image: python:3.12\n    command: echo prep\n  - name: train\n    image: python:3.12\n    command: echo train\npipelines:\n  - name: main\n    steps:\n      - name: prep\n      - name: train\n');
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await expect(page.getByTestId('empty-canvas')).toContainText('valohai.yaml cannot be read as it is');
  await expect(page.getByRole('button', { name: '+ New step' })).toHaveCount(0);
  await expect(page.getByTestId('problem')).toContainText('this one is a map with `version:`, `steps:`, `pipelines:`');
  await page.getByRole('region', { name: 'Problems' }).getByTestId('problem-fix').click();
  await expect(page.getByTestId('problem')).toHaveCount(0);
  await expect(editor.node('prep')).toBeVisible();
  await expect(editor.node('train')).toBeVisible();
  await expect(editor.edges()).toHaveCount(1);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(file, 'utf8')).toContain('- pipeline:\n    name: main\n    nodes:\n');
});
