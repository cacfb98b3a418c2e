/**
 * An input default downloaded before its node's command starts: the node's card says how far it
 * has come, with a bar, and the command runs on the whole file once it is in.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

const SIZE = 4 * 1024 * 1024;
let server: Server;
let base = '';

test.beforeAll(async () => {
  // 256 KiB every 200 ms: three seconds or so for the file, time enough to watch it come.
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': SIZE });
    let sent = 0;
    const timer = setInterval(() => {
      res.write(Buffer.alloc(256 * 1024, 1));
      sent += 256 * 1024;
      if (sent >= SIZE) {
        clearInterval(timer);
        res.end();
      }
    }, 200);
    res.once('close', () => clearInterval(timer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

test.use({ project: { 'valohai.yaml': '[]\n' } });

test("a node's card shows its input download coming in, then its command runs on the whole file", async ({ page, served }) => {
  writeFileSync(
    join(served.dir, 'valohai.yaml'),
    [
      '- step:',
      '    name: count',
      '    image: busybox',
      '    command: wc -c < $VH_INPUTS_DIR/data/weights.bin',
      '    inputs:',
      `      - {name: data, default: '${base}/weights.bin'}`,
      '- pipeline:',
      '    name: p',
      '    nodes: [{name: count, type: execution, step: count}]',
      '    edges: []',
      '',
    ].join('\n'),
  );
  const editor = new EditorPage(page);
  await editor.open(served.url);
  // Before the run, Run with… says the file comes from the network as the node starts.
  const dialog = page.getByRole('dialog');
  const planned = dialog.getByTestId('plan-preview').locator('li[data-node="count"]');
  await page.getByRole('button', { name: 'Run with…' }).click();
  await dialog.getByRole('button', { name: 'What would run?' }).click();
  await expect(planned).toContainText(`input data: ${base}/weights.bin is fetched as count starts (the network is needed then)`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const fetching = page.getByTestId('fetching-count');
  await expect(fetching).toContainText(/↓ data: \d+% of 4\.0 MiB/, { timeout: 10_000 });
  await expect(fetching.getByRole('progressbar', { name: 'data fetched' })).toBeVisible();
  await page.screenshot({ path: 'playwright/output/screens/input-fetching.png' });
  await expect(editor.node('count')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 30_000 });
  await expect(fetching).toHaveCount(0);
  await editor.select('count');
  await expect(page.getByTestId('node-log')).toContainText(String(SIZE));
  // After it, the copy kept is what a run takes (checked first, where it can be).
  await page.getByRole('button', { name: 'Run with…' }).click();
  await dialog.getByRole('button', { name: 'What would run?' }).click();
  await expect(planned).toContainText(`input data: ${base}/weights.bin was fetched before: the copy kept is used`);
});
