/**
 * Valohai's folders are `/valohai/inputs`, `/valohai/outputs`…: no spaces, so commands written for
 * Valohai use `$VH_OUTPUTS_DIR` unquoted (`touch $VH_OUTPUTS_DIR/model.pkl`). A project in
 * `~/My Projects/` would split such a word in two. For such a project the `VH_*_DIR` variables
 * name the same folders through a link of plain characters,
 * `$TMPDIR/pipewright-paths-<uid>/<name>-<hash>` → the project folder, in a folder only this user
 * may write. Where no such link can be made, the real path is used (as before).
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Characters a shell takes literally in an unquoted word. */
const PLAIN = /^[\w/.,+:@%-]+$/;

const made = new Map<string, string>();

/** A path to `projectDir` that an unquoted shell word keeps whole: itself when it already is one. */
export function shellSafeDir(projectDir: string): string {
  if (PLAIN.test(projectDir)) return projectDir;
  const known = made.get(projectDir);
  if (known !== undefined) return known;
  const alias = linkTo(projectDir) ?? projectDir;
  made.set(projectDir, alias);
  return alias;
}

function linkTo(projectDir: string): string | undefined {
  const uid = process.getuid?.();
  const folder = join(tmpdir(), `pipewright-paths-${uid ?? 'user'}`);
  const name = `${basename(projectDir).replace(/[^\w.-]+/g, '_').slice(0, 40)}-${createHash('sha256').update(projectDir).digest('hex').slice(0, 10)}`;
  const link = join(folder, name);
  if (!PLAIN.test(link)) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Another user's folder (or a link planted in its place) is not used: a link there could be changed under the run.
    const stat = lstatSync(folder);
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o077) !== 0) return undefined;
    if (pointsTo(link) === projectDir) return link;
    // Made beside and renamed into place, so a reader never sees a link half made or pointing elsewhere.
    const temp = `${link}.${process.pid}.tmp`;
    symlinkSync(projectDir, temp);
    renameSync(temp, link);
    return pointsTo(link) === projectDir ? link : undefined;
  } catch {
    return undefined;
  }
}

function pointsTo(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}
