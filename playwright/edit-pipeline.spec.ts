import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { EXAMPLE, ROOT, expect, test } from './support/served.ts';

const comments = (text: string): string[] => text.split('\n').filter((line) => line.trim().startsWith('#'));

test('a data scientist adds, connects, configures and gates a node, undoes and redoes, then saves a file Valohai accepts', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const original = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');

  // Drag the evaluate step from the palette: a second evaluate node appears, selected.
  await editor.dragFromPalette('evaluate', { x: 420, y: 430 });
  await expect(editor.node('evaluate-2')).toBeVisible();
  await expect(page.getByTestId('node-name')).toHaveValue('evaluate-2');
  await expect(page.getByTestId('dirty')).toBeVisible();

  // Connect preprocess's outputs to its dataset input.
  await expect(editor.edges()).toHaveCount(5);
  await editor.connect(editor.handle('preprocess', 'output:dataset.csv'), editor.handle('evaluate-2', 'input:dataset'));
  await expect(editor.edges()).toHaveCount(6);

  // A metadata value cannot become an input's files: refused, with the reason.
  await editor.connect(editor.handle('evaluate', 'metadata:'), editor.handle('evaluate-2', 'input:model'));
  await expect(editor.toast()).toContainText('metadata → input makes no sense: an input takes files');
  await expect(editor.edges()).toHaveCount(6);

  // A bad parameter value stays at the field with the reason; a good one is written.
  await editor.select('evaluate-2');
  await editor.setParam('threshold', 'high');
  await expect(page.getByTestId('param-threshold-error')).toHaveText('"high" is not a number');
  await expect(editor.param('threshold')).toHaveAttribute('aria-invalid', 'true');
  await editor.setParam('threshold', '0.85');
  await expect(page.getByTestId('param-threshold-error')).toHaveCount(0);
  await expect(editor.node('evaluate-2').locator('.node-params .overridden')).toContainText('0.85');

  // An approval gate, then undo and redo it.
  await page.getByTestId('approval-toggle').check();
  const badge = editor.node('evaluate-2').locator('.badge-approval');
  await expect(badge).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+z');
  await expect(badge).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(badge).toBeVisible();

  // Save: the dirty marker goes, and the bytes on disk hold exactly the intended change.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(comments(saved)).toEqual(comments(original));
  expect(saved.startsWith(original.slice(0, original.indexOf('- pipeline:')))).toBe(true);
  expect(saved).toContain(['      - name: evaluate-2', '        type: execution', '        step: evaluate'].join('\n'));
  expect(saved).toContain(['          parameters:', '            - name: threshold', '              default: 0.85'].join('\n'));
  expect(saved).toMatch(/- name: evaluate-2[\s\S]*actions:\n\s+- when: node-starting\n\s+then: require-approval/);
  expect(saved).toContain('- [preprocess.output.dataset.csv, evaluate-2.input.dataset]');
  const removedLines = original.split('\n').filter((line) => !saved.split('\n').includes(line));
  expect(removedLines).toEqual([]);
  const layout = JSON.parse(readFileSync(join(served.dir, '.pipewright/layout.json'), 'utf8')) as { pipelines: Record<string, { nodes: Record<string, unknown> }> };
  expect(Object.keys(layout.pipelines['train-and-ship']?.nodes ?? {})).toContain('evaluate-2');

  // And Valohai's rules (as `pipewright validate` checks them) accept the file.
  const validate = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'validate', served.dir], { encoding: 'utf8' });
  expect(validate.status, validate.stdout + validate.stderr).toBe(0);
  expect(validate.stdout + validate.stderr).toContain('valohai.yaml: valid');
  expect(readFileSync(join(EXAMPLE, 'valohai.yaml'), 'utf8')).toBe(original);
});

test.describe('a valohai.yaml saved on Windows', () => {
  const windows = '\ufeff# a Windows file\r\n- step:\r\n    name: s\r\n    image: x\r\n    command: echo {parameters}\r\n    parameters:\r\n      - name: a\r\n        type: integer\r\n        default: 3\r\n- pipeline:\r\n    name: p\r\n    nodes:\r\n      - {name: n, type: execution, step: s}\r\n    edges: []\r\n';
  test.use({ project: { 'valohai.yaml': windows } });

  test('keeps its CRLF line ends and byte-order mark through canvas edits and a save', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.select('n');
    await editor.setParam('a', '5');
    await editor.dragFromPalette('s', { x: 150, y: 100 });
    await page.keyboard.press('Control+s');
    await expect(page.getByText('● unsaved')).toHaveCount(0);
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(
      windows.replace('      - {name: n, type: execution, step: s}\r\n', '      - {name: n, type: execution, step: s, override: {parameters: [{name: a, default: 5}]}}\r\n      - {name: s, type: execution, step: s}\r\n'),
    );
  });
});

