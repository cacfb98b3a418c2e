/** File moves that never copy bytes when the file system can avoid it: hard link, then reflink. */
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** Hard link `from` at `to` (same file system), else a reflink/copy-on-write clone, else a copy. */
export async function linkOrClone(from: string, to: string): Promise<'link' | 'clone'> {
  await mkdir(dirname(to), { recursive: true });
  await unlink(to).catch(() => undefined);
  try {
    await link(from, to);
    return 'link';
  } catch {
    await copyFile(from, to, constants.COPYFILE_FICLONE);
    return 'clone';
  }
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

export interface ListedFile {
  /** Relative to the listed folder, with `/` separators. */
  readonly path: string;
  readonly size: number;
}

export interface Listing {
  readonly files: ListedFile[];
  /** What was left out and why (symlinks, sockets, too many files). */
  readonly skipped: string[];
}

export const MAX_LISTED_FILES = 200_000;

/**
 * Regular files under `root`. Symlinks are never followed nor kept: an output that is a link
 * could point anywhere (`../../etc`), so it is reported instead.
 */
export async function listFiles(root: string): Promise<Listing> {
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isSymbolicLink()) skipped.push(`${rel} is a symbolic link; links are not kept (they could point outside)`);
      else if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        if (files.length >= MAX_LISTED_FILES) {
          skipped.push(`more than ${MAX_LISTED_FILES} files; the rest are not kept`);
          return;
        }
        const stat = await lstat(full);
        files.push({ path: rel, size: stat.size });
      } else skipped.push(`${rel} is not a regular file`);
    }
  };
  await walk(root);
  return { files, skipped };
}
