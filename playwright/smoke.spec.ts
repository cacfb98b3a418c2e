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

test("an edge that skips a card goes around it, never behind it (where it looked as if it went into the card's ports)", async ({ page }) => {
  await page.goto(`/#token=${E2E_TOKEN}`);
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  // preprocess's dataset.csv goes to evaluate past the sweep card; each edge is tried against every card but its own two.
  const crossings = await page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => ({ id: n.dataset['id'] ?? '', box: n.getBoundingClientRect() }));
    const found: string[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const label = edge.getAttribute('aria-label') ?? '';
      const ends = label.split(' → ').map((socket) => socket.split('.')[0]);
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const toScreen = path?.getScreenCTM();
      if (!path || !toScreen) continue;
      const length = path.getTotalLength();
      for (let i = 1; i < 100; i++) {
        const p = new DOMPoint(path.getPointAtLength((length * i) / 100).x, path.getPointAtLength((length * i) / 100).y).matrixTransform(toScreen);
        const behind = cards.find((c) => !ends.includes(c.id) && p.x > c.box.left + 2 && p.x < c.box.right - 2 && p.y > c.box.top + 2 && p.y < c.box.bottom - 2);
        if (behind) {
          found.push(`${label} behind ${behind.id}`);
          break;
        }
      }
    }
    return found;
  });
  expect(crossings).toEqual([]);
});
