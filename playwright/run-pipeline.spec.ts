import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { ROOT, expect, test } from './support/served.ts';

test('runs the example pipeline from the editor: nodes light up, publish waits for Approve, outputs and metadata are shown', async ({ page, served }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('running');

  // Real processes run: preprocess, the three-child sweep, evaluate; publish then waits.
  await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'awaiting-approval', { timeout: 90_000 });
  for (const name of ['preprocess', 'sweep', 'evaluate']) await expect(editor.node(name)).toHaveAttribute('data-run-status', 'succeeded');
  // The minimap shows the same at a glance: three done (green), one waiting (amber).
  const minimap = page.locator('.react-flow__minimap');
  await expect(minimap.locator('.react-flow__minimap-node.run-succeeded')).toHaveCount(3);
  await expect(minimap.locator('.react-flow__minimap-node.run-awaiting-approval')).toHaveCount(1);
  await expect(minimap.locator('.react-flow__minimap-node.run-awaiting-approval')).toHaveCSS('fill', 'rgb(224, 165, 38)');

  // The sweep's children side by side: the varied learning rate, each child's accuracy, and
  // the one the edge into evaluate picks (max accuracy) marked.
  await editor.select('sweep');
  const children = page.getByTestId('children-table');
  await expect(children.locator('tbody tr')).toHaveCount(3);
  await expect(children.locator('thead')).toContainText('learning_rate');
  await expect(children.locator('thead')).toContainText('accuracy');
  await expect(children.locator('tr.best')).toHaveCount(1);
  await expect(children.locator('caption')).toContainText('passed on: the highest accuracy');
  const accuracies = (await children.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[3]?.textContent)))) as number[];
  expect(Number(await children.locator('tr.best td').nth(3).textContent())).toBe(Math.max(...accuracies));
  // Their metrics over the epochs, one line per child, the picked metric first.
  const metrics = page.getByTestId('metrics-chart');
  await expect(metrics.getByLabel('Metric to chart')).toHaveValue('accuracy');
  await expect(metrics.locator('canvas')).toBeVisible();
  // Each child's line is named by what sets it apart.
  await expect(metrics.locator('.u-legend')).toContainText('#3 learning_rate=0.1');
  await expect(metrics.locator('.u-axis').first()).toBeVisible();
  await metrics.getByLabel('Metric to chart').selectOption('loss');
  await expect(metrics.locator('canvas')).toBeVisible();
  // Its children's log lines interleave, each marked with the execution that printed it.
  await expect(page.getByTestId('node-log')).toContainText(/^\[1\.\d\] /m);

  await editor.select('evaluate');
  const evaluate = page.getByTestId('node-run');
  await expect(evaluate.locator('table.metadata')).toContainText('accuracy');
  await expect(evaluate.locator('.outputs')).toContainText('report.png');
  // What it was given, and from where: the data set from preprocess, the model from the sweep's best child.
  const given = page.getByTestId('node-inputs');
  await given.locator('summary').click();
  await expect(given.locator('li', { hasText: 'dataset/dataset.csv' })).toContainText('← preprocess · dataset.csv');
  await expect(given.locator('li', { hasText: 'model/' })).toContainText('← sweep · model');
  await page.screenshot({ path: 'playwright/output/screens/inputs.png' });
  // An output opens in place: the chart the step drew, as an image the browser decoded.
  await evaluate.getByRole('button', { name: 'report.png' }).click();
  const chart = page.getByTestId('output-preview').getByRole('img', { name: 'report.png' });
  await expect(chart).toBeVisible();
  expect(await chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // A JSON output written on one line is shown indented, or as written on request.
  await evaluate.getByRole('button', { name: 'model.json' }).click();
  const json = page.getByTestId('output-preview').locator('pre');
  await expect(json).toContainText(/^\{\n {2}"w1": -?\d/);
  await page.getByTestId('output-preview').getByRole('button', { name: 'as written' }).click();
  await expect(json).toContainText(/^\{"w1": -?\d[^\n]*"learning_rate": [\d.]+\}$/);
  // A CSV output opens as a table (its header, its first rows, numbers aligned right), or as text on request.
  await editor.select('preprocess');
  await page.getByTestId('node-run').getByRole('button', { name: 'dataset.csv', exact: true }).click();
  const table = page.getByTestId('csv-table');
  await expect(table.locator('th')).toHaveText(['x1', 'x2', 'label']);
  await expect(table.locator('.csv-said')).toHaveText('the first 500 of 2,000 rows × 3 columns');
  await expect(table.locator('tbody tr')).toHaveCount(500);
  expect(await table.locator('tbody tr').first().locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign))).toEqual(['right', 'right', 'right']);
  await page.screenshot({ path: 'playwright/output/screens/csv-output.png' });
  await page.getByTestId('output-preview').getByRole('button', { name: 'as text' }).click();
  await expect(page.getByTestId('output-preview').locator('pre')).toContainText('x1,x2,label\n');
  await expect(table).toHaveCount(0);

  // A step run alone from its panel meanwhile is shown there, and leaves the waiting run where it is.
  await editor.editStep('preprocess');
  const alone = page.getByTestId('step-run');
  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(alone.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
  await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'awaiting-approval');
  await expect(page.getByTestId('awaiting-publish')).toBeVisible();

  // The run bar says who waits, and so does the tab's title (seen from another tab); its button brings the node to decide on.
  await expect(page).toHaveTitle(/^⏸ publish awaits approval · pipewright-e2e-\w+ · valohai\.yaml — Pipewright$/);
  await page.getByTestId('awaiting-publish').click();
  await expect(page.getByTestId('node-name')).toHaveValue('publish');
  await expect(editor.node('publish').locator('.run-chip')).toHaveText('awaiting approval');
  await page.getByLabel('Approval comment').fill('looks good');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toContainText('succeeded');
  await expect(page.getByTestId('awaiting-publish')).toHaveCount(0);
  await expect(page).toHaveTitle(/^pipewright-e2e-\w+ · valohai\.yaml — Pipewright$/);
  await expect(minimap.locator('.react-flow__minimap-node.run-succeeded')).toHaveCount(4);
  await expect(page.getByTestId('node-log')).not.toBeEmpty();
  // Its release, with the name its metadata file gave it for later runs (the metadata file is no output).
  const outputs = page.getByTestId('node-run').locator('.outputs');
  await expect(outputs).toContainText('release.json');
  await expect(outputs.locator('.output-names')).toHaveText(' datum://churn-release');
  await expect(outputs).not.toContainText('metadata.json');
  await page.screenshot({ path: 'playwright/output/screens/run.png' });

  // An output edge's glob, while it is written, says what it takes from the run shown.
  await page.locator('.react-flow__edge[aria-label="sweep.output.model* → evaluate.input.model"] .react-flow__edge-interaction').click({ force: true });
  const edgePanel = page.getByTestId('edge-panel');
  await expect(edgePanel.getByTestId('edge-matches')).toHaveText("In run 1 it matches 3 files from 3 executions: model.json; it passes on the best child's alone (max accuracy)");
  await edgePanel.getByLabel('Source').fill('sweep.output.*.pkl');
  await expect(edgePanel.getByTestId('edge-matches')).toHaveText('In run 1, “*.pkl” matches none of the 3 files sweep wrote (model.json).');
  await edgePanel.getByLabel('Source').fill('sweep.output.model*');

  // "Run with…" now offers that name for an input's files, a click away.
  await page.getByRole('button', { name: 'Run with…' }).click();
  await page.getByRole('group', { name: 'Named data for preprocess.raw' }).getByRole('button', { name: 'datum://churn-release' }).click();
  await expect(page.locator('#run-input-preprocess\\.raw')).toHaveValue('datum://churn-release');
  await page.screenshot({ path: 'playwright/output/screens/run-with-names.png' });
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  // A node's input default that is such a name says what it names now, or that nothing does yet.
  await editor.select('preprocess');
  await page.getByTestId('override-raw').fill('datum://churn-release');
  await page.getByTestId('override-raw').press('Enter');
  await expect(page.getByTestId('named-defaults')).toHaveText('datum://churn-release names release.json of run 1 (publish) now');
  await page.getByTestId('override-raw').fill('datum://churn-relaese');
  await page.getByTestId('override-raw').press('Enter');
  await expect(page.getByTestId('named-defaults')).toHaveText('datum://churn-relaese: no run here has named an output so yet (did you mean datum://churn-release?), so a run would refuse it');
  await page.screenshot({ path: 'playwright/output/screens/named-default.png' });
  // A name made of a parameter's value ({parameter:NAME}, as dynamic pipelines write it) is shown filled.
  await page.getByTestId('override-raw').fill('datum://churn-{parameter:noise}');
  await page.getByTestId('override-raw').press('Enter');
  await expect(page.getByTestId('named-defaults')).toHaveText('datum://churn-{parameter:noise} (datum://churn-0.1): no run here has named an output so yet (a step names one in FILE.metadata.json; files of yours take it under Named data in the pipeline panel), so a run would refuse it');
  // With nothing selected, the pipeline's panel lists every name the project's runs gave.
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
  await expect(page.getByTestId('pipeline-panel').getByTestId('named-data')).toContainText('datum://churn-release release.json of run 1 (publish)');
});

