/**
 * The scripts of a project folder, for a new step's command (see new-step-defaults.ts): those at
 * its top and in its folders two levels down (`src/train.py`, `scripts/prep/clean.sh`), as real
 * projects keep them, nearest first. Hidden folders, virtual environments, `node_modules` and
 * `__pycache__` are not looked into, nor folders reached through a link.
 */
import { lstat, opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptOutline } from '../../../shared/valohai/script/script-outline.ts';
import { readScriptOutline } from '../script-options.ts';

/** What a step runs: Python, shell, R and Julia scripts. */
const SCRIPT = /^[^.].*\.(py|sh|R|r|jl)$/;
/** Python files that are not a program to run: a package's, packaging's and pytest's own. */
const NOT_PROGRAMS = new Set(['__init__.py', 'setup.py', 'conftest.py']);
/** Folders that hold no script of the project's own. */
const NOT_OURS = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'env', 'virtualenv']);
/** The top and two levels of folders below it. */
const DEPTH_MAX = 2;
/** A folder of many thousands of files is not read through for this: only its first entries, all levels together… */
const ENTRIES_MAX = 5000;
/** …and so many of a folder below the top (a `data/` of 100,000 files leaves `src/` its turn). */
const FOLDER_ENTRIES_MAX = 1000;
const FOLDERS_MAX = 500;
const SCRIPTS_MAX = 200;
const PATH_MAX = 255;

/** A script of the project's own, by its file name. */
const isScript = (name: string): boolean => SCRIPT.test(name) && !NOT_PROGRAMS.has(name);
/** A folder that may hold the project's own scripts, by its name (a virtual environment of another name is told by isVirtualEnv). */
const isOurs = (name: string): boolean => !name.startsWith('.') && !NOT_OURS.has(name);

export async function projectScripts(dir: string): Promise<string[]> {
  const found: { path: string; depth: number }[] = [];
  let seen = 0;
  let folders = 0;
  // Breadth first, so a folder of thousands of files deep down leaves the top's scripts listed.
  let level: string[] = [''];
  for (let depth = 0; depth <= DEPTH_MAX && level.length > 0; depth += 1) {
    const next: string[] = [];
    for (const folder of level) {
      if (seen > ENTRIES_MAX) break;
      const subfolders: string[] = [];
      let here = 0;
      try {
        for await (const entry of await opendir(join(dir, folder))) {
          if ((seen += 1) > ENTRIES_MAX || (depth > 0 && (here += 1) > FOLDER_ENTRIES_MAX)) break; // (leaving the loop closes the folder)
          const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
          if (path.length > PATH_MAX) continue;
          if ((entry.isFile() || entry.isSymbolicLink()) && isScript(entry.name)) found.push({ path, depth });
          else if (entry.isDirectory() && depth < DEPTH_MAX && isOurs(entry.name)) subfolders.push(path);
        }
      } catch {
        if (depth === 0) return []; // an unreadable folder offers none; the editor's own default stands
        continue; // a folder below it that cannot be read offers none of its own
      }
      for (const sub of subfolders.sort()) {
        if ((folders += 1) > FOLDERS_MAX) break;
        if (!(await isVirtualEnv(join(dir, sub)))) next.push(sub);
      }
    }
    level = next;
  }
  return found
    .sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, SCRIPTS_MAX)
    .map((s) => s.path);
}

/** A Python virtual environment of any name (`.venv` is hidden already; `myenv/` is not). */
async function isVirtualEnv(folder: string): Promise<boolean> {
  try {
    return (await stat(join(folder, 'pyvenv.cfg'))).isFile();
  } catch {
    return false;
  }
}

/**
 * What a Python script of the project declares it takes (of a script of several commands, what
 * `command` takes). Only a script `projectScripts` would list (a path inside the folder, by the
 * same rules, told from the path itself rather than by listing the folder again); undefined for
 * any other: nothing outside the folder is read.
 */
export async function projectScriptOutline(dir: string, script: string, command?: string): Promise<ScriptOutline | undefined> {
  const path = script.replace(/^(\.\/)+/, '');
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (!path.endsWith('.py') || path.length > PATH_MAX || parts.length > DEPTH_MAX + 1 || !isScript(name)) return undefined;
  const folders = parts.slice(0, -1);
  if (folders.some((folder) => folder === '..' || !isOurs(folder))) return undefined;
  try {
    for (let i = 1; i <= folders.length; i += 1) {
      const folder = join(dir, ...folders.slice(0, i));
      // A real folder (the listing follows no link to one), and not a virtual environment.
      if (!(await lstat(folder)).isDirectory() || (await isVirtualEnv(folder))) return undefined;
    }
    const file = await lstat(join(dir, path));
    if (!file.isFile() && !file.isSymbolicLink()) return undefined;
  } catch {
    return undefined; // not there
  }
  return readScriptOutline(join(dir, path), dir, command);
}
