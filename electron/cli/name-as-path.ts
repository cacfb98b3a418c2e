/**
 * The project folder of `run`, `plan` and `export`. Valohai's CLI takes what to run as its first
 * word (`vh pipeline run train-and-ship`, `vh exec run train`); here that word is PATH, the project
 * folder, so such a name was "no such file or folder". When the project here has a pipeline, step
 * or task of that name, the flag that takes it is said instead.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { inEffect } from '../../shared/valohai/model/config.ts';
import { projectAbove, projectDir, type ProjectDir } from './project-dir.ts';
import { importProjectFile, readProjectFile } from './read-project.ts';
import { typed } from './valohai-options.ts';

export function runProjectDir(path: string, cwd: string): ProjectDir {
  const found = projectDir(path, cwd);
  if (found.ok || existsSync(resolve(cwd, path))) return found;
  const here = existsSync(join(cwd, 'valohai.yaml')) ? cwd : projectAbove(cwd);
  const flag = here === undefined ? undefined : flagNaming(path, here);
  if (flag === undefined || here === undefined) return found;
  const file = relative(cwd, join(here, 'valohai.yaml'));
  const where = here === cwd ? '' : `, with ${relative(cwd, here)} as PATH`;
  return { ok: false, message: `${path}: no such file or folder; PATH is the project folder, and ${path} is a ${flag.slice(2)} of ${file}: give it as ${flag} ${typed(path)}${where}` };
}

/** The flag that names `name` in the project at `dir`: --pipeline, --step or --task; undefined when none is so named. */
function flagNaming(name: string, dir: string): '--pipeline' | '--step' | '--task' | undefined {
  const file = readProjectFile(join(dir, 'valohai.yaml'), dir);
  if (!file.ok) return undefined;
  const { config } = importProjectFile(file);
  if (!config) return undefined;
  const used = inEffect(config);
  if (used.pipelines.some((p) => p.name === name)) return '--pipeline';
  if (used.steps.some((s) => s.name === name)) return '--step';
  if (used.tasks.some((t) => t.name === name)) return '--task';
  return undefined;
}