test('a run started from the CLI lights up in the open editor, and its approval is given there', async ({ page, served }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const run = spawn(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'run', served.dir, '--pipeline', 'train-and-ship', '--json'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => run.once('exit', done));
  await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'awaiting-approval', { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toContainText('running');
  await editor.select('publish');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  expect(await exited).toBe(0);
  await expect(editor.node('publish')).toHaveAttribute('data-run-status', 'succeeded');
  // The log of a run this window did not start comes from the files.
  await editor.select('preprocess');
  await expect(page.getByTestId('node-log')).toContainText('wrote 2000 rows');
});

test('"Run with…" runs once with another pipeline parameter value and leaves the file as it is', async ({ page, served }) => {
  test.setTimeout(120_000);
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const before = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  // As any dialog: it opens in its first field, Esc closes it, a click beside it too; nothing runs.
  const dialog = page.getByRole('dialog', { name: 'Run train-and-ship with' });
  await page.getByRole('button', { name: 'Run with…' }).click();
  await expect(page.getByLabel(/^rows/)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'Run with…' }).click();
  await page.mouse.click(5, 400);
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveCount(0);
  await page.getByRole('button', { name: 'Run with…' }).click();
  await page.getByLabel(/^rows/).fill('500');
  await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
  await expect(editor.node('preprocess')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 60_000 });
  await editor.select('preprocess');
  await expect(page.getByTestId('node-run').locator('table.metadata')).toContainText('500');
  await page.getByTestId('run-bar').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('run-status')).toContainText('cancelled', { timeout: 30_000 });
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(before);
});

