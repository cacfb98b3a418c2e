/** Opens `.pipewright/runs.db` (node:sqlite, WAL) and keeps `.pipewright/` out of git. */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SCHEMA, SCHEMA_VERSION } from './schema.ts';
import { diskProblem, StateError } from './state-error.ts';

export const STATE_DIR = '.pipewright';

export function stateDir(projectDir: string): string {
  const dir = join(projectDir, STATE_DIR);
  try {
    for (const sub of ['executions', 'logs']) mkdirSync(join(dir, sub), { recursive: true });
    const ignore = join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '# Pipewright state: runs, logs, artifacts, layout\n*\n');
  } catch (error) {
    throw new StateError(stateDirProblem(error, dir));
  }
  return dir;
}

/** Why the state folder cannot be made or written, in the user's terms. */
function stateDirProblem(error: unknown, dir: string): string {
  const { code, path = dir, message } = error as NodeJS.ErrnoException;
  // ENOTDIR names the folder it could not make; the file in the way may be the state folder itself.
  const blocker = code === 'ENOTDIR' && statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false ? dir : path;
  const where = relative(dirname(dir), blocker) || STATE_DIR;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${where} is a file, where Pipewright keeps a folder (its runs, logs and outputs): move it aside`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `Pipewright cannot write ${where} (${code}): it keeps the project's runs, logs and outputs there, so the project folder must be writable`;
  return diskProblem(error, dirname(dir)) ?? `${STATE_DIR} cannot be made (${message})`;
}

/**
 * Write transactions this process holds open (a run's batch of writes, see RunStore.batch), each
 * with the way to commit it. Another connection of this process must have them committed before
 * it writes: waiting would block the one thread that can commit them (SQLite's busy wait is a
 * sleep on this thread), so two runs in one editor, or an Approve or Cancel clicked during a
 * busy run, stalled 10 s and failed with "database is locked".
 */
const openBatches = new Map<DatabaseSync, () => void>();

export function holdBatch(db: DatabaseSync, commit: () => void): void {
  openBatches.set(db, commit);
}

export function releaseBatch(db: DatabaseSync): void {
  openBatches.delete(db);
}

/** Commits the batches other connections of this process hold open, so `db` can write now. */
export function commitOtherBatches(db: DatabaseSync): void {
  for (const [other, commit] of [...openBatches]) if (other !== db) commit();
}

/** `work` on the project's run database opened read-only for it alone; undefined when there is none yet. */
export function withReadOnlyDatabase<T>(projectDir: string, work: (db: DatabaseSync | undefined) => T): T {
  const path = join(projectDir, STATE_DIR, 'runs.db');
  if (!existsSync(path)) return work(undefined);
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The databases that stand in, in memory and empty, for a project that has no runs.db yet. */
const standIns = new WeakSet<DatabaseSync>();

/** Whether `db` is an empty stand-in (see openDatabase's `mode`): a run started since is not in it. */
export function isStandIn(db: DatabaseSync): boolean {
  return standIns.has(db);
}

/** Whether the project has a run database (has ever started a run). */
export function hasRunDatabase(projectDir: string): boolean {
  return existsSync(join(projectDir, STATE_DIR, 'runs.db'));
}

/** Whether nothing stands where the run database goes (a file named `.pipewright` is said by stateDir). */
function noRunDatabase(projectDir: string): boolean {
  const state = statSync(join(projectDir, STATE_DIR), { throwIfNoEntry: false });
  return state === undefined || (state.isDirectory() && !hasRunDatabase(projectDir));
}

/**
 * The project's run database. `read`: a project that has never run gets an empty one in memory,
 * so reading (runs, show, the editor opening it) leaves no `.pipewright/` behind; `write` makes it.
 */
export function openDatabase(projectDir: string, mode: 'read' | 'write' = 'write'): DatabaseSync {
  if (mode === 'read' && noRunDatabase(projectDir)) {
    const empty = new DatabaseSync(':memory:');
    empty.exec(SCHEMA);
    standIns.add(empty);
    return empty;
  }
  const state = stateDir(projectDir);
  const path = join(state, 'runs.db');
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
    // WAL + synchronous=NORMAL: a commit survives the death of any process (what the crash test
    // kills); only a power cut can lose the last commits, and never corrupts the file.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;');
  } catch (error) {
    throw unusable(
      error,
      state,
      `${join(STATE_DIR, 'runs.db')} cannot be opened as the run database (${error instanceof Error ? error.message : String(error)}): ` +
        `move it aside (mv ${join(STATE_DIR, 'runs.db')} ${join(STATE_DIR, 'runs.db.broken')}) and Pipewright starts a new run history; the executions' folders and logs stay`,
    );
  }
  // A reader of a database this version made takes no write lock: `show`, `runs` and `logs` never
  // wait on a runner's open group commit (10 s at worst, where that runner waits on them in turn).
  if (mode === 'read' && madeByThisVersion(db)) return db;
  commitOtherBatches(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SCHEMA);
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (!row) db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    else if (Number(row.value) > SCHEMA_VERSION) throw new StateError(`${join(STATE_DIR, 'runs.db')} was written by a newer Pipewright (schema ${row.value}; this one reads ${SCHEMA_VERSION}): update Pipewright to read its runs`);
    db.exec('COMMIT');
  } catch (error) {
    rollBack(db);
    db.close();
    if (error instanceof StateError) throw error;
    throw unusable(error, state, `${join(STATE_DIR, 'runs.db')}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return db;
}

/** Whether the database has this version's schema already (made by it, nothing to add). */
function madeByThisVersion(db: DatabaseSync): boolean {
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    return row !== undefined && Number(row.value) === SCHEMA_VERSION;
  } catch {
    return false; // no meta table yet: made below
  }
}

/** A database that cannot be used: said as the disk's problem when it is one, else as `otherwise`. */
function unusable(error: unknown, state: string, otherwise: string): StateError {
  const disk = diskProblem(error, state);
  return new StateError(disk !== null ? `${disk}, then try again` : otherwise);
}

/** Runs `work` in one write transaction, so its changes land together or not at all. */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work(); // already inside a batch: it commits as a whole
  commitOtherBatches(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    rollBack(db);
    throw error;
  }
}

/**
 * Undoes the open transaction, if SQLite has not already (it does itself on a full disk, and a
 * second ROLLBACK would hide the reason under "no transaction is active").
 */
export function rollBack(db: DatabaseSync): void {
  try {
    if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
  } catch {
    // the connection is past saving; the reason already on its way says why
  }
}
