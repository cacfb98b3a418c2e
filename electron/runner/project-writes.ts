/**
 * What changed in the project's code while a run ran, said as the run ends.
 *
 * Steps run in the project folder itself. A step that writes there (torchvision's
 * `download=True` into ./data, checkpoints, plots) works here and not on Valohai, where each
 * execution gets a fresh copy of the code and what it writes into it is lost with it. And here
 * what it writes stays and counts as code (project-code.ts): the code's fingerprint changes, so
 * `--cache` does not reuse the run's nodes next time. Said once, with the way out: outputs for
 * what a later node needs, `.gitignore` or `.vhignore` for the rest.
 *
 * Who wrote a file cannot be told (a person may be editing code while a long run goes on), so the
 * advice is for the case that a step did.
 */
import { codeFiles, type CodeEntry } from './project-code.ts';

/** Files named, at most; the rest are counted. */
const NAMED = 3;
/**
 * Code files looked at, at most: a folder holding more as the run starts (a data set, outside git)
 * is not listed twice for every run, and nothing is said. One that grows past it as the run goes
 * is said of by the part listed.
 */
const MAX_WATCHED = 20_000;

/** A run's watch on its project's code (see the top of this file). */
export interface ProjectWatch {
  /** The code as the run started, whole; null where it holds more than is listed, or could not be listed. */
  readonly atStart: Promise<readonly CodeEntry[] | null>;
  /** What to say as the run ends: the warning, or null when nothing of the code was written. */
  readonly closingWords: () => Promise<string | null>;
}

/** Lists the code now, as the run starts; its end lists it again and compares. */
export function watchProjectWrites(projectDir: string, since = Date.now()): ProjectWatch {
  const list = (): Promise<CodeEntry[] | null> => codeFiles(projectDir, MAX_WATCHED + 1).catch(() => null);
  const before = list();
  const atStart = before.then((was) => (was === null || was.length > MAX_WATCHED ? null : was));
  const closingWords = async (): Promise<string | null> => {
    const was = await atStart;
    if (was === null) return null;
    const now = await list();
    if (now === null) return null;
    const written = writtenSince(was, now, since);
    if (written.length === 0) return null;
    const part = now.length > MAX_WATCHED ? ` (the code has grown past ${MAX_WATCHED} files: only those were looked at)` : '';
    return warning(written, ignoreLines(settled(was, since), written), part);
  };
  return { atStart, closingWords };
}

export interface Written {
  readonly path: string;
  readonly how: 'new' | 'changed';
}

/**
 * The files of `now` that were not in `was` or differ from it. `was` is listed as the run starts,
 * while its first step may already be writing: what it lists as modified at `since` or later is
 * taken as not there before.
 */
export function writtenSince(was: readonly CodeEntry[], now: readonly CodeEntry[], since: number): Written[] {
  const before = new Map(settled(was, since).map((entry) => [entry.path, entry]));
  const written: Written[] = [];
  for (const entry of now) {
    // (valohai.yaml is the editor's to save as a run goes on, and no step's to write.)
    if (entry.kind !== 'file' || entry.path === 'valohai.yaml') continue;
    const old = before.get(entry.path);
    if (old === undefined || old.kind !== 'file') written.push({ path: entry.path, how: 'new' });
    else if (old.size !== entry.size || old.mtimeMs !== entry.mtimeMs) written.push({ path: entry.path, how: 'changed' });
  }
  return written;
}

/** What the listing as the run started says of the code before it: not what was written since. */
export function settled(was: readonly CodeEntry[], since: number): CodeEntry[] {
  return was.filter((entry) => entry.kind !== 'file' || entry.mtimeMs < since);
}

function warning(written: readonly Written[], lines: readonly string[], part: string): string {
  const named = written.slice(0, NAMED).map((file) => `${file.path} (${file.how})`);
  const more = written.length > NAMED ? ` and ${written.length - NAMED} more` : '';
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')}${more ? ', ' : ' and '}${named.at(-1)}`;
  return (
    `while this run ran, the project's code changed: ${list}${more}${part}. ` +
    "If a step wrote into it: on Valohai that is lost with the step's execution (each gets a fresh copy of the code); " +
    "here it stays and counts as code, so --cache will not reuse this run's nodes next time. " +
    `Write what a later node needs to $VH_OUTPUTS_DIR${lines.length > 0 ? `, and list the rest in .gitignore or .vhignore (${lines.join(', ')})` : ' instead'}.`
  );
}

/**
 * What to list in an ignore file for the new files: the top-level folder of one that the code had
 * no files in before (`data/`), else the file itself. (A changed file is code that was there: not
 * one to leave out.)
 */
export function ignoreLines(was: readonly CodeEntry[], written: readonly Written[]): string[] {
  const folders = new Set(was.map((entry) => entry.path.split('/')[0]));
  const lines = new Set<string>();
  for (const { path, how } of written) {
    if (how !== 'new') continue;
    const top = path.split('/')[0] as string;
    lines.add(top !== path && !folders.has(top) ? `${top}/` : path);
  }
  return [...lines].slice(0, NAMED);
}
