/**
 * Paths and commands as the user would type them from where they are: a project below the current
 * folder by its relative path, one elsewhere by its absolute path (not `../../tmp/x`), and a
 * suggested command (`pipewright approve 3 gate`) with ` --project PATH` when the project is not
 * the current folder, so that pasting it works.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { shellQuote } from '../../shared/run/python-format.ts';

export function shownPath(path: string, cwd: string): string {
  const full = resolve(cwd, path);
  const below = relative(cwd, full);
  if (below === '') return '.';
  return below.startsWith('..') || isAbsolute(below) ? full : below;
}

/** ` --project PATH` for a suggested command, or '' when the project is the current folder. */
export function projectOption(projectDir: string, cwd: string): string {
  return resolve(cwd, projectDir) === resolve(cwd) ? '' : ` --project ${shellQuote(shownPath(projectDir, cwd))}`;
}
