import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test('a new step is created from the UI, given a parameter, added to the pipeline and given a checked condition', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);

  await page.getByRole('button', { name: '+ New step' }).click();
  await page.getByLabel('Name').fill('report');
  await page.getByLabel('Command').fill('python3 report.py {parameters}');
  await page.getByRole('button', { name: 'Create step' }).click();
  await expect(page.getByTestId('step-panel')).toContainText('Step report');
  await expect(page.getByTestId('palette-report')).toBeVisible();
  await editor.addStepParameter('top', 'integer');
  await expect(editor.param('top')).toBeVisible();

  await editor.dragFromPalette('report', { x: 360, y: 430 });
  await expect(editor.node('report')).toBeVisible();
  await expect(editor.handle('report', 'parameter:top')).toBeAttached();

  await page.getByRole('button', { name: '+ Add condition' }).click();
  const condition = page.getByTestId('action-0').getByLabel('if');
  await condition.fill('metadata.score >');
  await condition.press('Enter');
  await expect(page.getByTestId('action-0').getByRole('alert')).toBeVisible();
  await condition.fill('metadata.score > 3');
  await condition.press('Enter');
  await expect(page.getByTestId('action-0').getByRole('alert')).toHaveCount(0);
  await expect(editor.node('report').locator('.badge-condition')).toHaveText('if ×1');

  // Renaming the step carries the node that runs it along.
  await editor.editStep('report');
  await page.getByLabel(/^Name \(the nodes/).fill('summary');
  await page.getByLabel(/^Name \(the nodes/).press('Enter');
  await expect(page.getByTestId('palette-summary')).toBeVisible();
  await expect(editor.node('report')).toContainText('step summary');
  await page.getByLabel(/^Name \(the nodes/).fill('report');
  await page.getByLabel(/^Name \(the nodes/).press('Enter');
  await expect(editor.node('report')).toContainText('step report');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(saved).toContain(['- step:', '    name: report', '    image: python:3.12-slim', '    command: python3 report.py {parameters}', '    parameters:', '      - name: top', '        type: integer'].join('\n'));
  expect(saved).toMatch(/- name: report\n\s+type: execution\n\s+step: report\n\s+actions:\n\s+- when: node-complete\n\s+if: metadata\.score > 3\n\s+then: stop-pipeline/);
});

test('a node points its input at another file and sets an environment variable, keeping the step as it is', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await editor.select('preprocess');
  await page.getByTestId('override-raw').fill('data/other.csv');
  await page.getByTestId('override-raw').press('Enter');
  await page.getByTestId('override-DATA_TAG').fill('2027-q1');
  await page.getByTestId('override-DATA_TAG').press('Enter');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(saved).toContain(['        override:', '          inputs:', '            - name: raw', '              default: data/other.csv', '          environment-variables:', '            - name: DATA_TAG', '              default: 2027-q1'].join('\n'));
  expect(saved).toContain('        default: "2026-q4"');
});

test.describe('a file of steps and no pipeline (most valohai.yaml files)', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: train',
        '    image: python:3.12',
        '    command:',
        '      - echo "epochs={parameter-value:epochs}" > $VH_OUTPUTS_DIR/model.txt',
        `      - echo '{"loss"':' 0.25}'`,
        '    parameters: [{name: epochs, type: integer, default: 3}]',
        '- step:',
        '    name: score',
        '    image: python:3.12',
        '    command: cat $VH_INPUTS_DIR/model/*',
        '    inputs: [{name: model}]',
        '- step: {name: tool, image: x, command: nosuch-tool-xyz --go}',
        '- task:',
        '    name: epoch sweep',
        '    step: train',
        '    type: grid_search',
        '    parameters: [{name: epochs, style: multiple, rules: {items: [1, 2, 4]}}]',
        '',
      ].join('\n'),
    },
  });

  test('a step runs alone from its panel: its state, log, metadata and outputs shown there', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.editStep('train');
    const section = page.getByTestId('step-run');
    await section.getByRole('button', { name: '▶ Run this step' }).click();
    await expect(section.getByTestId('step-run-status')).toHaveText('run 1 · succeeded');
    await expect(section.getByTestId('node-log')).toContainText('{"loss": 0.25}');
    await expect(section.locator('table.metadata')).toContainText('0.25');
    await expect(section).toContainText('model.txt');
    await page.screenshot({ path: 'playwright/output/screens/step-run-alone.png' });
    // An input with nothing to give it is said with what to do here, and "Run with…" gives it a file for one run.
    await editor.editStep('score');
    const score = page.getByTestId('step-run');
    await score.getByRole('button', { name: '▶ Run this step' }).click();
    await expect(editor.toast()).toContainText('step "score": input "model" has no default (give it one under Inputs in the step’s panel, or for one run: Run with… → score.model)');
    await score.getByRole('button', { name: 'Run with…' }).click();
    await page.getByLabel(/score\.model/).fill('.pipewright/executions/1.1/outputs/model.txt');
    await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
    await expect(score.getByTestId('step-run-status')).toHaveText('run 2 · succeeded');
    await expect(score.getByTestId('node-log')).toHaveText('epochs=3\n');
    // Several values for a one-value parameter: one execution each, a sweep, as vh exec run makes a task.
    await editor.editStep('train');
    const train = page.getByTestId('step-run');
    await train.getByRole('button', { name: 'Run with…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^epochs/).fill('5');
    await dialog.getByRole('button', { name: '+ value' }).click();
    await dialog.getByLabel('epochs, value 2').fill('7');
    await dialog.getByRole('button', { name: '▶ Run' }).click();
    await expect(train.getByTestId('step-run-status')).toHaveText('run 3 · succeeded');
    await expect(train.locator('table.children tbody tr')).toHaveCount(2);
    await expect(train.locator('table.children')).toContainText('5');
    await expect(train.locator('table.children')).toContainText('7');
  });

  test('a top-level task runs alone from its panel: its children side by side, as pipewright run --task runs it', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByTestId('palette-epoch sweep').getByRole('button', { name: 'Open task epoch sweep' }).click();
    const panel = page.getByTestId('task-panel');
    await expect(panel.getByTestId('task-executions')).toHaveText('3 executions');
    await expect(panel.getByLabel('epochs varies')).toHaveValue('multiple');
    await expect(panel.getByLabel('epochs items')).toHaveValue('1, 2, 4');
    // The sweep is edited here: a linear range from the step's default (3), its end moved to 6.
    await panel.getByLabel('epochs varies').selectOption('linear');
    await expect(panel.getByTestId('task-executions')).toHaveText('3 executions');
    await editor.enter(panel.getByLabel('epochs end'), '6');
    await expect(panel.getByTestId('task-executions')).toHaveText('4 executions');
    // A value that is not a number is refused where it was typed, and the file keeps its range.
    await editor.enter(panel.getByLabel('epochs step'), 'one');
    await expect(panel.getByTestId('variant-epochs-error')).toHaveText('epochs: step is a number');
    await expect(panel.getByLabel('epochs step')).toHaveValue('one');
    await editor.enter(panel.getByLabel('epochs step'), '-1');
    await expect(panel.getByTestId('variant-epochs-error')).toHaveText('epochs: the step goes from start toward end (not 0, and negative to count down)');
    await editor.enter(panel.getByLabel('epochs step'), '1');
    await expect(panel.getByTestId('variant-epochs-error')).toHaveCount(0);
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('parameters: [{name: epochs, style: linear, rules: {start: 3, end: 6, step: 1}}]');
    const section = panel.getByTestId('task-run');
    await section.getByRole('button', { name: '▶ Run this task' }).click();
    await expect(section.getByTestId('task-run-status')).toHaveText('run 1 · succeeded');
    await expect(section.locator('table.children tbody tr')).toHaveCount(4);
    await expect(section.locator('table.children')).toContainText('6');
    // "Run with…" gives every child one value, as --param does.
    await section.getByRole('button', { name: 'Run with…' }).click();
    await page.getByRole('dialog').getByLabel(/^epochs/).fill('9');
    await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
    await expect(section.getByTestId('task-run-status')).toHaveText('run 2 · succeeded');
    // One value for every child leaves one child to run.
    expect(readFileSync(join(served.dir, '.pipewright/executions/2.1/outputs/model.txt'), 'utf8')).toBe('epochs=9\n');
    await page.screenshot({ path: 'playwright/output/screens/task-run-alone.png' });
    // A Bayesian search asks what it optimises.
    await panel.getByLabel('Type').selectOption('bayesian_tpe');
    await editor.enter(panel.getByLabel('Target metric'), 'loss');
    await panel.getByLabel('Engine').selectOption('hyperopt');
    await panel.getByLabel('When a child fails').selectOption('continue-and-complete');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/type: bayesian_tpe[\s\S]*optimization-target-metric: loss/);
    const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
    expect(saved).toContain('engine: hyperopt');
    expect(saved).toContain('on-child-error: continue-and-complete');
    // When it stops starting children (checked as typed), reuse of earlier children, what it is for.
    await editor.enter(panel.getByLabel('Stop starting children once'), 'loss <');
    await expect(panel.getByRole('alert')).toBeVisible();
    await editor.enter(panel.getByLabel('Stop starting children once'), 'loss < 0.05');
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await panel.getByLabel(/Reuse children of earlier runs/).check();
    await editor.enter(panel.getByLabel('Description'), 'how many epochs are enough');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/stop-condition: loss < 0.05\n\s+reuse-children: true\n\s+description: how many epochs are enough\n/);
    // A random draw for an integer parameter gives whole numbers from the start; a seed makes it the same each time.
    await panel.getByLabel('epochs varies').selectOption('random');
    await expect(panel.getByLabel('epochs whole numbers')).toBeChecked();
    await expect(panel.getByLabel('epochs distribution')).toHaveValue('uniform');
    await editor.enter(panel.getByLabel('epochs seed'), '7');
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('{name: epochs, style: random, rules: {min: 0, max: 6, count: 5, integerify: true, seed: 7}}');
 
    // Whole sets of values instead: one execution per set, typed as the step declares them.
    await panel.getByRole('button', { name: 'Give whole sets of values instead (one execution per set)' }).click();
    const sets = panel.getByTestId('parameter-sets');
    await expect(sets.getByLabel('set 1 epochs')).toHaveValue('3');
    await expect(panel.getByTestId('task-executions')).toHaveText('1 execution');
    await sets.getByRole('button', { name: '+ set' }).click();
    await editor.enter(sets.getByLabel('set 2 epochs'), 'many');
    await expect(sets.getByTestId('parameter-sets-error')).toContainText('set 2: ');
    await editor.enter(sets.getByLabel('set 2 epochs'), '8');
    await expect(panel.getByTestId('task-executions')).toHaveText('2 executions');
    await page.screenshot({ path: 'playwright/output/screens/parameter-sets.png' });
    await page.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/parameter-sets:\n\s+- epochs: 3\n\s+- epochs: 8\n/);
    await expect(panel.getByLabel('Type')).toHaveValue('manual_search'); // the type Valohai reads sets in
    await expect(page.getByRole('region', { name: 'Problems' })).not.toContainText('parameter sets');
    // The last set removed: the task varies its parameters again.
    await sets.getByRole('button', { name: 'Remove set 2' }).click();
    await sets.getByRole('button', { name: 'Remove set 1' }).click();
    await expect(panel.getByLabel('epochs varies')).toHaveValue('random');
  });

  test('a step that fails on what the image had and this machine lacks says so under its error, as the CLI does', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.editStep('tool');
    const section = page.getByTestId('step-run');
    await section.getByRole('button', { name: '▶ Run this step' }).click();
    await expect(section.getByTestId('step-run-status')).toHaveText('run 1 · failed');
    await expect(section.getByTestId('node-hints')).toHaveText('hint: "nosuch-tool-xyz" is not a command on this machine: a run here runs the step\'s commands on this machine, not in its image; install it here, or run the step in its image: pipewright run --container, or "Run each step in its image" under Run with…');
  });
});

test.describe('a file that shares parameters through a YAML anchor', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: train',
        '    image: python:3.12',
        '    command: python train.py {parameters}',
        '    parameters: &params',
        '      - {name: lr, type: float, default: 0.1}',
        '- step:',
        '    name: tune',
        '    image: python:3.12',
        '    command: python train.py {parameters}',
        '    parameters: *params',
        '',
      ].join('\n'),
    },
  });

  test("a parameter added to one step's panel is that step's alone, and the editor says it copied the shared list", async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.editStep('tune');
    await editor.addStepParameter('epochs', 'integer');
    await expect(editor.param('epochs')).toBeVisible();
    await expect(editor.toast()).toContainText('the YAML alias *params (line 11) was made a copy of what &params holds, so the edit changes this place alone');
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
    expect(saved).toContain('    parameters: &params\n      - {name: lr, type: float, default: 0.1}\n- step:\n    name: tune');
    // Its own copy, as the shared list was written, then the new parameter in the same style.
    expect(saved).toMatch(/name: tune\n(.*\n){2} {4}parameters:\n {6}- \{name: lr, type: float, default: 0\.1\}\n {6}- \{name: epochs, type: integer\}\n$/);
  });
});
