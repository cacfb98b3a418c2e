/**
 * The content-addressed store of finished outputs: `.pipewright/artifacts/sha256/ab/cdef…`, each
 * a hard link to an output file (no bytes copied), so identical outputs are stored once, a cache
 * key can name an input by its content, and inputs.json can carry checksums as Valohai's does.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256File, type ListedFile } from './file-ops.ts';
import { inParallel } from './in-parallel.ts';

export function artifactPath(stateDir: string, sha256: string): string {
  return join(stateDir, 'artifacts', 'sha256', sha256.slice(0, 2), sha256.slice(2));
}

/**
 * Hashes each output and files it in the store; returns the files with their hashes. Each file
 * is then made read-only: the output, its stored copy and every input that will receive it are
 * one inode, so a step that wrote into its input in place would change the upstream's output and
 * the cache under everyone's feet. It gets "Permission denied" instead (as DVC protects its
 * linked cache), and copies the file first if it means to change it.
 *
 * An output that is also a file elsewhere (a step that hard-linked `data/big.csv` into outputs/
 * to save a copy) first becomes a file of its own: the user's file is neither made read-only nor
 * bound to the store. One that is already a stored file (an input passed through) stays as it is.
 *
 * Sibling executions (a sweep) may file identical content at the same moment: the first link
 * wins and the others keep it; a stored file is never replaced, so readers never miss it.
 */
export async function storeOutputs(stateDir: string, outputsDir: string, files: readonly ListedFile[]): Promise<(ListedFile & { sha256: string })[]> {
  return inParallel(files, async (file) => {
    const source = join(outputsDir, file.path);
    const sha256 = await sha256File(source, file.size);
    const target = artifactPath(stateDir, sha256);
    await readOnly(source, await ownInode(source, target));
    await fileIn(source, target);
    return { ...file, sha256 };
  });
}

/**
 * Links `source` in the store at `target`, whose folder (one of 256) is made the first time one
 * is missing: for twenty thousand outputs a check and a mkdir each cost more than the links.
 */
async function fileIn(source: string, target: string, folderMade = false): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // stored before, or a sibling stored the same bytes first
    // (Once: with its folder made, ENOENT would be the source's, gone, said by the copy below.)
    if (code === 'ENOENT' && !folderMade) {
      await mkdir(dirname(target), { recursive: true });
      return fileIn(source, target, true);
    }
    // Another file system (no hard link): a clone, or a copy, put in place whole.
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await copyFile(source, temp, constants.COPYFILE_FICLONE);
    await readOnly(temp);
    await rename(temp, target);
  }
}

/** Takes the write bits off a file (its mode as `known`, when just read); a file that cannot be changed (not ours) stays as it is. */
async function readOnly(path: string, known?: number): Promise<void> {
  try {
    const mode = known ?? (await stat(path)).mode;
    if ((mode & 0o222) !== 0) await chmod(path, mode & 0o7555);
  } catch {
    // the store works the same; only the protection is missing
  }
}

/**
 * Gives `path` an inode of its own when it shares one with a file outside the store (see above);
 * its mode, when the file is the one it was (undefined when it was replaced by a copy).
 */
async function ownInode(path: string, stored: string): Promise<number | undefined> {
  const info = await lstat(path);
  if (info.nlink <= 1) return info.mode;
  const kept = await lstat(stored).catch(() => null);
  if (kept !== null && kept.ino === info.ino && kept.dev === info.dev) return info.mode;
  const temp = `${path}.pipewright-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await copyFile(path, temp, constants.COPYFILE_FICLONE);
  await rename(temp, path);
  return undefined;
}
