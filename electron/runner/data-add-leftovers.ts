/** What a data add (data-add-run.ts) leaves in `.pipewright/` for a resume, removed once no run needs it. */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir, withReadOnlyDatabase } from './store/database.ts';

/**
 * The names files of data adds that no longer need them: each stays until its run succeeds (a
 * resume needs it), so a run that succeeded on a resume, or was pruned, left it. Kept: those a
 * run not yet succeeded names, and those made in the last minute (a data add in another process
 * makes its folder before its run is recorded).
 */
export function removeDataAddLeftovers(project: string): void {
  const state = stateDir(project);
  let folders: string[];
  try {
    folders = readdirSync(state).filter((name) => name.startsWith('data-add-'));
  } catch {
    return;
  }
  if (folders.length === 0) return;
  try {
    const plans = withReadOnlyDatabase(project, (db) => (db?.prepare("SELECT plan_json FROM runs WHERE pipeline LIKE 'data add %' AND status != 'succeeded'").all() ?? []) as { plan_json: string }[]);
    for (const folder of folders) {
      const path = join(state, folder);
      if (Date.now() - statSync(path).mtimeMs < 60_000) continue;
      if (!plans.some((p) => p.plan_json.includes(JSON.stringify(path).slice(1, -1)))) rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // A database this cannot read (being written, from another version): left for the next time.
  }
}
