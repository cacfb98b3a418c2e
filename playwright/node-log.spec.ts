import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.describe('a node that logs more than its panel shows at once', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: talk',
        '    image: busybox',
        "    command: i=1; while [ $i -le 120 ]; do echo \"line $i\"; i=$((i+1)); done; echo 'done talking' >&2",
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: talk, type: execution, step: talk}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('its log opens at the newest line, and a filter keeps the lines that hold what is typed', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 1 · succeeded');
    await editor.select('talk');
    const log = page.getByTestId('node-log');
    await expect(log).toContainText('done talking');
    await expect(page.getByTestId('log-count')).toHaveText('121 lines');
    // The newest line is in view, not only the first ones.
    const atBottom = (): Promise<boolean> => log.evaluate((pre) => pre.scrollHeight - pre.scrollTop - pre.clientHeight <= 16);
    await expect.poll(atBottom).toBe(true);
    expect(await log.evaluate((pre) => pre.scrollHeight > pre.clientHeight)).toBe(true);

    await page.getByLabel('Filter the log').fill('LINE 11');
    await expect(log).toHaveText(['line 11', 'line 110', 'line 111', 'line 112', 'line 113', 'line 114', 'line 115', 'line 116', 'line 117', 'line 118', 'line 119', ''].join('\n'));
    await expect(page.getByTestId('log-count')).toHaveText('11 of 121 lines');
    await page.getByLabel('Filter the log').fill('');
    await expect(page.getByTestId('log-count')).toHaveText('121 lines');
  });
});
