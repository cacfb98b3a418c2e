import { describe, expect, it } from 'vitest';
import { appliedTo } from '../../../test-support/edits.ts';
import { lineDiff, readExample } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';
import { addEdge, addNode } from './document-edits.ts';
import { addPipeline, freePipelineName, removePipeline, renamePipeline } from './pipeline-list-edits.ts';

const example = readExample();
const applied = appliedTo(example);
const names = (text: string) => importValohaiYaml(text).config.pipelines.map((p) => p.name);

describe('the pipelines of a file', () => {
  it('adds an empty pipeline at the end, which then takes nodes and edges from the palette', () => {
    const added = applied(addPipeline(example, 'nightly'));
    expect(names(added)).toEqual(['train-and-ship', 'nightly']);
    expect(lineDiff(example, added).removed).toEqual([]);
    const withNodes = applied(addNode(added, 'nightly', { type: 'execution', name: 'prep', step: 'preprocess' }));
    const connected = applied(addNode(withNodes, 'nightly', { type: 'execution', name: 'fit', step: 'train' }));
    const edged = applied(addEdge(connected, 'nightly', 'prep.output.dataset.csv', 'fit.input.dataset'));
    const nightly = importValohaiYaml(edged).config.pipelines[1];
    expect(nightly?.nodes.map((n) => n.name)).toEqual(['prep', 'fit']);
    expect(nightly?.edges).toHaveLength(1);
    // The empty lists became block lists as a person writes them: no space left after `nodes:`.
    expect(edged.slice(added.indexOf('- pipeline:\n    name: nightly'))).toContain('    nodes:\n      - name: prep\n');
    expect(edged).not.toMatch(/ $/m);
    // Valohai's linter accepts the empty pipeline as it is.
    expect(importValohaiYaml(added).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('refuses a taken or unusable name, and offers a free one', () => {
    expect(addPipeline(example, 'train-and-ship')).toEqual({ ok: false, message: 'there is already a pipeline "train-and-ship"' });
    expect(addPipeline(example, '-x')).toMatchObject({ ok: false, message: expect.stringContaining('not a usable pipeline name') as unknown });
    expect(freePipelineName(example)).toBe('pipeline');
    const once = applied(addPipeline(example, freePipelineName(example)));
    expect(freePipelineName(once)).toBe('pipeline-2');
    expect(addPipeline('', 'p')).toMatchObject({ ok: false });
  });

  it('renames a pipeline, touching only its name line', () => {
    const renamed = applied(renamePipeline(example, 'train-and-ship', 'ship-it'));
    expect(names(renamed)).toEqual(['ship-it']);
    expect(lineDiff(example, renamed)).toEqual({ removed: ['    name: train-and-ship'], added: ['    name: ship-it'] });
    expect(renamePipeline(example, 'nope', 'x')).toEqual({ ok: false, message: 'no pipeline named "nope"' });
  });

  it('removes a pipeline and nothing else; removing the added one gives the file back', () => {
    const added = applied(addPipeline(example, 'nightly'));
    expect(applied(removePipeline(added, 'nightly'))).toBe(example);
    const removed = removePipeline(example, 'train-and-ship');
    if (!removed.ok) throw new Error(removed.message);
    const none = removed.text;
    expect(names(none)).toEqual([]);
    // The lines before the pipeline are the file's, unchanged (its own comment goes with it).
    expect(example.startsWith(none.trimEnd())).toBe(true);
    expect(importValohaiYaml(none).config.steps.map((s) => s.name)).toEqual(['preprocess', 'train', 'evaluate', 'publish']);
  });
});
