import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, run, step } from '../../../test-support/runner.ts';
import { openStore } from '../stored-runs.ts';
import { runInputs } from './input-records.ts';

describe("an execution's inputs, for the inspector", () => {
  it('lists each input file with where it came from, and nothing from an inputs.json the step spoiled', async () => {
    const dir = makeProject(
      [
        step('make', 'mkdir -p $VH_OUTPUTS_DIR/m && echo w > $VH_OUTPUTS_DIR/m/model.pkl'),
        step('use', 'cat $VH_INPUTS_DIR/model/model.pkl', '    inputs: [{name: model}, {name: notes, default: notes.txt}]\n'),
        step('spoil', 'echo "[not json" > $VH_CONFIG_DIR/inputs.json', '    inputs: [{name: notes, default: notes.txt}]\n'),
        '- pipeline:\n    name: p\n    nodes: [{name: make, type: execution, step: make}, {name: use, type: execution, step: use}, {name: spoil, type: execution, step: spoil}]\n    edges: [[make.output.m/*, use.input.model]]\n',
      ].join(''),
      { 'notes.txt': 'n\n' },
    );
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const store = openStore(dir);
    const listed = runInputs(store, result.runId, 'use');
    expect(listed).toEqual({
      truncated: false,
      files: [
        { execution: expect.any(String) as unknown, input: 'model', path: 'model.pkl', size: 2, uri: expect.stringMatching(/^pipewright:\/\/1\/make\/[\w.]+\/outputs\/m\/model\.pkl$/) as unknown },
        { execution: expect.any(String) as unknown, input: 'notes', path: 'notes.txt', size: 2, uri: 'notes.txt' },
      ],
    });
    expect(runInputs(store, result.runId, 'spoil')).toEqual({ files: [], truncated: false });
    // One written over with a huge file is not read at all.
    const spoiled = store.getExecutions(result.runId, 'spoil')[0]?.dir ?? '';
    writeFileSync(join(spoiled, 'config', 'inputs.json'), ' '.repeat(5 * 1024 * 1024));
    expect(runInputs(store, result.runId, 'spoil').files).toEqual([]);
    expect(() => runInputs(store, result.runId, 'ghost')).toThrow(/has no node "ghost"/);
    store.close();
  });
});
