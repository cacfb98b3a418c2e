/**
 * `pipewright prune`: removes old runs of a project, with their execution folders, logs, records
 * and the stored outputs no remaining run refers to. A run whose results a kept run reuses (by
 * `--reuse` or the cache) is kept: its folders are that run's outputs too; so is one holding the
 * file a datum alias names, or files of a dataset's newest version (store/datum-index.ts), and one
 * whose outputs an unfinished kept run took as inputs (a resume takes them again). Nothing is removed
 * while a run of the project is running (it may be reusing what would go).
 */
import { runDeploymentsDir } from './engine/deployment.ts';
import { existsSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { RunnerError } from './runner-error.ts';
import { withStore } from './stored-runs.ts';
import { STATE_DIR, transaction, stateDir } from './store/database.ts';
import type { RunHead, RunRow, RunStore } from './store/run-store.ts';
import { artifactPath } from './files/artifact-store.ts';
import { removeStaleParts } from './files/stale-parts.ts';
import { namedDataHolders, pinnedSources } from './store/datum-index.ts';

export interface PruneRequest {
  readonly projectDir: string;
  /** Keep this many of the newest runs of each pipeline. */
  readonly keep?: number;
  /** Prune only runs created more than this many days ago. */
  readonly olderThanDays?: number;
  /** Remove the copies of input URLs kept in downloads/ too. */
  readonly downloads?: boolean;
  /** Say what would go, remove nothing. */
  readonly dryRun: boolean;
  readonly now?: number;
}

export interface PruneResult {
  /** The runs removed (or, in a dry run, that would be), oldest first. */
  readonly pruned: readonly string[];
  /** Runs the rules chose that stay, and why. */
  readonly kept: readonly { readonly run: string; readonly why: string }[];
  /** Free space gained on the project's file system (0 in a dry run). */
  readonly freedBytes: number;
  /** The size of the downloads removed (or, in a dry run, that would be): 0 without `downloads`. */
  readonly downloadsBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function pruneRuns(request: PruneRequest): PruneResult {
  if (request.keep === undefined && request.olderThanDays === undefined && !request.downloads) throw new RunnerError('say what goes: --keep N (the newest N of each pipeline stay), --older-than DAYS, or both, and/or --downloads', 2);
  return withStore(request.projectDir, (store) => prune(store, request));
}

function prune(store: RunStore, request: PruneRequest): PruneResult {
  // Opening the store marked runs whose runner died as interrupted: those still running are alive.
  const running = store.runningRuns()[0];
  if (running) throw new RunnerError(`run ${running.id} is running: prune when no run of this project is (a running run may reuse what would go)`);
  const runs = store.listRuns(Number.MAX_SAFE_INTEGER);
  const chosen = request.keep === undefined && request.olderThanDays === undefined ? new Set<string>() : choose(runs, request);
  // Runs whose executions reuse another run's (their folder, log and outputs are that run's).
  const sources = store.db.prepare('SELECT DISTINCT e.run_id AS user, s.run_id AS source FROM executions e JOIN executions s ON e.source_execution = s.id WHERE e.run_id != s.run_id').all() as { user: string; source: string }[];
  const kept: { run: string; why: string }[] = [];
  // Runs holding what a datum alias or a dataset's newest version names: later runs take it as input.
  for (const { run, why } of namedDataHolders(store.db)) {
    if (chosen.delete(run)) kept.push({ run, why });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const { user, source } of sources) {
      if (chosen.has(source) && !chosen.has(user)) {
        chosen.delete(source);
        kept.push({ run: source, why: `run ${user} reuses its results` });
        changed = true;
      }
    }
  }
  // Runs whose outputs an unfinished kept run pinned as inputs: its resume takes them.
  for (const head of runs.filter((r) => !chosen.has(r.id) && r.status !== 'succeeded')) {
    const user = store.getRun(head.id) as RunRow;
    for (const source of pinnedSources(user.planJson)) if (source !== user.id && chosen.delete(source)) kept.push({ run: source, why: `run ${user.id}, which may be resumed, takes its outputs as inputs` });
  }
  const pruned = runs.filter((r) => chosen.has(r.id)).map((r) => r.id).reverse();
  // A project that has never run (nor fetched an input for `plan`) has nothing to free, and no `.pipewright/` to make.
  if (!existsSync(join(request.projectDir, STATE_DIR))) return { pruned, kept, freedBytes: 0, downloadsBytes: 0 };
  const state = stateDir(request.projectDir);
  const downloads = join(state, 'downloads');
  const downloadsBytes = request.downloads ? bytesUnder(downloads) : 0;
  if (request.dryRun) return { pruned, kept, freedBytes: 0, downloadsBytes };

  const free = (): number => {
    const stats = statfsSync(state);
    return stats.bavail * stats.bsize;
  };
  const before = free();
  // What fetches cut short by a killed runner left (no run runs: every one is stale); with
  // `downloads`, all of it (executions that read a copy hold their own link to it).
  if (request.downloads) rmSync(downloads, { recursive: true, force: true });
  else removeStaleParts(downloads);
  if (pruned.length === 0) return { pruned, kept, freedBytes: Math.max(0, free() - before), downloadsBytes };
  for (const runId of pruned) removeRun(store.db, state, runId);
  forgetCodeListings(store.db, state);
  try {
    store.db.exec('VACUUM'); // the database gives back the pages the removed records held
  } catch {
    // busy elsewhere: its free pages are reused by later runs instead
  }
  return { pruned, kept, freedBytes: Math.max(0, free() - before), downloadsBytes };
}

/** The bytes of the files under `dir` (none: 0). */
function bytesUnder(dir: string): number {
  let total = 0;
  try {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  } catch {
    return total; // not there
  }
  return total;
}

/** Which finished runs the rules pick: beyond the newest `keep` of their pipeline, and older than the days given. */
function choose(runs: readonly RunHead[], request: PruneRequest): Set<string> {
  const now = request.now ?? Date.now();
  const seen = new Map<string, number>();
  const chosen = new Set<string>();
  for (const run of runs) {
    // listRuns is newest first: count each pipeline's runs as they come.
    const rank = (seen.get(run.pipeline) ?? 0) + 1;
    seen.set(run.pipeline, rank);
    if (run.status === 'running') continue;
    if (request.keep !== undefined && rank <= request.keep) continue;
    if (request.olderThanDays !== undefined && now - run.createdAt < request.olderThanDays * DAY_MS) continue;
    chosen.add(run.id);
  }
  return chosen;
}

/** The code listings (cache-key.ts) no kept execution's cache key names. */
function forgetCodeListings(db: DatabaseSync, state: string): void {
  const named = new Set((db.prepare("SELECT DISTINCT json_extract(cache_material_json, '$.code') AS code FROM executions WHERE cache_material_json IS NOT NULL").all() as { code: string | null }[]).map((r) => r.code));
  let listings: string[];
  try {
    listings = readdirSync(join(state, 'code'));
  } catch {
    return; // none kept
  }
  for (const hash of listings) if (!named.has(hash)) rmSync(join(state, 'code', hash), { force: true });
}

/** One run's records in one transaction, then its own folders and logs, then stored outputs no one refers to. */
function removeRun(db: DatabaseSync, state: string, runId: string): void {
  const own = db.prepare('SELECT id, dir FROM executions WHERE run_id = ? AND source_execution IS NULL').all(runId) as { id: string; dir: string }[];
  const hashes = (db.prepare('SELECT DISTINCT o.sha256 AS sha256 FROM outputs o JOIN executions e ON o.execution_id = e.id WHERE e.run_id = ? AND o.sha256 IS NOT NULL').all(runId) as { sha256: string }[]).map((r) => r.sha256);
  transaction(db, () => {
    for (const table of ['outputs', 'metadata', 'output_metadata', 'output_labels', 'usage']) db.prepare(`DELETE FROM ${table} WHERE execution_id IN (SELECT id FROM executions WHERE run_id = ?)`).run(runId);
    for (const table of ['executions', 'nodes', 'approvals', 'events']) db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
  });
  // The records went first: a prune cut short leaves files no record names, never a record without its files.
  const executions = join(state, 'executions') + sep;
  for (const execution of own) {
    if (execution.dir.startsWith(executions)) rmSync(execution.dir, { recursive: true, force: true }); // (never outside the state folder)
    rmSync(join(state, 'logs', `${execution.id}.log`), { force: true });
  }
  // Its endpoints' folders (links into the project are removed, never followed).
  rmSync(runDeploymentsDir(state, runId), { recursive: true, force: true });
  const stillUsed = db.prepare('SELECT 1 FROM outputs WHERE sha256 = ? LIMIT 1');
  for (const sha256 of hashes) if (stillUsed.get(sha256) === undefined) rmSync(artifactPath(state, sha256), { force: true });
}
