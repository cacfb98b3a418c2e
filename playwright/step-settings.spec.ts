import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

const YAML = `- step:
    name: fine-tune
    image: python:3.12
    command: python3 -c "import os; print('token', os.environ['HF_TOKEN'], 'mode', os.environ.get('WANDB_MODE'))"
    environment-variables:
      - name: HF_TOKEN
        optional: false
`;

test.use({ project: { 'valohai.yaml': YAML } });

test("a step's environment variables and limits are set from its panel: a required variable given a default lets it run, a bad duration is refused at the field", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'Edit step fine-tune' }).click();
  const panel = page.getByTestId('step-panel');
  const token = panel.getByTestId('env-HF_TOKEN');
  await expect(token).toContainText('required: a run needs a value');
  // A token's default would go into the file, and git: said where it is typed.
  await expect(token.getByTestId('env-HF_TOKEN-secret')).toContainText('a default is written into valohai.yaml, and so into git');

  // Without a value the run is refused before it starts, naming the variable.
  const alone = page.getByTestId('step-run');
  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(page.getByText(/environment variable HF_TOKEN is required/).first()).toBeVisible();

  // Given for one run in Run with… (a password field, for a token): it runs, and the file keeps no token.
  await alone.getByRole('button', { name: 'Run with…' }).click();
  const dialog = page.locator('form.modal');
  const once = dialog.getByLabel(/HF_TOKEN/);
  await expect(once).toHaveAttribute('type', 'password');
  await once.fill('hf_once');
  await dialog.getByRole('button', { name: '▶ Run' }).click();
  await expect(alone.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
  await expect(alone.getByTestId('node-log')).toContainText('token hf_once mode None');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toBe(YAML);

  // A default for it, and a second variable added with one.
  await editor.enter(token.getByRole('textbox'), 'hf_local');
  await panel.getByRole('textbox', { name: 'New environment variable name' }).fill('WANDB_MODE');
  await panel.getByRole('button', { name: 'Add environment variable' }).click();
  await editor.enter(panel.getByTestId('env-WANDB_MODE').getByRole('textbox'), 'disabled');

  // Limits: a duration it cannot read stays at the field with why; one it can is written as typed.
  const limit = panel.getByLabel(/Time limit/);
  await editor.enter(limit, 'two hours');
  await expect(page.getByTestId('step-time-limit-error')).toContainText('"two hours" is not a duration');
  await editor.enter(limit, '2h');
  await expect(page.getByTestId('step-time-limit-error')).toHaveCount(0);
  await editor.enter(panel.getByLabel(/Stop condition/), 'loss < 0.05');

  await alone.getByRole('button', { name: '▶ Run this step' }).click();
  await expect(alone.getByTestId('step-run-status')).toContainText('succeeded', { timeout: 60_000 });
  await expect(alone.getByTestId('node-log')).toContainText('token hf_local mode disabled');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const saved = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(saved).toContain('      - name: HF_TOKEN\n        optional: false\n        default: hf_local\n      - name: WANDB_MODE\n        default: disabled\n');
  expect(saved).toContain('    time-limit: 2h\n    stop-condition: loss < 0.05\n');
  // The token's default now in the file is the one problem: said as such.
  await expect(page.getByTestId('problem')).toHaveCount(1);
  await expect(page.getByTestId('problem')).toContainText('environment variable HF_TOKEN has its value in the file, and so in git');
});
