/** Where a command's valohai.yaml is: PATH is the file or a folder holding one (default `.`). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type Located = { readonly ok: true; readonly file: string; readonly dir: string } | { readonly ok: false; readonly message: string };

export function locateValohaiYaml(path: string, cwd: string): Located {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) return { ok: false, message: `${path}: no such file or folder` };
  if (!statSync(absolute).isDirectory()) return { ok: true, file: absolute, dir: dirname(absolute) };
  const file = join(absolute, 'valohai.yaml');
  if (existsSync(file)) return { ok: true, file, dir: absolute };
  const above = projectAbove(absolute);
  const near = instead(absolute, cwd);
  const named = near?.kind === 'alike' ? `; it has ${near.name}, but Valohai and Pipewright look for valohai.yaml: rename it` : near ? `; ${near.dirs.length === 1 ? `one is in ${near.dirs[0]} (give that folder` : `there are some in ${near.dirs.join(', ')} (give one of those folders`} as PATH, or --project for the run verbs)` : undefined;
  // (Nothing given: the project may be elsewhere, and the verbs about runs take it as --project.)
  const hint = named ?? (above ? `; the project above it is ${relative(cwd, above) || '.'} (give that folder as PATH, or --project for the run verbs)` : path === '.' ? ' (name the project folder: as PATH, or as --project PATH for the verbs about runs: show, logs, approve…)' : '');
  return { ok: false, message: `${path}: this folder has no valohai.yaml${hint}` };
}

const LOOK_ALIKE = /^valohai\.(ya?ml)(\.(txt|ya?ml|bak))?$/i;
const SKIPPED = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);

/** What a folder without valohai.yaml holds instead. */
export type Instead = { readonly kind: 'alike'; readonly name: string } | { readonly kind: 'below'; readonly dirs: readonly string[] };

/**
 * A file named nearly so (valohai.yml, Valohai.yaml: Valohai looks for valohai.yaml unless the
 * project's settings name another path), or valohai.yaml files a level or two down (paths relative
 * to `cwd`): a repository whose Valohai project is set to read `conf/valohai.yaml`, say.
 */
export function instead(dir: string, cwd: string): Instead | undefined {
  const alike = listNames(dir).find((name) => LOOK_ALIKE.test(name) && name !== 'valohai.yaml');
  if (alike !== undefined) return { kind: 'alike', name: alike };
  const below: string[] = [];
  let budget = 300; // folders looked into at most: typed in a home folder, say, it answers at once
  const look = (at: string, depth: number): void => {
    for (const name of listNames(at)) {
      if (below.length >= 4 || budget <= 0 || name.startsWith('.') || SKIPPED.has(name)) continue;
      budget -= 1;
      const sub = join(at, name);
      if (!isFolder(sub)) continue;
      if (existsSync(join(sub, 'valohai.yaml'))) below.push(relative(cwd, sub) || '.');
      else if (depth < 2) look(sub, depth + 1);
    }
  };
  look(dir, 1);
  return below.length === 0 ? undefined : { kind: 'below', dirs: below };
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return []; // not readable: nothing to say of it
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder above `dir` holding a valohai.yaml (typed from inside a project's code, say). */
export function projectAbove(dir: string): string | undefined {
  for (let at = dirname(dir); ; at = dirname(at)) {
    if (existsSync(join(at, 'valohai.yaml'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

export type ProjectDir = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly message: string };

/** The folder the editor opens: one holding valohai.yaml, or a folder without one yet (`fresh`). */
export function editableProjectDir(path: string, cwd: string): { readonly ok: true; readonly dir: string; readonly fresh: boolean } | { readonly ok: false; readonly message: string } {
  const absolute = resolve(cwd, path);
  if (existsSync(absolute) && statSync(absolute).isDirectory() && !existsSync(join(absolute, 'valohai.yaml'))) return { ok: true, dir: absolute, fresh: true };
  const found = projectDir(path, cwd);
  return found.ok ? { ...found, fresh: false } : found;
}

/** The project folder for the run verbs, which always read its valohai.yaml. */
export function projectDir(path: string, cwd: string): ProjectDir {
  const found = locateValohaiYaml(path, cwd);
  if (!found.ok) return found;
  if (!existsSync(join(found.dir, 'valohai.yaml'))) {
    // Valohai reads only valohai.yaml at the project's root, and so do runs here.
    return { ok: false, message: `${path}: runs read the project's valohai.yaml, and ${relative(cwd, found.dir) || '.'} has none (give the project folder, or name the file valohai.yaml)` };
  }
  return { ok: true, dir: found.dir };
}
