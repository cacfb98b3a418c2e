/**
 * The files on this machine a wildcard default names (`data/*.csv`, `/scratch/coco128/*`),
 * matched as Valohai matches a bucket's keys (see shared/run/valohai-glob.ts): every file under
 * the folder before the first wildcard whose whole path matches, at any depth. Pipewright's own
 * `.pipewright/` and `.git/` are never walked (a run's outputs are not the project's data), nor
 * are links to folders (a loop); a link to a file is taken.
 */
import { lstat, opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { valohaiPattern, wildcardRoot } from '../../../shared/run/valohai-glob.ts';

/** Past this many entries under the wildcard's folder, the pattern is refused: name a narrower folder. */
export const LOCAL_MATCH_MAX_ENTRIES = 200_000;

const NOT_WALKED = new Set(['.pipewright', '.git']);

export class TooManyEntries extends Error {}

/** Absolute paths of the regular files that `pattern` (an absolute path with wildcards) names, sorted. */
export async function localMatches(pattern: string): Promise<string[]> {
  const root = wildcardRoot(pattern) || '/';
  const regexp = valohaiPattern(pattern);
  const found: string[] = [];
  const folders = [root];
  let seen = 0;
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    const dir = await opendir(folder).catch(() => undefined);
    if (dir === undefined) continue;
    for await (const entry of dir) {
      seen += 1;
      if (seen > LOCAL_MATCH_MAX_ENTRIES) throw new TooManyEntries(`more than ${LOCAL_MATCH_MAX_ENTRIES.toLocaleString('en')} files and folders lie under ${root}; name a narrower folder before the wildcard`);
      const full = join(folder, entry.name);
      // A file system that does not say an entry's type (DT_UNKNOWN) is asked.
      const known = entry.isDirectory() || entry.isFile() || entry.isSymbolicLink() ? entry : await lstat(full).catch(() => undefined);
      if (known?.isDirectory()) {
        if (!NOT_WALKED.has(entry.name)) folders.push(full);
      } else if (known !== undefined && regexp.test(full) && (known.isFile() || (known.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isFile()))) {
        found.push(full);
      }
    }
  }
  return found.sort();
}
