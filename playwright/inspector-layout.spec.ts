import { EditorPage } from './support/editor-page.ts';
import { expect, test } from './support/served.ts';

test.describe('a node whose step has a long unbroken value', () => {
  test.use({
    project: {
      'valohai.yaml': [
        '- step:',
        '    name: train',
        '    image: busybox',
        '    command: echo {parameters}',
        '    parameters: [{name: dataset_name, type: string, optional: true}]',
        '    inputs:',
        '      - name: dataset',
        '        default: dataset://{parameter:dataset_name}_train_and_validation_and_test_splits/latest',
        '        optional: true',
        '- pipeline:',
        '    name: p',
        '    nodes: [{name: train, type: execution, step: train}]',
        '    edges: []',
        '',
      ].join('\n'),
    },
  });

  test('fits its panel in the inspector: the value wraps, nothing runs off the side', async ({ page, served }) => {
    const editor = new EditorPage(page);
    await editor.open(served.url);
    await editor.select('train');
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await expect(inspector).toContainText('_train_and_validation_and_test_splits/latest');
    expect(await inspector.evaluate((panel) => panel.scrollWidth - panel.clientWidth)).toBe(0);
  });
});
