import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

// As mmdetection3d's step writes them: 70 parameters, each with a category, the categories interleaved.
const YAML = `- step:
    name: train
    image: python:3.12
    command: python3 train.py --cfg-options {parameters}
    parameters:
      - {name: lr, category: optim_wrapper, type: float, default: 0.003, pass-as: 'optim_wrapper.optimizer.lr={v}'}
      - {name: type, category: visualizer, type: string, default: Det3DLocalVisualizer}
      - {name: weight_decay, category: optim_wrapper, type: float, default: 0.01}
      - {name: seed, type: integer, default: 1}
      - {name: max_epochs, category: train_cfg, type: integer, default: 40}
- pipeline:
    name: p
    nodes: [{name: train, type: execution, step: train}]
    edges: []
`;

test.use({ project: { 'valohai.yaml': YAML } });

test("a node's parameters are grouped by their category, as Valohai's UI groups them: those without one first, each category where it first appears", async ({ page, served }) => {
  const editor = new EditorPage(page);
  await editor.open(served.url);
  await editor.select('train');
  const panel = page.getByTestId('node-panel');
  await expect(panel.locator('h4.parameter-category')).toHaveText(['optim_wrapper', 'visualizer', 'train_cfg']);
  // Each field under its category's heading, in the file's order within it.
  const order = await panel.locator('h4.parameter-category, [data-testid^="param-"]').evaluateAll((els) => els.map((e) => (e.tagName === 'H4' ? `# ${e.textContent ?? ''}` : (e.getAttribute('data-testid') ?? '').slice('param-'.length))));
  expect(order).toEqual(['seed', '# optim_wrapper', 'lr', 'weight_decay', '# visualizer', 'type', '# train_cfg', 'max_epochs']);
});
