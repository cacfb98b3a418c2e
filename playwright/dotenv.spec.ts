import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// A token the step needs, written once in the project's .env (kept out of git), not in valohai.yaml.
test.use({
  project: {
    'valohai.yaml': `- step:
    name: pull
    image: busybox
    command: echo "token=$PW_E2E_TOKEN mode=\${PW_E2E_MODE:-unset}"
    environment-variables:
      - {name: PW_E2E_TOKEN, optional: false}
      - {name: PW_E2E_MODE, optional: true}
- pipeline:
    name: p
    nodes: [{name: pull, type: execution, step: pull}]
    edges: []
`,
    '.env': 'PW_E2E_TOKEN=hf_from_the_file\n',
  },
});

test("a variable the project's .env gives is said so in Run with…, and a run needs nothing typed for it", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'Run with…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('label[for="run-env-PW_E2E_TOKEN"]')).toContainText('given by the project’s .env');
  await expect(dialog.locator('label[for="run-env-PW_E2E_TOKEN"]')).not.toContainText('required');
  await expect(dialog.locator('#run-env-PW_E2E_TOKEN')).toHaveAttribute('placeholder', 'the value in .env');
  await expect(dialog.locator('#run-env-PW_E2E_MODE')).toHaveAttribute('placeholder', 'none');
  await dialog.getByRole('button', { name: '▶ Run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 60_000 });
  await editor.select('pull');
  await expect(page.getByTestId('node-log')).toContainText('token=hf_from_the_file mode=unset');
  // What the run took from the file is said by name, never by value.
  const warnings = page.getByTestId('run-warnings');
  await warnings.locator('summary').click();
  await expect(warnings).toContainText("the project's .env gives PW_E2E_TOKEN to each step");
  await expect(warnings).not.toContainText('hf_from_the_file');
});

test.describe('a variable a command reads that valohai.yaml does not declare', () => {
  // As redshiftsample's step reads the database's host: on Valohai a project variable.
  test.use({
    project: {
      'valohai.yaml': `- step:
    name: query
    image: postgres:16
    command: echo "host=$PW_E2E_DB_HOST home=$HOME"
- pipeline:
    name: p
    nodes: [{name: query, type: execution, step: query}]
    edges: []
`,
    },
  });

  test('is said when the run starts, and Run with… has a field for it (none for one the shell gives)', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: 'Run with…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.locator('label[for="run-env-PW_E2E_DB_HOST"]')).toContainText('a command reads $PW_E2E_DB_HOST; nothing here sets it');
    await expect(dialog.locator('#run-env-HOME')).toHaveCount(0);
    await dialog.locator('#run-env-PW_E2E_DB_HOST').fill('db.local');
    await dialog.getByRole('button', { name: '▶ Run' }).click();
    await expect(page.getByTestId('run-status')).toContainText('succeeded', { timeout: 60_000 });
    await editor.select('query');
    await expect(page.getByTestId('node-log')).toContainText('host=db.local');

    // A plain Run without it: the run says which name nothing set, and the command read it empty.
    await page.getByRole('button', { name: '▶ Run', exact: true }).click();
    const warnings = page.getByTestId('run-warnings');
    await warnings.locator('summary').click();
    await expect(warnings).toContainText('its command reads $PW_E2E_DB_HOST, which nothing here sets');
    await expect(page.getByTestId('node-log')).toContainText('host= home=/');
  });
});
