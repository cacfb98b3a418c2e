/**
 * What a node receives from the nodes before it: parameter values, environment variables and
 * files, one edge kind at a time, from the finished executions recorded in the run store.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { valohaiMatcher, wildcardRoot } from '../../../shared/run/valohai-glob.ts';
import type { MetadataValue } from '../../../shared/run/events.ts';
import { pickBest, pickRuleOf } from '../../../shared/run/pick.ts';
import type { Edge } from '../../../shared/valohai/model/edge.ts';
import type { ParameterValue } from '../../../shared/valohai/model/parameter.ts';
import type { EdgeFile } from '../files/inputs.ts';
import { listFiles } from '../files/file-ops.ts';
import type { OutputRow, RunStore } from '../store/run-store.ts';
import { storedOutputUri } from '../store/datum-index.ts';

export interface UpstreamExecution {
  readonly id: string;
  readonly node: string;
  readonly child: number;
  readonly dir: string;
  readonly outputs: readonly OutputRow[];
  readonly metadata: Readonly<Record<string, MetadataValue>>;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly env: Readonly<Record<string, string>>;
}

/** The node's successful executions in this run, the latest attempt of each child. */
export function upstreamExecutions(store: RunStore, runId: string, node: string): UpstreamExecution[] {
  const latest = new Map<number, ReturnType<RunStore['getExecutions']>[number]>();
  for (const e of store.getExecutions(runId, node)) if (e.status === 'succeeded') latest.set(e.child, e);
  return [...latest.values()]
    .sort((a, b) => a.child - b.child)
    .map((e) => ({
      id: e.id,
      node: e.node,
      child: e.child,
      dir: e.dir,
      outputs: store.getOutputs(e.id),
      metadata: store.latestMetadata(e.id),
      parameters: JSON.parse(e.parametersJson) as Record<string, ParameterValue>,
      env: JSON.parse(e.envJson) as Record<string, string>,
    }));
}

/** What an edge out of a task passes on: every child, or only the best one (see shared/run/pick.ts). */
export function pickByEdge(edge: Edge, executions: readonly UpstreamExecution[]): { picked: UpstreamExecution[]; problem?: string } {
  const rule = pickRuleOf(edge);
  if (rule === undefined) return { picked: [...executions] };
  if (rule === 'needs-by') return { picked: [...executions], problem: 'configuration.pick needs configuration.by (a metadata key)' };
  const best = pickBest(executions, rule, (e) => e.metadata);
  return best ? { picked: [best] } : { picked: [], problem: `no execution of "${edge.source.node}" printed a numeric "${rule.by}" to pick by` };
}

/** Output files of the picked executions whose path (relative to outputs/) matches the key. */
export function outputFiles(edge: Edge, executions: readonly UpstreamExecution[], runId: string): EdgeFile[] {
  const match = valohaiMatcher(edge.source.key);
  const root = wildcardRoot(edge.source.key);
  return executions.flatMap((e) =>
    e.outputs
      .filter((o) => match(o.path))
      .map((o) => ({
        absolutePath: join(e.dir, 'outputs', o.path),
        path: o.path,
        suffix: o.path.startsWith(root) ? o.path.slice(root.length) : o.path,
        size: o.size,
        uri: storedOutputUri(runId, e.node, e.id, o.path),
        sourceExecution: e.id,
        sha256: o.sha256,
      })),
  );
}

/** Why an output edge's key took nothing, said after "matched no files": a folder named without `/*`, or what the node did write. */
export function noMatchHint(edge: Edge, executions: readonly UpstreamExecution[]): string {
  const paths = [...new Set(executions.flatMap((e) => e.outputs.map((o) => o.path)))].sort();
  const folder = edge.source.key.replace(/\/+$/, '');
  if (folder !== '' && paths.some((p) => p.startsWith(`${folder}/`))) return ` (${folder} is a folder of its outputs: ${folder}/* takes the files in it)`;
  if (paths.length === 0) return ` ("${edge.source.node}" wrote no output files)`;
  return ` ("${edge.source.node}" wrote ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? `, and ${paths.length - 3} more` : ''})`;
}

/** Files the source node received in inputs whose name matches the key (input→input). */
export async function inputFiles(edge: Edge, executions: readonly UpstreamExecution[], runId: string): Promise<EdgeFile[]> {
  const match = valohaiMatcher(edge.source.key);
  const files: EdgeFile[] = [];
  for (const e of executions) {
    const inputsDir = join(e.dir, 'inputs');
    const names = await readdir(inputsDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => match(n))) {
      const listing = await listFiles(join(inputsDir, name), e.dir);
      for (const f of listing.files) {
        files.push({ absolutePath: join(inputsDir, name, f.path), path: f.path, size: f.size, uri: `pipewright://${runId}/${e.node}/${e.id}/inputs/${name}/${f.path}`, sourceExecution: e.id });
      }
    }
  }
  return files;
}

/** The value a parameter-target edge delivers (a list when several executions each give one), or what the source lacked (`sourceDeclares`: asked only then, whether its step has that parameter). */
export function edgeValue(edge: Edge, executions: readonly UpstreamExecution[], sourceDeclares: () => boolean = () => false): { value?: unknown; problem?: string } {
  const values: unknown[] = [];
  for (const e of executions) {
    if (edge.source.type === 'parameter' && edge.source.key in e.parameters) values.push(e.parameters[edge.source.key]);
    if (edge.source.type === 'metadata' && edge.source.key in e.metadata) values.push(e.metadata[edge.source.key]);
  }
  if (edge.source.type === 'deployment') return { value: `local-${edge.source.node}-${edge.source.key}` };
  if (values.length === 0) {
    // What it did print: a key spelt otherwise is the usual cause.
    const printed = [...new Set(executions.flatMap((e) => Object.keys(e.metadata)))].sort();
    const keys = printed.length === 0 ? ' (it printed none)' : ` (it printed: ${printed.slice(0, 8).join(', ')}${printed.length > 8 ? ', …' : ''})`;
    const what =
      edge.source.type === 'metadata' ? `never printed metadata "${edge.source.key}"${keys}` :
      // (An optional parameter with no default, given none: it is there, it has no value.)
      sourceDeclares() ? `gave parameter "${edge.source.key}" no value` : `has no parameter "${edge.source.key}"`;
    return { problem: `"${edge.source.node}" ${what}` };
  }
  return { value: values.length === 1 ? values[0] : values };
}
