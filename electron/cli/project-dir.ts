/** The project folder a command works on: PATH (a valohai.yaml or its folder), default `.`. */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type ProjectDir = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly message: string };

export function projectDir(path: string, cwd: string): ProjectDir {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) return { ok: false, message: `${path}: no such file or folder` };
  const dir = statSync(absolute).isDirectory() ? absolute : dirname(absolute);
  if (!existsSync(join(dir, 'valohai.yaml'))) return { ok: false, message: `${path}: this folder has no valohai.yaml` };
  return { ok: true, dir };
}
