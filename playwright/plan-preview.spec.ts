import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, ROOT, test } from './support/served.ts';

test.use({
  project: {
    'valohai.yaml': `- step:
    name: make
    image: busybox
    command: echo {parameter-value:n} > "$VH_OUTPUTS_DIR/n.txt"
    parameters: [{name: n, type: integer, default: 1}]
- step:
    name: use
    image: busybox
    command: cat "$VH_INPUTS_DIR/n/n.txt"
    inputs: [{name: n}]
- pipeline:
    name: p
    reuse-executions: true
    parameters: [{name: n, default: 1, targets: [make.parameter.n]}]
    nodes: [{name: make, type: execution, step: make}, {name: use, type: execution, step: use}]
    edges: [[make.output.n.txt, use.input.n]]
`,
  },
});

test('Run with… says, before the run starts, which nodes would run and which be reused, and why, or why it would be refused; and gives the run as a command line', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const dialog = page.getByRole('dialog');
  const preview = dialog.getByTestId('plan-preview');
  const fate = (node: string) => preview.locator(`li[data-node="${node}"]`);

  // Never run: both would run.
  await page.getByRole('button', { name: 'Run with…' }).click();
  await preview.getByRole('button', { name: 'What would run?' }).click();
  await expect(fate('make')).toContainText('runs');
  await expect(fate('make')).toContainText('it has never run with caching on');
  await expect(fate('use')).toContainText('runs');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Once it has run, both would be reused (the pipeline sets reuse-executions).
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run with…' }).click();
  await preview.getByRole('button', { name: 'What would run?' }).click();
  await expect(fate('make')).toContainText('reused');
  await expect(fate('use')).toContainText('reused');

  // Another value: the answer is put aside until asked again; then make runs, and so use after it.
  await dialog.locator('#run-n').fill('2');
  await expect(fate('make')).toHaveCount(0);
  await preview.getByRole('button', { name: 'What would run?' }).click();
  await expect(fate('make')).toContainText('runs');
  await expect(fate('make')).toContainText('n');
  await expect(fate('use')).toContainText('runs');
  await expect(fate('use')).toContainText('it takes data from "make", which will run');

  // The same run as a command line, which run in the project folder does what the dialog would.
  await dialog.getByText('As a command').click();
  const line = await dialog.getByTestId('run-command-line').textContent();
  expect(line).toBe('pipewright run --pipeline p --param n=2');
  const ran = spawnSync('sh', ['-c', (line ?? '').replace(/^pipewright/, `${process.execPath} ${join(ROOT, 'bin/pipewright.mjs')}`)], { cwd: served.dir, encoding: 'utf8' });
  expect(ran.status, ran.stderr).toBe(0);
  expect(spawnSync(process.execPath, [join(ROOT, 'bin/pipewright.mjs'), 'logs', 'latest', 'use'], { cwd: served.dir, encoding: 'utf8' }).stdout).toBe('2\n');

  // A value the parameter cannot take: refused, in the words a start would be.
  await dialog.locator('#run-n').fill('two');
  await preview.getByRole('button', { name: 'What would run?' }).click();
  await expect(preview.locator('.field-error')).toContainText('The run cannot start');
  await expect(preview.locator('.field-error')).toContainText('"two" is not an integer');
});

test.describe('warnings said alike of several nodes', () => {
  test.use({
    project: {
      'valohai.yaml': `- step: {name: a, image: busybox, command: 'true $PW_NOTE'}
- step: {name: b, image: busybox, command: 'true $PW_NOTE'}
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: a}, {name: b, type: execution, step: b}]
    edges: [[a.dependency.x, b.dependency.x]]
`,
    },
  });

  test('What would run? says them once for all the nodes, as pipewright plan does', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    const preview = page.getByRole('dialog').getByTestId('plan-preview');
    await page.getByRole('button', { name: 'Run with…' }).click();
    await preview.getByRole('button', { name: 'What would run?' }).click();
    await expect(preview).toContainText('nodes "a", "b": each one\'s command reads $PW_NOTE, which nothing here sets');
    await expect(preview).not.toContainText('node "a": node "a"');
  });
});
