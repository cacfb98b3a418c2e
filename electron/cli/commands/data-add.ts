/**
 * `pipewright data add NAME PATH…`: files of this machine named as a run's outputs name them
 * (runner/data-add-run.ts), run and reported as `run` reports a run.
 */
import { planDataAdd, runDataAdd } from '../../runner/data-add-run.ts';
import { EXIT_USAGE, type Io, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { driveRun } from './run.ts';

export interface DataAddOptions {
  readonly project: string;
  readonly name: string | undefined;
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly verbose: boolean;
}

const USAGE = 'usage: pipewright data add datum://ALIAS FILE | dataset://NAME/VERSION FILE_OR_FOLDER… [--project PATH]';

export async function dataAddCommand(options: DataAddOptions, io: Io): Promise<number> {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'data add', project.message, EXIT_USAGE);
  if (options.name === undefined || options.paths.length === 0) return refuse(io, 'data add', USAGE, EXIT_USAGE);
  const planned = await planDataAdd(project.dir, io.cwd, options.name, options.paths);
  if (typeof planned === 'string') return refuse(io, 'data add', planned, EXIT_USAGE);
  const flags = { json: options.json, verbose: options.verbose };
  return driveRun(io, flags, project.dir, (onEvent, onStarted) => runDataAdd(project.dir, planned, { onEvent, onStarted }));
}
