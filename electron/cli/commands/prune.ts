/** `pipewright prune`: removes old runs, their folders, logs and the stored outputs no kept run uses. */
import { pruneRuns, type PruneResult } from '../../runner/prune.ts';
import { RunnerError } from '../../runner/runner-error.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, printJson, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';

export interface PruneOptions {
  readonly project: string;
  readonly keep: string | undefined;
  readonly olderThan: string | undefined;
  readonly downloads: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
}

/** A whole number of at least `min`, or the usage error that says what was given. */
function count(flag: string, text: string | undefined, min: number): number | string | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) && Number(text) >= min ? Number(text) : `${flag} must be a whole number of at least ${min} (got "${text}")`;
}

export function pruneCommand(options: PruneOptions, io: Io): number {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'prune', project.message, EXIT_USAGE);
  const keep = count('--keep', options.keep, 0);
  const olderThan = count('--older-than', options.olderThan, 0);
  for (const problem of [keep, olderThan]) if (typeof problem === 'string') return refuse(io, 'prune', problem, EXIT_USAGE);
  let result: PruneResult;
  try {
    result = pruneRuns({ projectDir: project.dir, keep: keep as number | undefined, olderThanDays: olderThan as number | undefined, downloads: options.downloads, dryRun: options.dryRun });
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error;
    return refuse(io, 'prune', error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
  }
  if (options.json) return printJson(io, { ...result, dryRun: options.dryRun }), EXIT_OK;
  const runs = (ids: readonly string[]): string => `${ids.length} run${ids.length === 1 ? '' : 's'}${ids.length > 0 ? ` (${ids.join(', ')})` : ''}`;
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const copies = options.downloads ? ` and the kept copies of input URLs (${mib(result.downloadsBytes)})` : '';
  io.out(options.dryRun ? `would remove ${runs(result.pruned)}${copies}; nothing removed (--dry-run)\n` : `removed ${runs(result.pruned)}${copies}, ${mib(result.freedBytes)} freed\n`);
  for (const { run, why } of result.kept) io.out(`kept run ${run}: ${why}\n`);
  return EXIT_OK;
}
