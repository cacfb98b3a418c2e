/**
 * "Run with…" → "Run each step in its image": the run goes through a real Podman or Docker where
 * one can run a container here (test-support/container-image.ts); where no runtime answers, the
 * choice is not offered, and the dialog says why.
 */
import type { Page } from '@playwright/test';
import { containerSetup, TEST_IMAGE } from '../test-support/container-image.ts';
import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

const setup = containerSetup();
const reason = setup.ok ? '' : `skipping the container run of playwright/container.spec.ts: no container runtime can run a container here (${setup.why})`;
if (!setup.ok) console.warn(reason);

const project = {
  'valohai.yaml': [
    '- step:',
    '    name: where',
    `    image: ${TEST_IMAGE}`,
    '    command: echo "working in $PWD, writing to $VH_OUTPUTS_DIR"',
    '- pipeline:',
    '    name: p',
    '    nodes: [{name: where, type: execution, step: where}]',
    '    edges: []',
    '',
  ].join('\n'),
};

async function runInImage(page: Page, runtime: string): Promise<void> {
  await page.getByRole('button', { name: 'Run with…' }).click();
  await expect(page.getByTestId('in-image-runtime')).toContainText(`with ${runtime} `);
  await page.getByLabel(/Run each step in its image/).check();
  await page.getByRole('dialog').getByRole('button', { name: '▶ Run' }).click();
}

test.describe('a step run in its image', () => {
  test.use({ project, hostEnv: setup.ok ? setup.env : {} });

  test('runs with its folders where Valohai has them, and its log says so', async ({ page, served }) => {
    test.skip(!setup.ok, reason);
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await runInImage(page, setup.ok ? setup.kind : '');
    await expect(page.getByTestId('run-status')).toContainText('run 1 · succeeded', { timeout: 60_000 });
    await editor.select('where');
    await expect(page.getByTestId('node-run')).toContainText('working in /valohai/repository, writing to /valohai/outputs');
  });
});

test.describe('a runtime that cannot run containers', () => {
  test.use({ project, hostEnv: { PIPEWRIGHT_CONTAINER_RUNTIME: 'docker', DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });

  test('is not offered, and the dialog says why', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await page.getByRole('button', { name: 'Run with…' }).click();
    await expect(page.getByTestId('in-image-runtime')).toContainText('not here: running steps in their images needs Docker or Podman: docker');
    await expect(page.getByLabel(/Run each step in its image/)).toBeDisabled();
  });
});
