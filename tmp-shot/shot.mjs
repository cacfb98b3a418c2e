import { chromium } from 'playwright';
const [,, out, ...actions] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
await page.goto('http://127.0.0.1:47999/#token=tok');
await page.waitForTimeout(2500);
for (const a of actions) {
  if (a.startsWith('click:')) await page.getByText(a.slice(6), { exact: false }).first().click();
  else if (a.startsWith('role:')) { const [r, n] = a.slice(5).split('='); await page.getByRole(r, { name: n }).first().click(); }
  else if (a.startsWith('key:')) await page.keyboard.press(a.slice(4));
  else if (a.startsWith('wait:')) await page.waitForTimeout(Number(a.slice(5)));
  await page.waitForTimeout(400);
}
await page.screenshot({ path: out });
await browser.close();
