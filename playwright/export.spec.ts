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
  await expect(page.getByTestId('export-argo').getByRole('list', { name: 'Not exported' })).toContainText('the action "stop-pipeline" if metadata.accuracy < 0.6 is not exported');
});
