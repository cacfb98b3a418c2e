/** Where a command's valohai.yaml is: PATH is the file or a folder holding one (default `.`). */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export type Located = { readonly ok: true; readonly file: string; readonly dir: string } | { readonly ok: false; readonly message: string };

export function locateValohaiYaml(path: string, cwd: string): Located {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) return { ok: false, message: `${path}: no such file or folder` };
  if (!statSync(absolute).isDirectory()) return { ok: true, file: absolute, dir: dirname(absolute) };
  const file = join(absolute, 'valohai.yaml');
  if (existsSync(file)) return { ok: true, file, dir: absolute };
  const above = projectAbove(absolute);
  // (Nothing given: the project may be elsewhere, and the verbs about runs take it as --project.)
  const hint = above ? `; the project above it is ${relative(cwd, above) || '.'} (give that folder as PATH, or --project for the run verbs)` : path === '.' ? ' (name the project folder: as PATH, or as --project PATH for the verbs about runs: show, logs, approve…)' : '';
  return { ok: false, message: `${path}: this folder has no valohai.yaml${hint}` };
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
