import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

/** A chain of six cards with five edges that skip some of them (a U-Net's skip connections, a report fed from far back). */
const NODES = [0, 1, 2, 3, 4, 5].map((i) => `      - {name: n${i}, type: execution, step: s}`).join('\n');
const SKIPS = [[0, 3, 'b'], [0, 5, 'b'], [1, 4, 'b'], [2, 5, 'c'], [1, 3, 'c']] as const;

test.use({
  project: {
    'valohai.yaml': [
      '- step:',
      '    name: s',
      '    image: python:3.12',
      '    command: python s.py',
      '    inputs: [{name: a}, {name: b}, {name: c}]',
      '    outputs: [{name: out.txt}]',
      '- pipeline:',
      '    name: p',
      '    nodes:',
      NODES,
      '    edges:',
      ...[0, 1, 2, 3, 4].map((i) => `      - [n${i}.output.out.txt, n${i + 1}.input.a]`),
      ...SKIPS.map(([from, to, input]) => `      - [n${from}.output.out.txt, n${to}.input.${input}]`),
      '',
    ].join('\n'),
  },
});

test('edges that skip the same cards each go around them on a lane of their own, none drawn over another', async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await expect(page.locator('.react-flow__edge')).toHaveCount(10);
  // Each detour is drawn "… L toX,y …" along its lane: read the lanes from the paths the page shows.
  const lanes = await page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].flatMap((edge) => {
      const d = edge.querySelector('path.react-flow__edge-path')?.getAttribute('d') ?? '';
      const lane = /([\d.-]+),([\d.-]+) L ([\d.-]+),([\d.-]+)/.exec(d);
      return lane ? [{ edge: edge.getAttribute('aria-label') ?? '', y: Number(lane[2]), fromX: Number(lane[1]), toX: Number(lane[3]) }] : [];
    }),
  );
  expect(lanes).toHaveLength(SKIPS.length);
  const shared = lanes.flatMap((a, i) => lanes.slice(i + 1).filter((b) => Math.abs(a.y - b.y) < 6 && a.fromX < b.toX && b.fromX < a.toX).map((b) => `${a.edge} and ${b.edge}`));
  expect(shared).toEqual([]);
});
