import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';

test('opens the example project and shows its pipeline in execution order', async ({ page }) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'train-and-ship' })).toHaveAttribute('aria-pressed', 'true');
  const levels = page.locator('.level');
  await expect(levels).toHaveCount(4);
  await expect(levels.nth(0)).toHaveText('preprocess');
  await expect(levels.nth(3)).toHaveText('publish');
  await expect(page.getByRole('heading', { name: 'Problems (0)' })).toBeVisible();
  await page.screenshot({ path: 'playwright/output/smoke-example-project.png', fullPage: true });
});

test('without the token the page says the host refused, and shows no project', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('alert')).toContainText('401');
  await expect(page.locator('.level')).toHaveCount(0);
});
