/**
 * The desktop shell itself: the same UI in Electron's locked-down window, talking to the engine
 * over IPC. Electron's binary cannot be downloaded on every machine (see README); where it is
 * absent this spec is skipped and says so.
 */
import { _electron as electron } from '@playwright/test';
import { EXAMPLE, ROOT, expect, test } from './support/served.ts';
import { electronBinary } from '../electron/cli/electron-binary.ts';

const binary = electronBinary();
const why = 'Electron binary absent (its download is not reachable from this machine); the same UI is tested in browser mode';
if (!binary) console.log(`skipping playwright/electron.spec.ts: ${why}`);

test('the desktop window opens the example project over IPC, with no Node in the page', async () => {
  test.skip(!binary, why);
  const app = await electron.launch({ executablePath: binary, args: [ROOT], env: { ...process.env, PIPEWRIGHT_PROJECT: EXAMPLE } });
  const window = await app.firstWindow();
  await expect(window.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(window.getByTestId('node-publish')).toBeVisible();
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => Object.keys((globalThis as { pipewright?: object }).pipewright ?? {}).sort())).toEqual(['call', 'onEvent']);
  await app.close();
});