test.describe('earlier runs', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: check',
        '    image: busybox',
        '    command: if [ -f broken ]; then echo "it broke" >&2; exit 3; fi; echo "all fine"',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: check, type: execution, step: check}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('"Run with…" can reuse the results of unchanged nodes', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    // Results are keyed for reuse by runs that ask for it: the first one runs, the second reuses.
    for (const runId of ['1', '2']) {
      await page.getByRole('button', { name: 'Run with…' }).click();
      await page.getByLabel(/Reuse the results of unchanged nodes/).check();
      await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
      await expect(page.getByTestId('run-status')).toContainText(`run ${runId} · succeeded`);
    }
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'reused');
    // Without the choice, the next run runs it again.
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 3 · succeeded');
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'succeeded');
  });

  test('a failed run is resumed from the editor once its cause is fixed, as the same run', async ({ page, served }) => {
    const editor = new EditorPage(page);
    writeFileSync(join(served.dir, 'broken'), '');
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 1 · failed');
    rmSync(join(served.dir, 'broken'));
    await page.getByRole('button', { name: '↻ Resume' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 1 · succeeded');
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'succeeded');
    await expect(page.getByRole('button', { name: '↻ Resume' })).toHaveCount(0);
    // Both attempts' lines, each marked with its execution.
    await editor.select('check');
    await expect(page.getByTestId('node-log')).toContainText('[1.1] it broke');
    await expect(page.getByTestId('node-log')).toContainText('[1.2] all fine');
  });

  test('the run picker shows an earlier run as it was: its state and its log', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'succeeded');
    writeFileSync(join(served.dir, 'broken'), '');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 2 · failed');
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'failed');

    const picker = page.getByLabel('Run shown');
    await picker.selectOption('1');
    await expect(page.getByTestId('run-status')).toContainText('run 1 · succeeded');
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'succeeded');
    await editor.select('check');
    await expect(page.getByTestId('node-log')).toHaveText('all fine\n');
    await picker.selectOption('2');
    await expect(editor.node('check')).toHaveAttribute('data-run-status', 'failed');
    await expect(page.getByTestId('node-log')).toHaveText('it broke\n');
  });
});

