/** `pipewright runs` and `pipewright show RUN`: what ran, how it ended, where its outputs are. */
import { runtimeOf } from '../../runner/exec/container.ts';
import { join } from 'node:path';
import { tailOfLog } from '../../runner/exec/log-file.ts';
import { shownText } from '../../../shared/run/shown-text.ts';
import { varyingKeys } from '../../../shared/run/varying-keys.ts';
import { summarizeUsage, summaryLine } from '../../../shared/run/usage.ts';
import { failureHints, failureTail } from '../failure-tail.ts';
import { lookupRun, noRun, openStore } from '../../runner/stored-runs.ts';
import { STATE_DIR } from '../../runner/store/database.ts';
import { executionInputs } from '../../runner/service/input-records.ts';
import { describedOutputs, storedOutputUri } from '../../runner/store/datum-index.ts';
import type { RunStore } from '../../runner/store/run-store.ts';
import { EXIT_OK, EXIT_USAGE, type Io, printJson, refuse, seconds } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { shownPath } from '../shown-path.ts';
import { grouped } from '../../../shared/run/grouped-warnings.ts';

/** A moment as the user's clock reads it (their time zone), to the second: 2026-11-29 14:05:09. */
export function localTime(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function duration(from: number | null, to: number | null): string {
  return from ? seconds((to ?? Date.now()) - from) : '';
}

/** How many runs `pipewright runs` lists unless told: the newest hundred. */
const RUNS_SHOWN = 100;

export function runsCommand(options: { project: string; json: boolean; pipeline?: string; limit?: number }, io: Io): number {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'runs', project.message, EXIT_USAGE);
  const store = openStore(project.dir);
  const runs = store.listRuns(options.limit ?? RUNS_SHOWN, options.pipeline);
  const total = runs.length < (options.limit ?? RUNS_SHOWN) ? runs.length : store.countRuns(options.pipeline);
  if (options.json) {
    printJson(io, { runs: runs.map((r) => ({ id: r.id, pipeline: r.pipeline, status: r.status, createdAt: r.createdAt, finishedAt: r.finishedAt, error: r.error })), total });
    return EXIT_OK;
  }
  if (runs.length === 0) {
    io.err(options.pipeline === undefined ? 'no runs yet: start one with pipewright run --pipeline NAME\n' : `no runs of pipeline "${options.pipeline}" yet\n`);
  }
  for (const r of runs) {
    io.out(`${r.id.padStart(4)}  ${r.status.padEnd(11)} ${localTime(r.createdAt)}  ${duration(r.createdAt, r.finishedAt).padStart(7)}  ${r.pipeline}${r.error ? `  (${r.error})` : ''}\n`);
  }
  // The list is cut at the newest N: say so, and how to see the rest, rather than let it pass for all.
  if (total > runs.length) io.err(`(the newest ${runs.length} of ${total} runs; --all lists every one, --limit N the newest N)\n`);
  return EXIT_OK;
}

/** An execution's outputs, each with its address (what `--input NAME=` takes) and the names its metadata gave it (datum://ALIAS, dataset://NAME/VERSION) with that metadata. */
function withNames(store: RunStore, runId: string, node: string, executionId: string) {
  const described = describedOutputs(store.db, executionId);
  return store.getOutputs(executionId).map((o) => {
    const d = described.get(o.path);
    return { ...o, uri: storedOutputUri(runId, node, executionId, o.path), names: d?.names ?? [], ...(d ? { metadata: d.metadata } : {}) };
  });
}

export function describeRun(store: RunStore, runId: string) {
  const run = store.getRun(runId);
  if (!run) return undefined;
  const nodes = store.getNodes(runId).map((node) => ({
    ...node,
    approval: store.getApproval(runId, node.name) ?? null,
    // A sweep's children in their order (they start together, in any order), each child's attempts in theirs.
    executions: store.getExecutions(runId, node.name).sort((a, b) => a.child - b.child || a.attempt - b.attempt).map((e) => ({
      id: e.id,
      child: e.child,
      attempt: e.attempt,
      status: e.status,
      exitCode: e.exitCode,
      error: e.error,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      parameters: JSON.parse(e.parametersJson) as unknown,
      reusedFrom: e.sourceExecution,
      outputsDir: join(e.dir, 'outputs'),
      inputs: executionInputs(e.dir),
      outputs: withNames(store, runId, node.name, e.id),
      metadata: store.latestMetadata(e.id),
      usage: summarizeUsage(store.usage(e.id)),
    })),
  }));
  // The runtime its steps ran in their images with (`run --container`), or null: on this machine.
  const container = runtimeOf(run.optionsJson);
  return { id: run.id, pipeline: run.pipeline, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt, error: run.error, container, nodes, warnings: store.warnings(runId) };
}

export function showCommand(options: { project: string; runId: string; json: boolean }, io: Io): number {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'show', project.message, EXIT_USAGE);
  const store = openStore(project.dir);
  const run = describeRun(store, lookupRun(store, options.runId)?.id ?? '');
  if (!run) return refuse(io, 'show', noRun(options.runId, store), EXIT_USAGE);
  if (options.json) return printJson(io, run), EXIT_OK;
  io.out(`run ${run.id}  ${run.pipeline}  ${run.status}  ${duration(run.createdAt, run.finishedAt)}${run.container ? `  steps in their images (${run.container})` : ''}${run.error ? `\n  ${run.error}` : ''}\n`);
  for (const node of run.nodes) {
    io.out(`  ${node.name}: ${node.status}${node.reusedFrom ? ` (from run ${node.reusedFrom})` : ''}${node.error ? ` — ${node.error}` : ''}\n`);
    if (node.approval) {
      const a = node.approval;
      io.out(`    approval: ${a.status}${a.decidedBy ? ` by ${a.decidedBy} at ${localTime(a.decidedAt ?? 0)}` : ''}${a.comment ? `: ${a.comment}` : ''}\n`);
    }
    // What tells a sweep's children apart: the parameters whose values differ among them.
    const varied = varyingKeys(node.executions.map((e) => e.parameters as Record<string, unknown>));
    for (const e of node.executions) {
      const own = varied.map((key) => `${key}=${JSON.stringify((e.parameters as Record<string, unknown>)[key] ?? null)}`).join(' ');
      const metadata = Object.entries(e.metadata).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      io.out(`    ${e.id}${own ? ` [${own}]` : ''} ${e.status}${e.reusedFrom ? ` (reuses ${e.reusedFrom})` : ''} ${duration(e.startedAt, e.finishedAt)}  ${shownPath(e.outputsDir, io.cwd)} (${e.outputs.length} ${e.outputs.length === 1 ? 'file' : 'files'})${metadata ? `  ${metadata}` : ''}\n`);
      for (const o of e.outputs) if (o.names.length > 0) io.out(`      ${o.path} (${o.names.join(', ')})\n`);
      if (e.usage) io.out(`      used: ${summaryLine(e.usage)}\n`);
      // Why it failed, without a trip to `logs`: its last lines.
      if (e.status === 'failed' || e.status === 'timed-out') {
        const tail = failureTail(tailOfLog(join(project.dir, STATE_DIR, 'logs', `${e.id}.log`), 200), 5).map((line) => shownText(line.text));
        for (const line of tail) io.out(`      │ ${line}\n`);
        for (const hint of failureHints(tail, run.container !== null)) io.out(`  ${hint}\n`);
      }
    }
  }
  if (run.warnings.length > 0) io.out(`warnings:\n${grouped(run.warnings).map((w) => `  ${w.message}\n`).join('')}`);
  return EXIT_OK;
}
