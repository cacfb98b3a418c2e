/** The scripts at the top of a project folder, for a new step's command (see new-step-defaults.ts). */
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScriptOutline } from '../../../shared/valohai/script/script-outline.ts';
import { readScriptOutline } from '../script-options.ts';

/** What a step runs: Python, shell, R and Julia scripts. */
const SCRIPT = /^[^.].*\.(py|sh|R|r|jl)$/;
/** A folder of many thousands of files is not read through for this: only its first entries. */
const ENTRIES_MAX = 5000;
const SCRIPTS_MAX = 200;

export async function projectScripts(dir: string): Promise<string[]> {
  const scripts: string[] = [];
  let seen = 0;
  try {
    for await (const entry of await opendir(dir)) {
      if ((seen += 1) > ENTRIES_MAX) break; // (leaving the loop closes the folder)
      if ((entry.isFile() || entry.isSymbolicLink()) && SCRIPT.test(entry.name) && entry.name.length <= 255) scripts.push(entry.name);
    }
  } catch {
    return []; // an unreadable folder offers none; the editor's own default stands
  }
  return scripts.sort().slice(0, SCRIPTS_MAX);
}

/**
 * What a top-level Python script of the project declares it takes. Only a script `projectScripts`
 * lists (a name, not a path: nothing outside the folder is read); undefined for any other.
 */
export async function projectScriptOutline(dir: string, script: string): Promise<ScriptOutline | undefined> {
  if (!script.endsWith('.py') || !(await projectScripts(dir)).includes(script)) return undefined;
  return readScriptOutline(join(dir, script));
}
