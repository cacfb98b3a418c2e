/**
 * What counts as the project's code: the files Valohai's CLI would package for an ad-hoc run
 * (valohai-cli's packager.py). In a git checkout, what git would commit: tracked files and new ones
 * not ignored. Elsewhere, every file but the usual tool folders, less what the project's root
 * `.gitignore` ignores. In both, less what `.vhignore` ignores: the file Valohai reads to leave
 * data, checkpoints and plots out of the code.
 *
 * The cache keys carry a fingerprint of it (cache-key.ts), and a run says what its steps wrote
 * into it (project-writes.ts).
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import ignore, { type Ignore } from 'ignore';
import { inParallel } from './files/in-parallel.ts';

const execFileAsync = promisify(execFile);
/** Files looked at, at most: a project folder holding a data set is not all code. */
const MAX_CODE_FILES = 100_000;
/** Tool folders, never code (Python's compiled modules, an editor's notebook checkpoints, …), with git too. */
const SKIP = new Set(['.pipewright', '.git', 'node_modules', '__pycache__', '.venv', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints']);

/** One file of the code, by its path (relative, with /): as it is, or tracked by git and not there. */
export type CodeEntry = { readonly path: string; readonly kind: 'file'; readonly size: number; readonly mtimeMs: number } | { readonly path: string; readonly kind: 'deleted' };

/** The project's code files, sorted by path (see the top of this file): `limit` of them at most. */
export async function codeFiles(projectDir: string, limit = MAX_CODE_FILES): Promise<CodeEntry[]> {
  const [tracked, vhignore] = await Promise.all([gitFiles(projectDir), ignoreFile(projectDir, '.vhignore')]);
  let paths: string[];
  if (tracked) paths = tracked.filter((path) => !path.split('/').some((name) => SKIP.has(name)));
  else {
    const rules = await ignoreFile(projectDir, '.gitignore');
    paths = await walkFiles(projectDir, limit, (path, folder) => rules?.ignores(folder ? `${path}/` : path) === true || vhignore?.ignores(folder ? `${path}/` : path) === true);
  }
  const kept = vhignore ? paths.filter((path) => !vhignore.ignores(path)) : paths;
  const entries = await inParallel<string, CodeEntry>(kept.slice(0, limit), async (path) => {
    const info = await stat(join(projectDir, path)).catch(() => null);
    return info ? { path, kind: 'file', size: info.size, mtimeMs: Math.trunc(info.mtimeMs) } : { path, kind: 'deleted' };
  });
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A file of gitignore rules at the project's root, or null where there is none. */
async function ignoreFile(projectDir: string, name: string): Promise<Ignore | null> {
  const text = await readFile(join(projectDir, name), 'utf8').catch(() => null);
  return text === null ? null : ignore({ allowRelativePaths: true }).add(text);
}

/** The files git would commit from `dir` (relative to it), or null where git cannot say. */
async function gitFiles(dir: string): Promise<string[] | null> {
  try {
    const { stdout } = await execFileAsync('git', ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout.split('\0').filter((path) => path !== '');
  } catch {
    return null; // not a checkout, or no git
  }
}

/** Every file under `projectDir` (relative, with /) but the tool folders and what `ignored` leaves out. */
async function walkFiles(projectDir: string, limit: number, ignored: (path: string, folder: boolean) => boolean): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const items = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const item of items) {
      if (SKIP.has(item.name) || paths.length > limit) continue;
      const full = join(dir, item.name);
      const path = relative(projectDir, full).split(sep).join('/');
      if (item.isDirectory()) {
        if (!ignored(path, true)) await walk(full);
      } else if (item.isFile() && !ignored(path, false)) paths.push(path);
    }
  };
  await walk(projectDir);
  return paths;
}
