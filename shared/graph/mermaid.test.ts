import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../valohai/import.ts';
import { pipelineToMermaid } from './mermaid.ts';

describe('the Mermaid diagram', () => {
  it('shows names with quotes and angle brackets literally, not as Mermaid syntax or HTML', () => {
    const { config } = importValohaiYaml(`
- step: {name: s, image: x, command: "true", outputs: []}
- pipeline:
    name: p
    nodes:
      - {name: 'a"b<i>c</i>', type: execution, step: s}
      - {name: e, type: execution, step: s}
    edges: [['a"b<i>c</i>.output.<x>.csv', 'e.input.in']]
`);
    const pipeline = config.pipelines[0];
    if (!pipeline) throw new Error('no pipeline');
    expect(pipelineToMermaid(pipeline)).toBe(
      ['flowchart LR', '  n0["a#quot;b#lt;i#gt;c#lt;/i#gt;<br/><small>execution</small>"]', '  n1["e<br/><small>execution</small>"]', '  n0 -->|"output:#lt;x#gt;.csv → input:in"| n1', ''].join('\n'),
    );
  });
});
