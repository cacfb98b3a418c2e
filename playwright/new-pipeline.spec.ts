import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

const STEPS_ONLY = `# Two steps, no pipeline yet.
- step:
    name: make
    image: python:3.12
    command: echo made > $VH_OUTPUTS_DIR/data.txt
- step:
    name: use
    image: python:3.12
    command: cat $VH_INPUTS_DIR/data/data.txt
    inputs:
      - name: data
`;

test.describe('a file with steps only', () => {
  test.use({ project: { 'valohai.yaml': STEPS_ONLY } });

  test('a file with steps only gets its first pipeline from the canvas: added, filled from the palette, renamed, saved and run', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await expect(page.getByTestId('empty-canvas')).toContainText('This file has no pipeline yet');
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New pipeline' }).click();
    await expect(page.getByRole('tab', { name: 'pipeline' })).toHaveAttribute('aria-selected', 'true');

    await editor.dragFromPalette('make', { x: 200, y: 250 });
    await editor.dragFromPalette('use', { x: 600, y: 250 });
    await expect(editor.node('make')).toBeVisible();
    await expect(editor.node('use')).toBeVisible();
    await editor.connect(editor.handle('make', 'output:*'), editor.handle('use', 'input:data'));
    await expect(editor.edges()).toHaveCount(1);

    await page.keyboard.press('Escape');
    await page.getByTestId('pipeline-name').fill('daily');
    await page.getByTestId('pipeline-name').press('Enter');
    await expect(page.getByRole('tab', { name: 'daily' })).toHaveAttribute('aria-selected', 'true');
    await expect(editor.node('use')).toBeVisible(); // the nodes (and their places) moved with the name

    // A second one from the tab bar gets a free name; removing it leaves the first as it was.
    await page.getByRole('button', { name: 'New pipeline', exact: true }).click();
    await expect(page.getByRole('tab', { name: 'pipeline' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'remove this pipeline' }).click();
    await expect(page.getByRole('tab')).toHaveText(['daily']);

    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
    expect(saved.startsWith(STEPS_ONLY)).toBe(true);
    expect(saved).toContain('- pipeline:\n    name: daily\n');
    expect(saved).toMatch(/edges:\n\s+- \[make\.output\.\*, use\.input\.data\]/);
    await expect(page.getByTestId('problem')).toHaveCount(0);

    // What was drawn runs: the file reaches the runner as saved.
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded', {
      timeout: 30_000,
    });
    await editor.select('use');
    await expect(page.getByTestId('node-log')).toContainText('made');
  });
});

test.describe('a folder of code without valohai.yaml', () => {
  test.use({ project: { 'train.py': 'print("trained")\n' } });

  test('starts a valohai.yaml from the canvas: its first step, its first pipeline, written on save', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await expect(page.getByTestId('empty-canvas')).toContainText('This valohai.yaml has no steps yet');
    // A new project is not a faulty one: no error for its empty file, and the next step said.
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect(problems).toContainText('Nothing in valohai.yaml yet: + New step starts it');
    await expect(page.getByTestId('problem')).toHaveCount(0);
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('Nothing to inspect yet: start with + New step');
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New step' }).click();
    // The form starts from the project's own script.
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('train');
    await expect(page.getByLabel('Command')).toHaveValue('python3 train.py {parameters}');
    await page.getByLabel('Name', { exact: true }).fill('train');
    await page.getByLabel('Command').fill('python3 train.py');
    await page.getByRole('button', { name: 'Create step' }).click();
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New pipeline' }).click();
    // An empty pipeline says how to fill it; Enter on a palette entry puts the first node where the canvas shows it.
    await expect(page.getByTestId('empty-pipeline')).toContainText('drag a step from the palette onto the canvas');
    await page.getByTestId('palette-train').press('Enter');
    await expect(editor.node('train')).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('empty-pipeline')).toHaveCount(0);
    expect(existsSync(join(served.dir, 'valohai.yaml'))).toBe(false);
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(
      [
        '- step:',
        '    name: train',
        '    image: python:3.12-slim',
        '    command: python3 train.py',
        '- pipeline:',
        '    name: pipeline',
        '    nodes:',
        '      - name: train',
        '        type: execution',
        '        step: train',
        '    edges: []',
        '',
      ].join('\n'),
    );
    await expect(page.getByTestId('problem')).toHaveCount(0);
  });
});

test.describe('a folder whose script is written after the editor opened', () => {
  test.use({ project: { 'README.md': '# notes\n' } });

  test('the new-step form starts from the script as the folder has it now', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    writeFileSync(join(served.dir, 'prepare.py'), 'print("prepared")\n');
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New step' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('prepare');
    await expect(page.getByLabel('Command')).toHaveValue('python3 prepare.py {parameters}');
  });
});

const FIT = `import argparse, json
parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10, help="passes over the data")
parser.add_argument("--learning-rate", type=float, default=0.01)
parser.add_argument("--verbose", action="store_true")
parser.add_argument("--sizes", nargs="+", type=int)
print(json.dumps(vars(parser.parse_args()), sort_keys=True))
`;

const CLEAN = `import argparse, os
parser = argparse.ArgumentParser()
parser.add_argument("--threshold", type=float, default=0.5)
args = parser.parse_args()
level = os.getenv("CLEAN_LEVEL", "2")
`;