test.describe('an input without a default', () => {
  test.use({
    project: {
      'valohai.yaml': ['- step:', '    name: count', '    image: busybox', '    command: cat $VH_INPUTS_DIR/data/*', '    inputs: [{name: data}]', '- pipeline:', '    name: p', '    nodes: [{name: c, type: execution, step: count}]', '    edges: []', ''].join('\n'),
      'rows.txt': 'first row\n',
    },
  });

  test('"Run with…" gives it a file for one run, leaving valohai.yaml as it is', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    const before = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
    await page.getByRole('button', { name: '▶ Run' }).click();
    // Said once, naming what to click here rather than the command line's flag.
    await expect(editor.toast()).toContainText('The run cannot start:\n  node "c": input "data" has no default and no edge feeding it (connect an output to it, give it one under Inputs in node c’s panel or its step’s, or for one run: Run with… → c.data)');
    await expect(editor.toast()).not.toContainText('--node-input');
    // Refused before it started: no run, and not "failed".
    await expect(page.getByTestId('run-status')).toHaveText('not started');
    await page.getByRole('button', { name: 'Run with…' }).click();
    await page.getByLabel(/c\.data/).fill('rows.txt');
    await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded');
    await editor.select('c');
    await expect(page.getByTestId('node-log')).toContainText('first row');
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(before);
  });
});

test.describe('runs to compare', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: fit',
        '    image: busybox',
        // printf, so that no "{" comes before the placeholder (Valohai would read "{...{parameter-value:lr}" as one).
        String.raw`    command: "printf '{\"score\": %s}\\n' {parameter-value:lr}"`,
        '    parameters: [{name: lr, type: float, default: 0.1}]',
        '- pipeline:',
        '    name: p',
        '    parameters: [{name: lr, targets: [fit.parameter.lr], default: 0.1}]',
        '    nodes: [{name: fit, type: execution, step: fit}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test("a node's executions across runs, side by side: which value did best", async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    for (const [runId, lr] of [['1', '0.1'], ['2', '0.7'], ['3', '0.3']] as const) {
      await page.getByRole('button', { name: 'Run with…' }).click();
      await page.getByLabel(/^lr/).fill(lr);
      await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
      await expect(page.getByTestId('run-status')).toContainText(`run ${runId} · succeeded`);
    }
    await editor.select('fit');
    await page.getByText('Across runs').click();
    const history = page.getByTestId('node-history');
    await expect(history.locator('tbody tr')).toHaveCount(3);
    await expect(history.locator('thead')).toContainText('lr');
    await history.getByRole('button', { name: 'score' }).click(); // highest first
    await expect(history.locator('tbody tr').first()).toContainText('2');
    expect(await history.locator('tbody tr td:first-child').allTextContents()).toEqual(['2', '3', '1']);
  });
});

test.describe('a pipeline parameter that takes a list', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: pick',
        '    image: busybox',
        '    command: echo {parameters}',
        '    parameters: [{name: ids, type: integer, multiple: separate, default: [1]}]',
        '- pipeline:',
        '    name: p',
        '    parameters: [{name: ids, targets: [pick.parameter.ids], default: [1, 2]}]',
        '    nodes: [{name: pick, type: execution, step: pick}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('"Run with…" takes its values separated by commas, as the list they are', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: 'Run with…' }).click();
    await expect(page.getByLabel(/^ids/)).toHaveValue('1,2');
    await page.getByLabel(/^ids/).fill('4, 5, 6');
    await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('run 1 · succeeded');
    await editor.select('pick');
    await expect(page.getByTestId('node-log')).toContainText('--ids=4,5,6');
  });
});

