/**
 * `pick: max|min, by: KEY` on an edge out of a sweep, in Argo: each child keeps what it printed on
 * stdout as an artifact (`stdout`), and a small picker pod reads every child's metadata (JSON
 * objects alone on a line, the latest value of KEY), copies the best child's outputs to its own,
 * and says which it took. Nodes downstream take the picker's outputs. The same rule as the local
 * runner's (`shared/run/pick.ts`, metadata-script.ts): the latest value, numbers only, the first child on a tie.
 */
import type { PickRule } from '../../run/pick.ts';
import { READ_METADATA } from './metadata-script.ts';
import { VALOHAI } from './prelude.ts';

export const PICKER_IMAGE = 'python:3.12-alpine';
/** Where a child pod keeps a copy of its stdout, for a picker to read its metadata. */
export const STDOUT_COPY = '/pipewright/stdout.log';
const CHILDREN = '/pipewright/children';

/** Runs the command with its stdout also copied to STDOUT_COPY, keeping its exit status. */
export function teeStdout(run: string): string {
  return [
    'set +e',
    'mkdir -p /pipewright/ && mkfifo /pipewright/stdout.fifo',
    `tee ${STDOUT_COPY} < /pipewright/stdout.fifo &`,
    'exec 3>&1 > /pipewright/stdout.fifo',
    run,
    'status=$?',
    'exec 1>&3 3>&-',
    'wait',
    'exit $status',
  ].join('\n');
}

const SCRIPT = `${READ_METADATA}${String.raw`import os, shutil, sys
rule, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = pick_best([read_metadata(os.path.join(CHILDREN, str(i), 'stdout.log')) for i in range(count)], rule, key)
if best is None:
    sys.exit('no child printed a number for %r: nothing to pick' % key)
print('picked child %d: %s %s = %s' % (best[0], rule, key, best[1]))
shutil.copytree(os.path.join(CHILDREN, str(best[0]), 'outputs'), OUTPUTS, dirs_exist_ok=True)
`}`
  .replaceAll('CHILDREN', JSON.stringify(CHILDREN))
  .replaceAll('OUTPUTS', JSON.stringify(`${VALOHAI}/outputs`));

/** The picker's template, for a sweep of `count` children. */
export function pickerTemplate(name: string, rule: PickRule, count: number): Record<string, unknown> {
  const artifacts = Array.from({ length: count }, (_, i) => [
    { name: `outputs-${i}`, path: `${CHILDREN}/${i}/outputs` },
    { name: `stdout-${i}`, path: `${CHILDREN}/${i}/stdout.log`, optional: true },
  ]).flat();
  return {
    name,
    inputs: { artifacts },
    outputs: { artifacts: [{ name: 'outputs', path: `${VALOHAI}/outputs` }] },
    container: {
      name: 'main',
      image: PICKER_IMAGE,
      command: ['python3', '-c', SCRIPT, rule.pick, rule.by, String(count)],
    },
  };
}

/** The picker's DAG task: after every child, each child's outputs and stdout passed in. */
export function pickerTask(name: string, template: string, children: readonly string[], after: readonly string[]): Record<string, unknown> {
  return {
    name,
    template,
    dependencies: [...after],
    arguments: {
      artifacts: children.flatMap((task, i) => [
        { name: `outputs-${i}`, from: `{{tasks.${task}.outputs.artifacts.outputs}}` },
        { name: `stdout-${i}`, from: `{{tasks.${task}.outputs.artifacts.stdout}}` },
      ]),
    },
  };
}
