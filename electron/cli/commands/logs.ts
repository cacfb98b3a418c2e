/** `pipewright logs RUN NODE [--follow]`: an execution's stdout and stderr, as kept on disk. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseStoredLine } from '../../runner/exec/log-file.ts';
import { openStore } from '../../runner/runner.ts';
import { stateDir } from '../../runner/store/database.ts';
import { EXIT_OK, EXIT_USAGE, type Io } from '../output.ts';
import { projectDir } from '../project-dir.ts';

/** Reads new complete lines of a file from `offset`, without loading it whole. */
function readFrom(path: string, offset: number, onLine: (line: string) => void): number {
  if (!existsSync(path)) return offset;
  const size = statSync(path).size;
  if (size <= offset) return offset;
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1024 * 1024);
  let position = offset;
  let carry = '';
  try {
    while (position < size) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read <= 0) break;
      position += read;
      const text = carry + chunk.subarray(0, read).toString('utf8');
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    }
  } finally {
    closeSync(fd);
  }
  return position - Buffer.byteLength(carry);
}

export async function logsCommand(options: { project: string; runId: string; node: string; follow: boolean; json: boolean }, io: Io): Promise<number> {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return io.err(`pipewright logs: ${project.message}\n`), EXIT_USAGE;
  const store = openStore(project.dir);
  const runId = options.runId === 'latest' ? (store.latestRun()?.id ?? '') : options.runId;
  const run = store.getRun(runId);
  if (!run) return io.err(`pipewright logs: no run ${options.runId}\n`), EXIT_USAGE;
  if (!store.getNodes(run.id).some((n) => n.name === options.node)) {
    return io.err(`pipewright logs: run ${run.id} has no node "${options.node}" (nodes: ${store.getNodes(run.id).map((n) => n.name).join(', ')})\n`), EXIT_USAGE;
  }
  const logsDir = join(stateDir(project.dir), 'logs');
  const offsets = new Map<string, number>();
  const pump = (): void => {
    const executions = store.getExecutions(run.id, options.node);
    const many = executions.length > 1;
    for (const e of executions) {
      const logId = e.sourceExecution ?? e.id;
      const offset = offsets.get(e.id) ?? 0;
      offsets.set(
        e.id,
        readFrom(join(logsDir, `${logId}.log`), offset, (record) => {
          const line = parseStoredLine(record);
          if (!line) return;
          if (options.json) io.out(`${JSON.stringify({ execution: e.id, t: line.t, stream: line.stream, text: line.text })}\n`);
          else if (line.stream === 'stderr') io.err(`${many ? `[${e.id}] ` : ''}${line.text}\n`);
          else io.out(`${many ? `[${e.id}] ` : ''}${line.text}\n`);
        }),
      );
    }
  };
  pump();
  if (!options.follow) return EXIT_OK;
  while (store.getRun(run.id)?.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    pump();
  }
  pump();
  return EXIT_OK;
}