test("a sweep's values are edited from its task node: the task's panel changes them, and the file keeps its comments", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const original = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  await editor.select('sweep');
  await page.getByRole('button', { name: 'edit how this task varies its parameters' }).click();
  const panel = page.getByTestId('task-panel');
  await expect(panel.getByTestId('task-executions')).toHaveText('3 executions');
  await editor.enter(panel.getByLabel('learning_rate items'), '0.001, 0.01, 0.1, 0.5');
  await expect(panel.getByTestId('task-executions')).toHaveText('4 executions');
  // The canvas's node says it too.
  await expect(editor.node('sweep')).toContainText('× 4');
  await expect(editor.node('sweep').locator('.node-params')).toContainText('0.001 … 0.5, 4 values');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(comments(saved)).toEqual(comments(original));
  const plan = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'plan', served.dir, '--pipeline', 'train-and-ship', '--json'], { encoding: 'utf8' });
  expect(plan.status, plan.stderr).toBe(0);
  expect((JSON.parse(plan.stdout) as { nodes: { node: string; executions?: number }[] }).nodes.find((n) => n.node === 'sweep')?.executions).toBe(4);
});

test('a new sweep is made in the editor: a task over a step, its values set, then dragged onto the pipeline as a task node', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: '+ New task' }).click();
  const form = page.getByTestId('new-task-panel');
  await form.getByLabel('Step').selectOption('evaluate');
  await expect(form.getByLabel('Name')).toHaveAttribute('placeholder', 'evaluate-sweep');
  await form.getByRole('button', { name: 'Create task' }).click();
  const panel = page.getByTestId('task-panel');
  await expect(panel.getByRole('heading', { name: 'Task evaluate-sweep' })).toBeVisible();
  await expect(panel.getByTestId('task-executions')).toHaveText('1 execution');
  await panel.getByLabel('threshold varies').selectOption('multiple');
  await editor.enter(panel.getByLabel('threshold items'), '0.6, 0.7, 0.8');
  await expect(panel.getByTestId('task-executions')).toHaveText('3 executions');
  await editor.dragFromPalette('evaluate-sweep', { x: 500, y: 520 });
  await expect(editor.node('evaluate-sweep')).toContainText('× 3');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  // Not connected yet, its inputs are what a run would ask for.
  const plan = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'plan', served.dir, '--pipeline', 'train-and-ship'], { encoding: 'utf8' });
  expect(plan.stderr).toContain('node "evaluate-sweep": input "model" has no default and no edge feeding it');
  const validate = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'validate', served.dir], { encoding: 'utf8' });
  expect(validate.status, validate.stdout + validate.stderr).toBe(0);
});

test.describe('a task node that names its step', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: fit',
        '    image: x',
        '    command: echo {parameters}',
        '    parameters: [{name: lr, type: float, default: 0.1}, {name: tag, type: string, optional: true}]',
        '- pipeline:',
        '    name: p',
        '    nodes:',
        '      - {name: tune, type: task, step: fit}',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('is given a blueprint of its own from its panel, whose values it then sweeps', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.select('tune');
    await page.getByRole('button', { name: 'make a task blueprint for its sweep' }).click();
    const panel = page.getByTestId('task-panel');
    await expect(panel.getByRole('heading', { name: 'Task tune-sweep' })).toBeVisible();
    await panel.getByLabel('lr varies').selectOption('multiple');
    await editor.enter(panel.getByLabel('lr items'), '0.1, 0.2');
    await expect(editor.node('tune')).toContainText('× 2');
    // A parameter without a default: its fields wait for values rather than refusing the choice.
    await panel.getByLabel('tag varies').selectOption('multiple');
    await expect(panel.getByLabel('tag items')).toHaveValue('');
    await expect(panel.getByTestId('variant-tag-error')).toHaveCount(0);
    await editor.enter(panel.getByLabel('tag items'), 'a, b');
    await expect(editor.node('tune')).toContainText('× 4');
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    const plan = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'plan', served.dir, '--json'], { encoding: 'utf8' });
    expect(plan.status, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { nodes: { node: string; executions?: number }[] }).nodes).toMatchObject([{ node: 'tune', executions: 4 }]);
  });
});