test.describe('what a run says it does not do here', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step: {name: make, image: busybox, command: "echo made > $VH_OUTPUTS_DIR/model.bin", mounts: ["/data:/data"]}',
        '- step: {name: use, image: busybox, command: "ls $VH_INPUTS_DIR/data || true", inputs: [{name: data, optional: true}]}',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: make, type: execution, step: make}, {name: use, type: execution, step: use}]',
        '    edges: [[make.output.*.csv, use.input.data]]',
        '',
      ].join('\n'),
    },
  });

  test('its warnings are listed in the run bar, and each node shows its own', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded');
    const listed = page.getByTestId('run-warnings');
    await expect(listed.locator('summary')).toHaveText('⚠ 2 warnings');
    await listed.locator('summary').click();
    await expect(listed.locator('li')).toHaveText([/its mounts \(\/data\) are not made here/, /edge make\.output\.\*\.csv → use\.input\.data matched no files/]);
    await page.screenshot({ path: 'playwright/output/screens/run-warnings.png' });
    await editor.select('use');
    await expect(page.getByTestId('node-warnings')).toContainText('matched no files');
    await editor.select('make');
    await expect(page.getByTestId('node-warnings')).toContainText('mounts');
    // A run picked up from the store (a reload) says them too.
    await page.reload();
    await expect(page.getByTestId('run-warnings').locator('summary')).toHaveText('⚠ 2 warnings');
  });
});

test.describe('a warning said alike of several nodes', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step: {name: a, image: busybox, command: "echo $PW_E2E_NOT_SET"}',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: one, type: execution, step: a}, {name: two, type: execution, step: a}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('is listed once in the run bar, naming the nodes', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded');
    const listed = page.getByTestId('run-warnings');
    await expect(listed.locator('summary')).toHaveText('⚠ 1 warning');
    await listed.locator('summary').click();
    await expect(listed.locator('li')).toHaveText([/^nodes "one", "two": each one's command reads \$PW_E2E_NOT_SET, which nothing here sets/]);
  });
});

test.describe('a sweep under way when the editor opens', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: s',
        '    image: python:3.12',
        '    command: if [ {parameter-value:i} = 3 ]; then sleep 60; fi',
        '    parameters: [{name: i, type: integer, default: 1}]',
        '- task: {name: sweep, step: s, parameters: [{name: i, style: multiple, rules: {items: [1, 2, 3]}}]}',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: t, type: task, task: sweep}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('its card counts its executions, from the stored run this window saw no event of', async ({ page, served }) => {
    const cli = (...args: string[]) => spawn(process.execPath, [join(ROOT, 'electron/cli/main.ts'), ...args], { stdio: 'ignore' });
    const run = cli('run', served.dir, '--pipeline', 'p', '--json');
    const exited = new Promise<number | null>((done) => run.once('exit', done));
    try {
      // Two children done and the third holding, before the editor opens.
      const done = (): number => {
        const shown = spawnSync(process.execPath, [join(ROOT, 'electron/cli/main.ts'), 'show', '1', '--project', served.dir, '--json'], { encoding: 'utf8' });
        const run = shown.status === 0 ? (JSON.parse(shown.stdout) as { nodes: { executions: { status: string }[] }[] }) : undefined;
        return run?.nodes[0]?.executions.filter((e) => e.status === 'succeeded').length ?? 0;
      };
      await expect.poll(done, { timeout: 30_000 }).toBe(2);
      const editor = new EditorPage(page);
      await editor.open(served.url);
      // Read from the stored run, polled once a second: under a loaded machine (three spec files
      // at once on two cores) that took longer than expect's 5 s once.
      await expect(editor.node('t')).toHaveAttribute('data-run-status', 'running', { timeout: 15_000 });
      await expect(page.getByTestId('sweep-t')).toHaveText('3 executions · 1 running · 2 done', { timeout: 15_000 });
    } finally {
      cli('cancel', '1', '--project', served.dir);
      await exited;
    }
  });
});
