import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

/** A port for the endpoint, unlikely to be taken on this machine. */
const PORT = 20_000 + Math.floor(Math.random() * 20_000);

test.use({
  project: {
    'valohai.yaml': [
      '- step:',
      '    name: train',
      '    image: python:3.12',
      '    command: echo "model v7" > $VH_OUTPUTS_DIR/model.txt',
      '- endpoint:',
      '    name: predict',
      '    image: python:3.12',
      '    wsgi: app:application',
      `    port: ${PORT}`,
      '    files: [{name: model, path: model.txt}]',
      '- pipeline:',
      '    name: p',
      '    nodes:',
      '      - {name: train, type: execution, step: train}',
      '      - {name: deploy, type: deployment, deployment: local, endpoints: [predict]}',
      '    edges:',
      '      - [train.output.model.txt, deploy.file.predict.model]',
      '',
    ].join('\n'),
    'app.py': "def application(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [open('model.txt', 'rb').read()]\n",
  },
});

test("a deployment node's endpoint is served from the editor with the model the run trained, and stopped there", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(editor.node('deploy')).toHaveAttribute('data-run-status', 'succeeded', { timeout: 60_000 });
  await editor.select('deploy');
  const endpoint = page.getByTestId('endpoint-predict');
  await endpoint.getByRole('button', { name: '▶ Serve' }).click();
  const url = `http://127.0.0.1:${PORT}/`;
  await expect(endpoint.getByRole('link', { name: url })).toBeVisible();
  expect(await (await fetch(url)).text()).toBe('model v7\n');
  await page.screenshot({ path: 'playwright/output/screens/endpoint.png' });
  await endpoint.getByRole('button', { name: '■ Stop' }).click();
  await expect(endpoint.getByRole('button', { name: '▶ Serve' })).toBeVisible();
  await expect.poll(async () => fetch(url).then(() => 'answers', () => 'stopped')).toBe('stopped');
});

test('an endpoint of valohai.yaml is served from the palette, from the project folder as it is, saying which file a deployment would place is missing', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  const endpoint = page.getByTestId('palette-endpoint-predict');
  await expect(endpoint).toContainText('wsgi app:application');
  await endpoint.getByRole('button', { name: 'Serve predict' }).click();
  const url = `http://127.0.0.1:${PORT}/`;
  await expect(endpoint.getByRole('link', { name: url })).toBeVisible();
  await expect(page.getByText('predict: its files model (model.txt) are not in the project folder: a deployment places them')).toBeVisible();
  // The project's own file, once it is there, is what the server reads: no run, no copy.
  writeFileSync(join(served.dir, 'model.txt'), 'model of my own\n');
  expect(await (await fetch(url)).text()).toBe('model of my own\n');
  await endpoint.getByRole('button', { name: 'Stop serving predict' }).click();
  await expect(endpoint.getByRole('button', { name: 'Serve predict' })).toBeVisible();
  await expect.poll(async () => fetch(url).then(() => 'answers', () => 'stopped')).toBe('stopped');
});

test("an endpoint's panel edits how it serves and its files, and serves it: the palette shows the same server", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'Open endpoint predict' }).click();
  const panel = page.getByTestId('endpoint-panel');
  await expect(panel.getByRole('heading', { name: 'Endpoint predict' })).toBeVisible();
  // A server-command in place of the wsgi callable (Python's own file server, on the port given).
  await panel.getByLabel('How it serves').selectOption('server-command');
  await editor.enter(panel.locator('#endpoint-server'), 'python3 -m http.server $PORT --bind 127.0.0.1');
  await panel.getByLabel('New file name').fill('labels');
  await panel.getByLabel('New file path').fill('labels.txt');
  await panel.getByRole('button', { name: 'Add' }).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const yaml = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(yaml).toContain('    server-command: python3 -m http.server $PORT --bind 127.0.0.1\n');
  expect(yaml).not.toContain('wsgi:');
  expect(yaml).toContain('    files: [{name: model, path: model.txt}, {name: labels, path: labels.txt}]\n');

  writeFileSync(join(served.dir, 'hello.txt'), 'served from the project\n');
  await panel.getByRole('button', { name: '▶ Serve' }).click();
  const url = `http://127.0.0.1:${PORT}/`;
  await expect(panel.getByRole('link', { name: url })).toBeVisible();
  await expect(page.getByTestId('palette-endpoint-predict').getByRole('link', { name: url })).toBeVisible();
  expect(await (await fetch(`${url}hello.txt`)).text()).toBe('served from the project\n');
  await page.getByTestId('palette-endpoint-predict').getByRole('button', { name: 'Stop serving predict' }).click();
  await expect(panel.getByRole('button', { name: '▶ Serve' })).toBeVisible();

  // Served with an edit not saved: said, as what is served is the file as saved.
  await editor.enter(panel.locator('#endpoint-server'), 'python3 -m http.server $PORT --bind 127.0.0.1 --directory .');
  await panel.getByRole('button', { name: '▶ Serve' }).click();
  await expect(editor.toast().filter({ hasText: 'your unsaved edits' })).toContainText('predict: served as valohai.yaml is saved: your unsaved edits are not in it');
  await page.getByTestId('palette-endpoint-predict').getByRole('button', { name: 'Stop serving predict' }).click();
});

test('a new endpoint is made from the palette and opens in its panel', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: '+ New endpoint' }).click();
  const panel = page.getByTestId('endpoint-panel');
  await expect(panel.getByRole('heading', { name: 'Endpoint endpoint' })).toBeVisible();
  await expect(page.getByTestId('palette-endpoint-endpoint')).toContainText('python3 serve.py');
  await editor.enter(panel.getByLabel('Port'), '8123');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  expect(readFileSync(join(served.dir, 'valohai.yaml'), 'utf8')).toContain('- endpoint:\n    name: endpoint\n    image: python:3.12-slim\n    server-command: python3 serve.py\n    port: 8123\n');
});

test("an endpoint renamed in its panel is renamed where the pipeline deploys it and delivers its file", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await page.getByRole('button', { name: 'Open endpoint predict' }).click();
  const panel = page.getByTestId('endpoint-panel');
  // Served under its old name: the rename stops that server, which nothing would show after it.
  await panel.getByRole('button', { name: '▶ Serve' }).click();
  const url = `http://127.0.0.1:${PORT}/`;
  await expect(panel.getByRole('link', { name: url })).toBeVisible();
  // Not a name Valohai takes (it is part of the URL): said, and the field goes back.
  await editor.enter(panel.getByLabel('Name', { exact: true }), 'Predict_2');
  await expect(page.getByText(/is not a name Valohai takes for an endpoint/)).toBeVisible();
  await expect(panel.getByLabel('Name', { exact: true })).toHaveValue('predict');
  await editor.enter(panel.getByLabel('Name', { exact: true }), 'classifier');
  await expect(panel.getByRole('heading', { name: 'Endpoint classifier' })).toBeVisible();
  await expect(page.getByTestId('palette-endpoint-classifier')).toBeVisible();
  await expect(panel.getByRole('button', { name: '▶ Serve' })).toBeVisible();
  await expect.poll(async () => fetch(url).then(() => 'answers', () => 'stopped')).toBe('stopped');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty')).toHaveCount(0);
  const yaml = readFileSync(join(served.dir, 'valohai.yaml'), 'utf8');
  expect(yaml).toContain('    name: classifier\n');
  expect(yaml).toContain('endpoints: [classifier]}\n');
  expect(yaml).toContain('      - [train.output.model.txt, deploy.file.classifier.model]\n');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');
});
