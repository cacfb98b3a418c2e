import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { lineReporter } from './progress.ts';
import { grouped } from '../../shared/run/grouped-warnings.ts';
import { groupingWarnings } from './warning-groups.ts';

const at = 1;
const warn = (message: string, node?: string): RunEvent => ({ type: 'run:warning', runId: '1', at, message, ...(node ? { node } : {}) });

describe('warnings said alike of several nodes', () => {
  it('are said once, naming the nodes, where a run starts; others stay as they are, in order', () => {
    let err = '';
    const reporter = groupingWarnings(lineReporter({ out: () => undefined, err: (t) => (err += t), cwd: '/', color: false }, false));
    reporter.onEvent({ type: 'run:start', runId: '1', at, pipeline: 'p', resumed: false, nodes: ['a', 'b', 'c'] });
    for (const node of ['a', 'b', 'c']) reporter.onEvent(warn(`node "${node}": its environment gpu-x is a GPU machine on Valohai; this machine has no GPU, so it runs without one`, node));
    reporter.onEvent(warn('valohai.yaml:3:5 a warning of the file'));
    reporter.onEvent(warn('node "b": its mounts (/data) are not made here', 'b'));
    reporter.onEvent({ type: 'node:start', runId: '1', at, node: 'a', children: 1 });
    reporter.onEvent(warn('node "a" waits for a GPU: GPU 0 is used by run 3', 'a'));
    reporter.close();
    expect(err.split('\n')).toEqual([
      'run 1: starting pipeline "p"',
      '  warning: nodes "a", "b", "c": each one\'s environment gpu-x is a GPU machine on Valohai; this machine has no GPU, so it runs without one',
      '  warning: valohai.yaml:3:5 a warning of the file',
      '  warning: node "b": its mounts (/data) are not made here',
      '  ▶ a',
      '  warning: node "a" waits for a GPU: GPU 0 is used by run 3',
      '',
    ]);
  });

  it('as show lists them for a run resumed once (each said again as it resumed): once, each node named once', () => {
    const stored = ['a', 'b', 'a', 'b'].map((node) => ({ node, message: `node "${node}": its command runs pip install` }));
    expect(grouped([...stored, { node: null, message: 'the file' }, { node: null, message: 'the file' }])).toEqual([
      { node: 'a', message: 'nodes "a", "b": each one\'s command runs pip install' },
      { node: null, message: 'the file' },
    ]);
  });
});
