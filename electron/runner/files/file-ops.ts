/** File moves that never copy bytes when the file system can avoid it: hard link, then reflink. */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, opendirSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, type Dir, type Dirent, type Stats } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { inParallel } from './in-parallel.ts';

/**
 * Hard link `from` at `to` (same file system), else a reflink/copy-on-write clone, else a copy.
 * The folder is made only when missing and a file in the way removed only when met, so the usual
 * case is one system call.
 */
export async function linkOrClone(from: string, to: string): Promise<'link' | 'clone'> {
  try {
    await link(from, to);
    return 'link';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') await mkdir(dirname(to), { recursive: true });
    else if (code === 'EEXIST') await unlink(to);
    if (code === 'ENOENT' || code === 'EEXIST') {
      try {
        await link(from, to);
        return 'link';
      } catch {
        // another file system: clone below
      }
    }
    await copyFile(from, to, constants.COPYFILE_FICLONE);
    return 'clone';
  }
}

/** A copy of `from` at `to` that shares no inode with it: a reflink clone where possible, else bytes. */
export async function cloneFile(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to, constants.COPYFILE_FICLONE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to, constants.COPYFILE_FICLONE);
  }
}

/** Bytes read per call while hashing: large reads keep SHA-256 (not the reads) the cost. */
const HASH_CHUNK = 4 * 1024 * 1024;

/**
 * A file's SHA-256. Read in pieces of up to 4 MiB into one buffer: 1 GiB hashes in ~0.7 s here,
 * where a read stream's 64 KiB chunks took 1.7-4 s. The buffer fits the file (`size`, when the
 * caller knows it): 20,000 small outputs must not cost 20,000 buffers of 4 MiB.
 */
export async function sha256File(path: string, size?: number): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  try {
    const known = size ?? (await file.stat()).size;
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(HASH_CHUNK, known + 1)));
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
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

