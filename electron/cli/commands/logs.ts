/**
 * `pipewright logs RUN [NODE | EXECUTION] [--follow]`: a node's executions' stdout and stderr, as kept
 * on disk (NODE: not needed for a run of one node), or one execution's (a sweep's child: 1.3).
 */
import { join } from 'node:path';
import { choices } from '../../../shared/nearest-name.ts';
import { LogReader } from '../../runner/exec/log-file.ts';
import type { StoredLine } from '../../runner/exec/log-file.ts';
import { isAlive, markInterrupted } from '../../runner/liveness.ts';
import { lookupRun, noRun, openStore } from '../../runner/stored-runs.ts';
import { stateDir } from '../../runner/store/database.ts';
import { EXIT_OK, EXIT_USAGE, type Io, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { projectOption } from '../shown-path.ts';

export async function logsCommand(options: { project: string; runId: string; node: string; follow: boolean; json: boolean }, io: Io): Promise<number> {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'logs', project.message, EXIT_USAGE);
  const store = openStore(project.dir);
  const run = lookupRun(store, options.runId);
  if (!run) return refuse(io, 'logs', noRun(options.runId, store), EXIT_USAGE);
  const nodes = store.getNodes(run.id).map((n) => n.name);
  const wanted = options.node === '' && nodes.length === 1 ? (nodes[0] as string) : options.node;
  if (wanted === '') return refuse(io, 'logs', `run ${run.id} has ${nodes.length} nodes: say which (pipewright logs ${run.id} NODE; nodes: ${nodes.join(', ')})`, EXIT_USAGE);
  // An execution's id (as show lists them) picks that one execution of its node.
  const execution = nodes.includes(wanted) ? undefined : store.getExecutions(run.id).find((e) => e.id === wanted);
  if (!nodes.includes(wanted) && !execution) {
    const why = /^\d+\.\d+$/.test(wanted) ? `has no execution "${wanted}" (pipewright show ${run.id} lists them)` : `has no node "${wanted}"${choices(wanted, nodes, 'nodes')}`;
    return refuse(io, 'logs', `run ${run.id} ${why}`, EXIT_USAGE);
  }
  const node = execution?.node ?? wanted;
  const executionsOf = (): ReturnType<typeof store.getExecutions> => store.getExecutions(run.id, node).filter((e) => !execution || e.id === execution.id);
  const logsDir = join(stateDir(project.dir), 'logs');
  const readers = new Map<string, LogReader>();
  const print = (execution: string, many: boolean) => (line: StoredLine): void => {
    if (options.json) io.out(`${JSON.stringify({ execution, t: line.t, stream: line.stream, text: line.text, ...(line.binary ? { binary: true } : {}) })}\n`);
    else if (line.stream === 'stderr') io.err(`${many ? `[${execution}] ` : ''}${line.text}\n`);
    else io.out(`${many ? `[${execution}] ` : ''}${line.text}\n`);
  };
  const pump = (final: boolean): void => {
    const executions = executionsOf();
    for (const e of executions) {
      let reader = readers.get(e.id);
      if (!reader) {
        reader = new LogReader(join(logsDir, `${e.sourceExecution ?? e.id}.log`));
        readers.set(e.id, reader);
      }
      reader.read(print(e.id, executions.length > 1));
      if (final || e.status !== 'running') reader.finish(print(e.id, executions.length > 1));
    }
  };
  let interrupted = false;
  if (options.follow) {
    for (let now = store.getRun(run.id); now?.status === 'running'; now = store.getRun(run.id)) {
      // A runner killed (SIGKILL, a crash) never ends its run: the run is marked as what it is.
      if (!isAlive(now.runnerPid, now.runnerStart)) {
        markInterrupted(store);
        break;
      }
      pump(false);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Said whether its runner died while this followed or before (opening the store marked it then).
    interrupted = store.getRun(run.id)?.status === 'interrupted';
  }
  pump(true);
  if (interrupted) io.err(`pipewright logs: the runner of run ${run.id} stopped before the run finished (pipewright resume ${run.id}${projectOption(project.dir, io.cwd)} continues it)\n`);
  if (executionsOf().length === 0) {
    // Nothing ran, so there is no log: say why rather than print nothing.
    const state = store.getNodes(run.id).find((n) => n.name === node);
    io.err(`pipewright logs: node "${node}" of run ${run.id} ran nothing, so it has no log (${state?.status ?? 'pending'}${state?.error ? `: ${state.error}` : ''})\n`);
  }
  return EXIT_OK;
}
