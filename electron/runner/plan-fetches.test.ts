import { describe, expect, it } from 'vitest';
import { cli, makeProject, run } from '../../test-support/runner.ts';
import { testServer } from '../../test-support/test-server.ts';

const server = testServer();

describe('plan: inputs from the network', () => {
  it('says which inputs a run will fetch as their node starts, and which an earlier run already fetched, so a machine going offline can fetch first', async () => {
    const base = await server.serve((_req, res) => res.end('rows\n'));
    const dir = makeProject(`
- step:
    name: split
    image: x
    command: cp $VH_INPUTS_DIR/data/train.csv $VH_OUTPUTS_DIR/
    inputs:
      - {name: data, default: '${base}/train.csv'}
      - {name: extra, default: '${base}/extra.csv', optional: true}
- step:
    name: predict
    image: x
    command: ls $VH_INPUTS_DIR/model
    inputs: [{name: model, default: '${base}/model.cbm'}]
- pipeline:
    name: p
    nodes: [{name: split, type: execution, step: split}, {name: predict, type: execution, step: predict}]
    edges: [[split.output.*, predict.input.model]]
`);
    const before = cli(['plan', '--pipeline', 'p'], dir).out;
    expect(before).toContain(`input data: ${base}/train.csv is fetched as split starts (the network is needed then)`);
    expect(before).toContain(`input extra: ${base}/extra.csv is fetched as split starts`);
    // An edge takes the default's place (edge-merge-mode: replace): nothing is fetched for it.
    expect(before).not.toContain('model.cbm');

    // (Run in this process, whose server answers while it runs.)
    const ran = await run(dir, 'p', { planOptions: { pipelineParams: {}, nodeParams: {}, nodeInputs: { split: { extra: [''] } } } });
    expect(ran.status).toBe('succeeded');
    const after = JSON.parse(cli(['plan', '--pipeline', 'p', '--json'], dir).out) as { nodes: { node: string; fetches?: string[] }[] };
    expect(after.nodes.find((n) => n.node === 'split')?.fetches).toEqual([
      `input data: ${base}/train.csv was fetched before: the copy kept is used (checked first for a newer version, where the network and the server allow)`,
      `input extra: ${base}/extra.csv is fetched as split starts (the network is needed then)`,
    ]);
    // A node reused from an earlier run fetches nothing.
    expect(cli(['plan', '--pipeline', 'p', '--reuse', 'latest:split'], dir).out).not.toContain('train.csv');
  });
});
