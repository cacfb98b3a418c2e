import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';

// `npm start`'s browser mode (start.ts --browser) on the bundled example project; read-only here.
test('npm start serves the example project: every node of its pipeline on the canvas, no problems', async ({ page }) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'train-and-ship' })).toHaveAttribute('aria-selected', 'true');
  for (const name of ['preprocess', 'sweep', 'evaluate', 'publish']) await expect(page.getByTestId(`node-${name}`)).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await expect(page.getByTestId('node-publish').locator('.badge-approval')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');
});

test('without the token the page says the host refused, and shows no project', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('missing or wrong token');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
});
