/** `pipewright plan`: what a run would do, node by node, and why. */
import { previewRun, previewWarnings } from '../../runner/plan-preview.ts';
import { RunnerError } from '../../runner/runner-error.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, printJson, refuse } from '../output.ts';
import { runProjectDir } from '../name-as-path.ts';
import { runTarget, type RunArgs } from '../run-target.ts';
import { grouped } from '../../../shared/run/grouped-warnings.ts';

export async function planCommand(
  options: RunArgs & { path: string; reuse: string | undefined; cache: boolean; container: boolean; json: boolean; jobs: number | undefined },
  io: Io,
): Promise<number> {
  const project = runProjectDir(options.path, io.cwd);
  if (!project.ok) return refuse(io, 'plan', project.message, EXIT_USAGE);
  const target = runTarget(options, project.dir, io.cwd);
  if (!target.ok) return refuse(io, 'plan', target.message, target.why === 'file' ? EXIT_FAILED : EXIT_USAGE);
  try {
    const preview = await previewRun({ projectDir: project.dir, pipeline: target.name, planOptions: target.options, cache: options.cache, reuse: options.reuse, jobs: options.jobs, container: options.container });
    const warnings = previewWarnings(preview.warnings);
    if (options.json) return printJson(io, { ...preview, warnings }), EXIT_OK;
    for (const n of preview.nodes) {
      const count = n.executions !== undefined && n.executions !== 1 ? ` (${n.executions} executions)` : '';
      const actions = (n.actions ?? []).map((action) => `; ${action}`).join('');
      io.out(`${String(n.level).padStart(2)}. ${n.node}${count}: ${n.fate === 'reuse' ? 'reuse' : 'run'} — ${n.reason}${actions}\n`);
      for (const line of [...(n.takes ?? []), ...(n.fetches ?? [])]) io.out(`      ${line}\n`);
    }
    // What the run would say as it starts, said alike of several nodes once (as `run` says it).
    for (const w of grouped(warnings.map((w) => ({ type: 'run:warning', runId: '', at: 0, ...w }) as const))) io.err(`warning: ${w.message}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error;
    return refuse(io, 'plan', error.message, error.exitCode === 2 ? EXIT_USAGE : EXIT_FAILED);
  }
}