test.describe('a folder whose script declares its options (argparse)', () => {
  test.use({ project: { 'fit.py': FIT, 'src/clean.py': CLEAN, 'src/__init__.py': '' } });

  test("the new-step form lists the project's scripts, those in its folders too, and reads the one picked", async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New step' }).click();
    const script = page.getByLabel('Script');
    await expect(script.locator('option')).toHaveText(['(the command below)', 'fit.py', 'src/clean.py']);
    await expect(script).toHaveValue('fit.py');
    await script.selectOption('src/clean.py');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('clean');
    await expect(page.getByLabel('Command')).toHaveValue('python3 src/clean.py {parameters}');
    const offered = page.getByTestId('script-outline');
    await expect(offered.locator('legend')).toHaveText('What src/clean.py takes');
    // Its options, and the environment variables it reads.
    await expect(offered.locator('li label')).toHaveText(['threshold float = 0.5', 'CLEAN_LEVEL = "2"']);
    // A command typed by hand that runs a listed script still shows it and what it takes.
    await page.getByLabel('Command').fill('python3 -u ./fit.py --epochs 3');
    await expect(script).toHaveValue('fit.py');
    await expect(offered.locator('legend')).toHaveText('What fit.py takes');
    await script.selectOption('src/clean.py');
    await page.getByRole('button', { name: 'Create step' }).click();
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain(
      '- step:\n    name: clean\n    image: python:3.12-slim\n    command: python3 src/clean.py {parameters}\n    parameters:\n      - name: threshold\n        type: float\n        default: 0.5\n    environment-variables:\n      - name: CLEAN_LEVEL\n        default: "2"\n',
    );
  });

  test('the new step takes them as its parameters: offered, one left out by the user, written, and run as the script reads them', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New step' }).click();
    const offered = page.getByTestId('script-outline');
    await expect(offered.locator('legend')).toHaveText('What fit.py takes');
    await expect(offered.locator('li label')).toHaveText(['epochs integer = 10', 'learning-rate float = 0.01', 'verbose flag = false']);
    // What has no Valohai form is said, not dropped silently.
    await offered.getByText('Left out (1)').click();
    await expect(offered).toContainText('line 6: --sizes is left out: it takes several values after one flag (nargs)');
    await offered.getByRole('checkbox', { name: /verbose/ }).uncheck();
    await page.screenshot({ path: 'playwright/output/screens/new-step-from-script.png' });
    await page.getByRole('button', { name: 'Create step' }).click();
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
    expect(saved).toContain('    command: python3 fit.py {parameters}\n    parameters:\n');
    expect(saved).toMatch(/- name: epochs\n\s+type: integer\n\s+default: 10\n\s+description: passes over the data\n/);
    expect(saved).toMatch(/- name: learning-rate\n\s+type: float\n\s+default: 0.01\n/);
    expect(saved).not.toContain('verbose');
    await expect(page.getByTestId('problem')).toHaveCount(0);
    // Run alone, the script's argparse reads each value as it meant it.
    const alone = page.getByTestId('step-run');
    await alone.getByRole('button', { name: '▶ Run this step' }).click();
    await expect(alone.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
    await expect(alone.getByTestId('node-log')).toContainText('{"epochs": 10, "learning_rate": 0.01, "sizes": null, "verbose": false}');
    await expect(page.getByTestId('script-additions')).toContainText('fit.py also takes verbose (flag = false), which this step does not pass.');

    // The script gains an option while the editor is open: back in the window, the step's panel offers it.
    writeFileSync(join(served.dir, 'fit.py'), FIT.replace('parser.add_argument("--verbose"', 'parser.add_argument("--dropout", type=float, default=0.2)\nparser.add_argument("--verbose"'));
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const additions = page.getByTestId('script-additions');
    await expect(additions).toContainText('fit.py also takes dropout (float = 0.2), verbose (flag = false), which this step does not pass.');
    await additions.getByRole('button', { name: 'Add these 2 to the step' }).click();
    await expect(additions).toHaveCount(0);
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toMatch(/- name: dropout\n\s+type: float\n\s+default: 0.2\n\s+- name: verbose\n\s+type: flag\n\s+default: false\n/);
  });
});

const TOOL = `import argparse
p = argparse.ArgumentParser()
sub = p.add_subparsers(dest="cmd", required=True)
t = sub.add_parser("train")
t.add_argument("--lr", type=float, default=0.1)
e = sub.add_parser("evaluate")
e.add_argument("--threshold", type=float, default=0.5)
p.parse_args()
`;

test.describe('a folder whose script has several commands (argparse subparsers)', () => {
  test.use({ project: { 'tool.py': TOOL } });

  test('the new-step form offers its commands, and the options of the one picked', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByTestId('empty-canvas').getByRole('button', { name: '+ New step' }).click();
    const offered = page.getByTestId('script-outline');
    await expect(offered).toContainText('it has commands (train, evaluate)');
    const command = page.getByLabel("tool.py's command");
    await expect(command.locator('option')).toHaveText(['(pick the one this step runs)', 'train', 'evaluate']);
    await command.selectOption('evaluate');
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('evaluate');
    await expect(page.getByLabel('Command', { exact: true })).toHaveValue('python3 tool.py evaluate {parameters}');
    await expect(offered.locator('li label')).toHaveText(['threshold float = 0.5']);
    await page.getByRole('button', { name: 'Create step' }).click();
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('dirty')).toHaveCount(0);
    expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('    command: python3 tool.py evaluate {parameters}\n    parameters:\n      - name: threshold\n');
  });
});
