import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_YAML } from '../../../test-support/fixtures.ts';
import { addApprovalGate, addEdge, addNode, removeEdge, removeNode, setParameterDefault, type EditResult } from './document-edits.ts';
import { removeApprovalGate, renameNode, setAction, setNodeKey, setOverrideParameter } from './node-edits.ts';
import { setEdge, setPipelineParameter } from './pipeline-edits.ts';
import { addPipeline, removePipeline, renamePipeline } from './pipeline-list-edits.ts';
import { addStep, addStepInput, addStepParameter, removeStepItem, renameStep, setStepKey } from './step-edits.ts';

const lf = readFileSync(EXAMPLE_YAML, 'utf8');
/** The same file as a Windows editor saves it: a byte-order mark and CRLF line ends. */
const windows = `\ufeff${lf.replaceAll('\n', '\r\n')}`;

const EDITS: Record<string, (text: string) => EditResult> = {
  'add a node': (t) => addNode(t, 'train-and-ship', { type: 'execution', name: 'extra', step: 'train' }),
  'remove a node': (t) => removeNode(t, 'train-and-ship', 'publish'),
  'rename a node': (t) => renameNode(t, 'train-and-ship', 'evaluate', 'judge'),
  'set a node key': (t) => setNodeKey(t, 'train-and-ship', 'preprocess', 'on-error', 'continue'),
  'override a parameter': (t) => setOverrideParameter(t, 'train-and-ship', 'preprocess', 'noise', 0.5),
  'add an approval gate': (t) => addApprovalGate(t, 'train-and-ship', 'evaluate'),
  'remove an approval gate': (t) => removeApprovalGate(t, 'train-and-ship', 'publish'),
  'add an action': (t) => setAction(t, 'train-and-ship', 'preprocess', 'new', { when: ['node-complete'], if: ['metadata.rows > 10'], then: ['stop-pipeline'] }),
  'add an edge': (t) => addEdge(t, 'train-and-ship', 'preprocess.output.dataset.csv', 'publish.input.report'),
  'change an edge': (t) => setEdge(t, 'train-and-ship', 2, 'sweep.output.model*', 'evaluate.input.model', { pick: 'min', by: 'loss' }),
  'remove an edge': (t) => removeEdge(t, 'train-and-ship', 0),
  'add a pipeline parameter': (t) => setPipelineParameter(t, 'train-and-ship', 'epochs', { name: 'epochs', default: 3, targets: ['sweep.parameter.epochs'] }),
  'add a pipeline': (t) => addPipeline(t, 'second'),
  'rename a pipeline': (t) => renamePipeline(t, 'train-and-ship', 'ship'),
  'remove a pipeline': (t) => removePipeline(t, 'train-and-ship'),
  'add a step': (t) => addStep(t, { name: 'report', image: 'python:3.12', command: 'python3 report.py\necho done' }),
  'set a step key': (t) => setStepKey(t, 'train', 'command', ['python3 train.py {parameters}', 'echo trained']),
  'add a step parameter': (t) => addStepParameter(t, 'train', { name: 'seed', type: 'integer', default: 7 }),
  'add a step input': (t) => addStepInput(t, 'publish', { name: 'notes', default: 'notes.txt' }),
  'remove a step parameter': (t) => removeStepItem(t, 'train', 'parameters', 'shuffle'),
  'rename a step': (t) => renameStep(t, 'evaluate', 'assess'),
  'set a parameter default': (t) => setParameterDefault(t, 'preprocess', 'rows', 10),
};

describe('a file saved on Windows (CRLF line ends, a byte-order mark)', () => {
  it.each(Object.keys(EDITS))('%s: the lines it writes end in CRLF too, and the mark stays', (name) => {
    const edit = EDITS[name] as (text: string) => EditResult;
    const expected = edit(lf);
    if (!expected.ok) throw new Error(`${name}: ${expected.message}`);
    const result = edit(windows);
    expect(result).toEqual({ ok: true, text: `\ufeff${expected.text.replaceAll('\n', '\r\n')}` });
  });
});
