/**
 * A file written for Valohai names data kept there (`datum://labels`): the pipeline panel names a
 * file of this machine so, as `pipewright data add` does, and the run takes it.
 */
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.use({
  project: {
    'valohai.yaml': `- step:
    name: use
    image: busybox
    command: cat "$VH_INPUTS_DIR/labels/labels.csv"
    inputs: [{name: labels, default: 'datum://labels'}]
- pipeline:
    name: p
    nodes: [{name: use, type: execution, step: use}]
    edges: []
`,
    'local/labels.csv': 'cat,dog\n',
  },
});

test('the pipeline panel names files of this machine as Valohai data, and a run takes them', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const named = page.getByTestId('named-data');
  const form = named.getByTestId('add-named-data');
  await form.getByText('Name files of this machine…').click();

  // A name that is none: said, nothing added.
  await form.getByLabel('Name to give').fill('dataset://labels');
  await form.getByLabel('Files or folders to name').fill('local/labels.csv');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByRole('alert')).toContainText('"dataset://labels" is not dataset://NAME/VERSION');

  // The alias the file names: added, listed, and taken by the run.
  await form.getByLabel('Name to give').fill('datum://labels');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form.getByRole('status')).toContainText('datum://labels: labels.csv of add');
  await expect(named.locator('.named-data-list')).toContainText('datum://labels');
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 60_000 });
  await editor.select('use');
  await expect(page.getByTestId('node-log')).toContainText('cat,dog');
});
