import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { findNodes } from './find-node-matches.ts';

const { config } = importValohaiYaml(`
- step: {name: train, image: x, command: x}
- step: {name: evaluate, image: x, command: x}
- task: {name: lr-sweep, step: train, type: grid_search, parameters: []}
- pipeline:
    name: p
    nodes:
      - {name: model-evaluate, type: execution, step: evaluate}
      - {name: sweep, type: task, task: lr-sweep}
      - {name: evaluate-again, type: execution, step: evaluate}
      - {name: retrain, type: execution, step: train}
    edges: []
`);
const nodes = config.pipelines[0]?.nodes ?? [];

describe('finding a node by what is typed', () => {
  it('puts names that start with it first, then a word of the name, then within it, then what the node runs', () => {
    expect(findNodes(nodes, 'eval').map((m) => m.name)).toEqual(['evaluate-again', 'model-evaluate']);
    expect(findNodes(nodes, 'TRAIN').map((m) => m.name)).toEqual(['retrain']);
    // "lr" is in no name: the task the sweep runs has it.
    expect(findNodes(nodes, 'lr')).toEqual([{ name: 'sweep', runs: 'task lr-sweep' }]);
  });

  it('offers every node when nothing is typed, and none when nothing holds it', () => {
    expect(findNodes(nodes, '  ').map((m) => m.runs)).toEqual(['step evaluate', 'task lr-sweep', 'step evaluate', 'step train']);
    expect(findNodes(nodes, 'zzz')).toEqual([]);
  });
});
