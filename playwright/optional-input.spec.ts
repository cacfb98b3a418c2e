import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// An optional input whose default is not on this machine: a run is refused until it is given files, or none.
test.use({
  project: {
    'valohai.yaml': `- step:
    name: score
    image: busybox
    command: ls "$VH_INPUTS_DIR/extra" 2>/dev/null | wc -l; echo scored
    inputs: [{name: extra, default: data/not-here.csv, optional: true}]
- pipeline:
    name: p
    nodes: [{name: score, type: execution, step: score}]
    edges: []
`,
  },
});

test('an optional input is given no files for one run from Run with…, as --node-input node.input= does', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  // Refused, saying where in the editor to give it none.
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(editor.toast()).toContainText('(or none: Run with… → score.extra, no files this run)');
  await page.getByRole('button', { name: 'Run with…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: /no files this run/ }).check();
  await expect(dialog.locator('#run-input-score\\.extra')).toBeDisabled();
  await dialog.getByText('As a command').click();
  await expect(dialog.getByTestId('run-command-line')).toHaveText('pipewright run --pipeline p --node-input score.extra=');
  await dialog.getByTestId('plan-preview').getByRole('button', { name: 'What would run?' }).click();
  await expect(dialog.getByTestId('plan-preview').locator('li[data-node="score"]')).toContainText('runs');
  await dialog.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 60_000 });
  await editor.select('score');
  await expect(page.getByTestId('node-log')).toContainText('0\nscored');
});

test.describe('an optional input whose download fails as its node starts', () => {
  test.use({
    project: {
      'valohai.yaml': `- step:
    name: fetch
    image: busybox
    command: echo fetched
    inputs: [{name: extra, default: 'http://127.0.0.1:9/d.csv', optional: true}]
- pipeline:
    name: p
    nodes: [{name: fetch, type: execution, step: fetch}]
    edges: []
`,
    },
  });

  test("fails its node, whose panel says which box of Run with… runs it without the input", async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(editor.node('fetch')).toHaveAttribute('data-run-status', 'failed', { timeout: 60_000 });
    await editor.select('fetch');
    await expect(page.getByTestId('node-run').locator('.field-error')).toContainText('the input is optional: “no files this run” for fetch.extra in Run with… runs the node without it');
  });
});
