/**
 * Files a person is in the middle of writing: the upstream fixtures with lines dropped, doubled,
 * re-indented or swapped for fragments of valohai.yaml. Whatever the text, reading it, its fixes and
 * planning its pipelines end in diagnostics or refusals, never a thrown error or an "internal
 * error" diagnostic; a pipeline that plans exports to a workflow Argo's published schema accepts;
 * and a fix offered for a file that parsed keeps it parsing. Seeded, so a
 * failure reruns the same way (the seed and the text are in its message).
 */
import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture } from '../../test-support/fixtures.ts';
import { argoSchemaProblems } from '../../test-support/argo-schema.ts';
import { toArgoWorkflow } from '../export/argo/workflow.ts';
import { planRun } from '../run/plan.ts';
import { applyFix } from './edit/apply-fix.ts';
import { importValohaiYaml } from './import.ts';

const FRAGMENTS = [
  '', '-', ': ', '[]', '{}', 'null', '~', '-1', '1e999', 'true', '"x"', "'", '&a', '*a', '<<: *a', '{a: [', '!!binary x', '? ', '|', '#', '\t',
  'name:', 'step:', 'pipeline:', 'task:', 'edges:', 'nodes:', 'parameters:', 'inputs:', 'default:', 'type: integer', 'type: flag', 'multiple: separate',
  'pass-as: "{v}"', '[a.output.*, b.input.x]', 'actions:', 'when: node-complete', 'if: metadata.x > 1', 'then: require-approval', 'on-error: retry',
  'variant-parameters:', 'style: logspace', 'rules: {}', 'min: 5', 'max: -5', 'resources: {cpu: {min: -1}}', 'override: {inputs: [{name: x}]}',
  'configuration: {pick: max, by: loss}', 'default: dataset://{parameter:x}/latest',
];

/** A small linear congruential generator: the same seed, the same texts. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function mutate(text: string, random: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lines = text.split('\n');
  for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits -= 1) {
    const at = Math.floor(random() * lines.length);
    const line = lines[at] ?? '';
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const change = Math.floor(random() * 7);
    if (change === 0) lines.splice(at, 1);
    else if (change === 1) lines.splice(at, 0, line);
    else if (change === 2) lines[at] = indent + pick(FRAGMENTS);
    else if (change === 3) lines[at] = line.replace(/:\s*(.*)$/, `: ${pick(FRAGMENTS)}`);
    else if (change === 4) lines[at] = ' '.repeat(Math.floor(random() * 12)) + line.trimStart();
    else if (change === 5) lines.splice(at, 0, indent + pick(FRAGMENTS));
    else lines.splice(at, 0, pick(lines));
  }
  return lines.join('\n');
}

const parses = (text: string): boolean => !importValohaiYaml(text).diagnostics.some((d) => d.code.startsWith('yaml') && d.severity === 'error');

describe('a half-written valohai.yaml', () => {
  const fixtures = fixtureNames().map(readFixture);

  it.each([1, 2, 3, 4])('is read, fixed and planned without an internal error (seed %i, 400 texts)', (seed) => {
    const random = generator(seed);
    for (let n = 0; n < 400; n += 1) {
      const text = mutate(fixtures[Math.floor(random() * fixtures.length)] as string, random);
      const where = `seed ${seed}, text ${n}:\n${text}`;
      let result;
      const refused: string[] = [];
      try {
        result = importValohaiYaml(text);
        for (const pipeline of result.config.pipelines) {
          const planned = planRun(result.config, pipeline.name, { pipelineParams: {}, nodeParams: {} });
          // What is exported at all is a workflow Argo's schema accepts.
          if (planned.ok) refused.push(...argoSchemaProblems(toArgoWorkflow(planned.plan, { projectName: 'p', repository: 'https://example.com/p.git' }).workflow));
        }
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)} (${where})`, { cause: error });
      }
      expect(result.diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message), where).toEqual([]);
      expect(refused, where).toEqual([]);
      if (!parses(text)) continue;
      for (const diagnostic of result.diagnostics) {
        if (!diagnostic.fix) continue;
        const fixed = applyFix(text, diagnostic.fix);
        if (fixed.ok) expect(parses(fixed.text), `the fix "${diagnostic.fix.label}" broke the file (${where})`).toBe(true);
      }
    }
  });
});
