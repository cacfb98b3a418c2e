/** File moves that never copy bytes when the file system can avoid it: hard link, then reflink. */
import { createHash } from 'node:crypto';
import { constants, createReadStream, lstatSync, opendirSync, type Dir, type Dirent } from 'node:fs';
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

/** Entries a listing reads synchronously before it leaves the walk to the thread pool. */
const SYNC_ENTRIES = 64;

type Found = { kind: 'dir'; full: string } | { kind: 'file'; full: string; rel: string } | { kind: 'skip' };

/** What one directory entry is to a listing; links and special files are reported in `skipped`. */
function classify(root: string, dir: string, entry: Dirent, skipped: string[]): Found {
  const full = join(dir, entry.name);
  const rel = relative(root, full).split(sep).join('/');
  if (entry.isSymbolicLink()) skipped.push(`${rel} is a symbolic link; links are not kept (they could point outside)`);
  else if (entry.isDirectory()) return { kind: 'dir', full };
  else if (entry.isFile()) return { kind: 'file', full, rel };
  else skipped.push(`${rel} is not a regular file`);
  return { kind: 'skip' };
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : 1);

/**
 * Regular files under `root`. Symlinks are never followed nor kept: an output that is a link
 * could point anywhere (`../../etc`), so it is reported instead. A small tree (most steps write
 * a few files) is read on the spot; a larger one through the thread pool, so that a step that
 * wrote 100,000 files does not stall the runner.
 */
export async function listFiles(root: string): Promise<Listing> {
  return listSmall(root) ?? (await listLarge(root));
}

/** The listing of a tree of at most SYNC_ENTRIES entries, or null for a larger one. */
function listSmall(root: string): Listing | null {
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  let budget = SYNC_ENTRIES;
  const walk = (dir: string): boolean => {
    const entries: Dirent[] = [];
    let handle: Dir;
    try {
      handle = opendirSync(dir);
    } catch {
      return true;
    }
    try {
      for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) {
        if ((budget -= 1) < 0) return false;
        entries.push(entry);
      }
    } catch {
      return true; // unreadable as the async walk finds it: nothing listed from here
    } finally {
      handle.closeSync();
    }
    for (const entry of entries.sort(byName)) {
      const found = classify(root, dir, entry, skipped);
      if (found.kind === 'dir' && !walk(found.full)) return false;
      if (found.kind !== 'file') continue;
      try {
        files.push({ path: found.rel, size: lstatSync(found.full).size });
      } catch {
        return false; // it changed under us: the thorough walk decides
      }
    }
    return true;
  };
  return walk(root) ? { files, skipped } : null;
}

async function listLarge(root: string): Promise<Listing> {
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort(byName)) {
      const found = classify(root, dir, entry, skipped);
      if (found.kind === 'dir') await walk(found.full);
      else if (found.kind === 'file') {
        if (files.length >= MAX_LISTED_FILES) {
          skipped.push(`more than ${MAX_LISTED_FILES} files; the rest are not kept`);
          return;
        }
        const stat = await lstat(found.full);
        files.push({ path: found.rel, size: stat.size });
      }
    }
  };
  await walk(root);
  return { files, skipped };
}
