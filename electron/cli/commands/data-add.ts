/**
 * `pipewright data add NAME PATH…`: files of this machine named as a run's outputs name them
 * (runner/data-add-run.ts), run and reported as `run` reports a run.
 */
import { rmSync } from 'node:fs';
import { planDataAdd } from '../../runner/data-add-run.ts';
import { startRun } from '../../runner/runner.ts';
import { EXIT_OK, EXIT_USAGE, type Io, refuse } from '../output.ts';
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
  const exit = await driveRun(io, flags, project.dir, (onEvent, onStarted) => startRun({ projectDir: project.dir, pipeline: planned.pipeline, planOptions: { pipelineParams: {}, nodeParams: {} }, cache: false, onEvent, onStarted, yaml: planned.yaml }));
  if (exit === EXIT_OK) rmSync(planned.folder, { recursive: true, force: true });
  return exit;
}
