import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { EXAMPLE, expect, serve, test } from './support/served.ts';

test('a run left waiting for its approval when the editor closed is approved in the editor opened again, and finishes', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-e2e-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes('.pipewright') });
  try {
    const first = await serve(dir);
    const editor = new EditorPage(page);
    await editor.open(first.served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'awaiting-approval', { timeout: 90_000 });
    await first.stop(); // Ctrl+C in the terminal that served it

    const second = await serve(dir);
    try {
      await editor.open(second.served.url);
      await expect(page.getByTestId('run-status')).toContainText('interrupted');
      await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'awaiting-approval');
      await editor.select('publish');
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 30_000 });
      await expect(page.getByTestId('run-status')).toContainText('succeeded');
      for (const name of ['preprocess', 'sweep', 'evaluate']) await expect(editor.node(name)).toHaveAttribute('data-run-status', 'succeeded');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
