import { readFileSync } from 'node:fs';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test('exports the shown pipeline as an Argo Workflow file, and lists what it could not compile', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-argo').getByRole('button', { name: 'Export to Argo Workflows' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('train-and-ship.argo.yaml');
  const text = readFileSync(await file.path(), 'utf8');
  expect(text).toContain('kind: Workflow');
  expect(text).toMatch(/- name: publish-approval\n\s+template: approval/);
  // evaluate's stop if metadata.accuracy < 0.6 is a check pod whose verdict skips what comes after.
  expect(text).toMatch(/- name: evaluate-check\n\s+template: evaluate-check-step/);
  expect(text).toContain("when: \"'{{tasks.evaluate-check.outputs.parameters.verdict}}' != 'stop'\"");
  await expect(page.getByTestId('export-argo').getByRole('list', { name: 'Not exported' })).toContainText('maximum-queued-executions 2 is exported as 2 lines of children');
});

test.describe('a pipeline the export refuses', () => {
  test.use({
    project: {
      'valohai.yaml': `- step:
    name: train
    image: python:3.12
    command: python train.py {parameters}
    parameters: [{name: seed, type: integer}]
    inputs: [{name: data}]
- pipeline:
    name: p
    nodes: [{name: train, type: execution, step: train}]
    edges: []
`,
    },
  });

  test("says why in the editor's words: what to give in the file, not the command line's flags", async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByTestId('export-argo').getByRole('button', { name: 'Export to Argo Workflows' }).click();
    const toast = editor.toast();
    await expect(toast).toContainText('The pipeline cannot be exported:');
    await expect(toast).toContainText('node "train": parameter "seed" has no value (give it a default or an edge, or give it one in node train’s panel)');
    await expect(toast).toContainText('node "train": input "data" has no default and no edge feeding it (connect an output to it, give it one under Inputs in node train’s panel or its step’s)');
    await expect(toast).not.toContainText('--node');
    await expect(toast).not.toContainText('cannot be exported: the pipeline cannot be exported');
  });
});
