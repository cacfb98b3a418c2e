import type { Page } from '@playwright/test';
export default async (page: Page) => {
  await page.screenshot({ path: '/tmp/shots/20-empty.png' });
};
