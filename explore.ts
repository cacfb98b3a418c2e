import { chromium } from '@playwright/test';
import { startHost } from './electron/host/app-host.ts';
const host = await startHost({ rendererDir: '/work/main/out/renderer', projectDir: process.argv[2] ?? '/tmp/ex', port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const errors: string[] = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push('PAGEERROR ' + e.message));
await page.goto(host.url);
await page.locator('[data-app-state="ready"]').waitFor();
await page.waitForTimeout(800);
const steps = (await import(process.argv[3] ?? './explore-steps.ts')).default as (p: typeof page) => Promise<void>;
try { await steps(page); } catch (e) { console.log('STEP FAILED', e); await page.screenshot({ path: '/tmp/shots/fail.png' }); }
console.log('console errors:', errors.slice(0, 20));
await browser.close(); await host.close();
