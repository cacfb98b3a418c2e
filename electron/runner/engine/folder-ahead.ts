/**
 * The next execution's folder, made while the executions before it run.
 *
 * Making an execution's folders (`<id>/`, `inputs/`, `outputs/`, `config/`) was the largest part
 * of the runner's time between one node's end and the next one's start: 0.5–0.6 ms of a 1.4 ms gap
 * in a chain of nodes, where the four `mkdir`s wait on the file system's journal behind the
 * database's and the logs' writes. Execution ids are `<run>.<n>`, given in order, so the next one is
 * known before it is needed: its empty folders are made as soon as an execution has started, while
 * the runner only waits, and the execution that gets that id finds them made.
 *
 * At most one is made ahead at a time. Where the id goes to what makes no folder (a cache hit, a
 * reused node, a node whose inputs cannot be placed), the folders go at the run's end. A runner
 * killed in between leaves three empty folders that no record names; the id's next user (a
 * resume) replaces them (prepare-execution.ts makeFolder).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const EXECUTION_SUBFOLDERS = ['inputs', 'outputs', 'config'] as const;

export class FolderAhead {
  private readonly executionsDir: string;
  private readonly nextId: () => string;
  /** The folder made ahead for the next id, not yet given. */
  private made: string | null = null;
  /** Folders made ahead whose id was given, not yet taken by their execution. */
  private readonly given = new Set<string>();
  private closed = false;

  /** `nextId`: the id the next execution will get (without giving it). */
  constructor(stateDir: string, nextId: () => string) {
    this.executionsDir = join(stateDir, 'executions');
    this.nextId = nextId;
  }

  /** Makes the next id's folders, unless they are made. Failing costs nothing: the execution makes them itself. */
  prepare(): void {
    if (this.closed || this.made !== null) return;
    const dir = join(this.executionsDir, this.nextId());
    try {
      mkdirSync(dir);
    } catch {
      return; // there already (left by a runner killed before recording it), or no room: left to makeFolder
    }
    try {
      for (const sub of EXECUTION_SUBFOLDERS) mkdirSync(join(dir, sub));
      this.made = dir;
    } catch {
      removeQuietly(dir);
    }
  }

  /** The id `id` was given (ids are given in order: it is the next one). */
  gave(id: string): void {
    if (this.made === null) return;
    if (this.made === join(this.executionsDir, id)) this.given.add(this.made);
    else removeQuietly(this.made); // (not the next id after all)
    this.made = null;
  }

  /** True when `dir`, an execution's folder about to be made, was made ahead: it is now its own. */
  take(dir: string): boolean {
    return this.given.delete(dir);
  }

  /** The run is over: what was made ahead and not taken (the next id; one given to a cache hit) goes. */
  close(): void {
    this.closed = true;
    for (const dir of [...this.given, ...(this.made === null ? [] : [this.made])]) removeQuietly(dir);
    this.given.clear();
    this.made = null;
  }
}

/** Empty folders made ahead: one that cannot be removed (its parent made read-only) is left, never an error of the run's. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left behind: three empty folders
  }
}