type Entry = Dirent<Buffer>;
type Found = { kind: 'dir'; full: string } | { kind: 'file'; full: string; rel: string } | { kind: 'skip' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What one directory entry is to a listing. Names are read as bytes: one that is not UTF-8 text
 * cannot be named in inputs.json or an edge's glob, so it is reported, as links and special files
 * are, in `skipped`.
 */
function classify(root: string, dir: string, entry: Entry, skipped: string[]): Found {
  let name: string;
  try {
    name = utf8.decode(entry.name);
  } catch {
    const shown = relative(root, join(dir, entry.name.toString('utf8'))).split(sep).join('/');
    skipped.push(`${shown} has a name that is not UTF-8 text; it is not kept (rename it)`);
    return { kind: 'skip' };
  }
  const full = join(dir, name);
  const rel = relative(root, full).split(sep).join('/');
  if (entry.isSymbolicLink()) skipped.push(`${rel} is a symbolic link; links are not kept (they could point outside)`);
  else if (entry.isDirectory()) return { kind: 'dir', full };
  else if (entry.isFile()) return { kind: 'file', full, rel };
  else skipped.push(`${rel} is not a regular file`);
  return { kind: 'skip' };
}

const byName = (a: Entry, b: Entry): number => Buffer.compare(a.name, b.name);

/**
 * Regular files under `root`. Symlinks are never followed nor kept: an output that is a link
 * could point anywhere (`../../etc`), so it is reported instead. A small tree (most steps write
 * a few files) is read on the spot; a larger one through the thread pool, so that a step that
 * wrote 100,000 files does not stall the runner. With `within`, `root` itself must not be (or lie
 * behind) a link (see reachedThroughFolders).
 */
export async function listFiles(root: string, within?: string): Promise<Listing> {
  const reached = within === undefined ? undefined : reachedThroughFolders(root, within);
  if (typeof reached === 'string') return { files: [], skipped: [reached] };
  return listSmall(root, reached?.size) ?? (await listLarge(root));
}

/**
 * Why `root` is not the folder it should be, or else its lstat (null where it is missing): with
 * `within` (a folder the runner made, such as an execution's), `root` must be reached from it
 * through real folders. A step can replace its
 * `outputs/` (or `inputs/x/`) with a link to anywhere (`/home/me/.ssh`); what is there is not its
 * output, and would be hard-linked into the store and made read-only.
 */
function reachedThroughFolders(root: string, within: string): string | Stats | null {
  // Each folder from `within` down to `root` must be one (lstat: a link is not followed), which
  // costs one call a level where resolving both paths cost one a level of each whole path.
  let path = within;
  let stats: Stats | undefined;
  for (const part of relative(within, root).split(sep)) {
    path = join(path, part);
    stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return null; // missing: an empty listing, as for any missing folder
    if (!stats.isSymbolicLink()) continue;
    return `folder ${relative(within, root).split(sep).join('/')} was replaced by a symbolic link (to ${linkTarget(root, path)}); nothing in it is kept`;
  }
  return stats ?? null;
}

/** Where `root` leads through the link at `link`: the real folder, or what the link names where that is not there. */
function linkTarget(root: string, link: string): string {
  try {
    return realpathSync.native(root);
  } catch {
    try {
      return `${readlinkSync(link)}, which is not there`;
    } catch {
      return 'a path that is gone';
    }
  }
}

/**
 * A folder whose size is at most one block holds at most a few hundred names (ext4, tmpfs, btrfs
 * and XFS alike): read at once, in one call where walking it takes three.
 */
const ONE_BLOCK = 4096;

/** The listing of a tree of at most SYNC_ENTRIES entries, or null for a larger one. `rootSize`: its folder's, where known. */
function listSmall(root: string, rootSize?: number): Listing | null {
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  let budget = SYNC_ENTRIES;
  const walk = (dir: string): boolean => {
    let entries: Entry[] = [];
    if (dir === root && rootSize !== undefined && rootSize <= ONE_BLOCK) {
      try {
        entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
      } catch {
        return true;
      }
      return (budget -= entries.length) >= 0 && walkEntries(dir, entries);
    }
    let handle: Dir;
    try {
      handle = opendirSync(dir, { encoding: 'buffer' as BufferEncoding }); // names as bytes (typed as text)
    } catch {
      return true;
    }
    try {
      for (let entry = handle.readSync() as Entry | null; entry !== null; entry = handle.readSync() as Entry | null) {
        if ((budget -= 1) < 0) return false;
        entries.push(entry);
      }
    } catch {
      return true; // unreadable as the async walk finds it: nothing listed from here
    } finally {
      handle.closeSync();
    }
    return walkEntries(dir, entries);
  };
  const walkEntries = (dir: string, entries: Entry[]): boolean => {
    for (const entry of entries.sort(byName)) {
      const found = classify(root, dir, entry, skipped);
      if (found.kind === 'dir' && !walk(found.full)) return false;
      if (found.kind !== 'file') continue;
      const size = lstatSync(found.full, { throwIfNoEntry: false })?.size;
      if (size === undefined) skipped.push(vanished(found.rel));
      else files.push({ path: found.rel, size });
    }
    return true;
  };
  return walk(root) ? { files, skipped } : null;
}

/** A file gone between reading its folder and reading its size (a process still writing). */
const vanished = (path: string): string => `${path} vanished while the outputs were listed`;

async function listLarge(root: string): Promise<Listing> {
  const files: ListedFile[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: Entry[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      return;
    }
    const found = entries.sort(byName).map((entry) => classify(root, dir, entry, skipped));
    // The sizes of this folder's files (as many as can still be kept), several at a time; then
    // everything in name order.
    let room = MAX_LISTED_FILES - files.length;
    const sizes = await inParallel(found, (f) =>
      f.kind === 'file' && (room -= 1) >= 0
        ? lstat(f.full).then(
            (stat) => stat.size,
            () => undefined,
          )
        : Promise.resolve(undefined),
    );
    for (const [i, f] of found.entries()) {
      if (f.kind === 'dir') await walk(f.full);
      if (f.kind !== 'file') continue;
      if (files.length >= MAX_LISTED_FILES) {
        skipped.push(`more than ${MAX_LISTED_FILES} files; the rest are not kept`);
        return;
      }
      const size = sizes[i];
      if (size === undefined) skipped.push(vanished(f.rel));
      else files.push({ path: f.rel, size });
    }
  };
  await walk(root);
  return { files, skipped };
}

/**
 * A small file's text, whole: undefined when it is larger than `max` bytes, grows while it is read
 * (a step's background process still writing it), or cannot be read. For files a step wrote that
 * Pipewright reads (output metadata, inputs.json), so a hostile one costs no more than `max`.
 */
export function readSmallText(path: string, max: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    if (size > max) return undefined;
    const buffer = Buffer.alloc(size + 1);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return read > size ? undefined : buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
