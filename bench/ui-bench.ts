/**
 * `npm run bench` (UI part): the editor in Chromium against the real host, on a generated
 * 1000-node pipeline and a 10-node one in the same run. Prints the time to first paint of the
 * canvas and the frame times while panning. Goals: first paint < 1.5 s, frames ≤ 20 ms.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startHost } from '../electron/host/app-host.ts';
import { bigPipelineYaml } from '../test-support/big-pipeline.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env['PIPEWRIGHT_CHROMIUM'] ?? '/usr/bin/chromium';
const scratch = mkdtempSync(join(tmpdir(), 'pipewright-ui-bench-'));

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Milliseconds from navigation start until the canvas shows nodes and a frame has been drawn. */
async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  return page.evaluate(
    () =>
      new Promise<number>((done) => {
        const check = (): void => {
          if (document.querySelector('.react-flow__node .node-card')) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

async function recordFrames(page: Page, gesture: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording: boolean };
    w.frames_ = [];
    w.recording = true;
    let last = performance.now();
    const tick = (now: number): void => {
      w.frames_.push(now - last);
      last = now;
      if (w.recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await gesture();
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording: boolean };
    w.recording = false;
    return w.frames_.slice(2);
  });
}

/** A person panning: the empty canvas between the first two columns dragged 900 px left and back. */
async function panFrames(page: Page): Promise<number[]> {
  const a = await page.getByTestId('node-n0-0').boundingBox();
  const b = await page.getByTestId('node-n1-0').boundingBox();
  if (!a || !b) throw new Error('nodes not drawn');
  const x = (a.x + a.width + b.x) / 2;
  const y = a.y + a.height / 2;
  return recordFrames(page, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 90; i++) await page.mouse.move(x - i * 10, y - i * 2);
    for (let i = 89; i >= 0; i--) await page.mouse.move(x - i * 10, y - i * 2);
    await page.mouse.up();
  });
}

/** A fly-over: the view dragged across the whole minimap, each step a jump to unseen nodes. */
async function flyFrames(page: Page): Promise<number[]> {
  const map = await page.getByRole('img', { name: 'Minimap' }).boundingBox();
  if (!map) throw new Error('no minimap');
  return recordFrames(page, async () => {
    await page.mouse.move(map.x + 4, map.y + 4);
    await page.mouse.down();
    for (let i = 1; i <= 90; i++) {
      const t = i / 90;
      await page.mouse.move(map.x + 4 + t * (map.width - 8), map.y + 4 + Math.abs(Math.sin(t * Math.PI)) * (map.height - 8));
    }
    await page.mouse.up();
  });
}

interface Measured {
  paint: number;
  pan: number[];
  fly: number[];
  edit: number[];
}

/** An edit's round trip: the approval switch of a node flipped, until its badge shows or goes. */
async function editRoundTrips(page: Page): Promise<number[]> {
  await page.getByTestId('node-n0-0').locator('.node-name').click();
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    await page.getByTestId('approval-toggle').click();
    await page.waitForFunction((want) => !!document.querySelector('[data-testid="node-n0-0"] .badge-approval') === want, i % 2 === 0);
    times.push(performance.now() - start);
  }
  return times;
}

async function measure(name: string, yaml: string): Promise<Measured> {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'valohai.yaml'), yaml);
  const host = await startHost({ rendererDir: join(ROOT, 'out/renderer'), projectDir: dir, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const paints: number[] = [];
    for (let i = 0; i < 3; i++) paints.push(await firstPaint(page, host.url));
    const pan = await panFrames(page);
    const fly = await flyFrames(page);
    await page.goto('about:blank');
    await page.goto(host.url);
    await page.getByTestId('node-n0-0').waitFor();
    const edit = await editRoundTrips(page);
    return { paint: percentile(paints, 50), pan, fly, edit };
  } finally {
    await browser.close();
    await host.close();
  }
}

if (!existsSync(CHROMIUM)) {
  console.log(`editor in Chromium: not measured, Chromium is not at ${CHROMIUM} (apt-get install -y chromium, or set PIPEWRIGHT_CHROMIUM)`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
}
const small = await measure('ten', bigPipelineYaml(2, 5));
const big = await measure('thousand', bigPipelineYaml(50, 20));
const frames = (f: number[]): string => `p50 ${percentile(f, 50).toFixed(1)}  p95 ${percentile(f, 95).toFixed(1)}  max ${Math.max(...f).toFixed(1)} ms, ${f.filter((t) => t > 20).length}/${f.length} over 20 ms`;
console.log('editor in Chromium (software rendering; 60 Hz frames are 16.7 ms), median of 3 loads:');
for (const [label, m] of [['10-node pipeline', small], ['1000-node pipeline', big]] as const) {
  console.log(`  ${label.padEnd(19)} first paint ${m.paint.toFixed(0).padStart(5)} ms   panning: frame ${frames(m.pan)}   fly-over via minimap: frame ${frames(m.fly)}   an edit (approval switch) ${percentile(m.edit, 50).toFixed(0)} ms`);
}
console.log(`  1000 vs 10 nodes: first paint ${(big.paint / small.paint).toFixed(2)}×, panning p95 frame ${(percentile(big.pan, 95) / percentile(small.pan, 95)).toFixed(2)}×   (goals: first paint < 1500 ms, frames while panning ≤ 20 ms)`);
rmSync(scratch, { recursive: true, force: true });
