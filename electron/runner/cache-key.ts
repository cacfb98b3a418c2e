/**
 * Cache keys: an execution is reused only when everything that could change its result is the
 * same: step definition, resolved command, parameter values, the content of every input file,
 * a fingerprint of the project's code, and the image.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { inParallel } from './files/in-parallel.ts';

const execFileAsync = promisify(execFile);
/** Files looked at, at most: a project folder holding a data set is not all code. */
const MAX_CODE_FILES = 100_000;
const SKIP = new Set(['.pipewright', '.git', 'node_modules', '__pycache__', '.venv', '.mypy_cache', '.pytest_cache']);

/**
 * Paths, sizes and modification times of the project's code files (not their bytes: fast, and any
 * edit changes it). In a git checkout the code is what git would commit, as on Valohai: tracked
 * files and new ones not ignored. What is ignored (a data folder, plots a step writes into the
 * project, experiment trackers' folders) is not code, and changing it does not spoil the cache.
 * Elsewhere, every file but the usual tool folders.
 */
export async function codeFingerprint(projectDir: string): Promise<string> {
  const hash = createHash('sha256');
  const tracked = await gitFiles(projectDir);
  const entries = tracked ? await statEach(projectDir, tracked) : await walkFiles(projectDir);
  for (const entry of entries.sort()) hash.update(`${entry}\n`);
  return hash.digest('hex');
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

async function statEach(dir: string, paths: readonly string[]): Promise<string[]> {
  return inParallel(paths.slice(0, MAX_CODE_FILES), async (path) => {
    const info = await stat(join(dir, path)).catch(() => null);
    return info ? `${path}\t${info.size}\t${Math.trunc(info.mtimeMs)}` : `${path}\tdeleted`;
  });
}

async function walkFiles(projectDir: string): Promise<string[]> {
  const entries: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const items = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const item of items) {
      if (SKIP.has(item.name)) continue;
      const full = join(dir, item.name);
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) {
        const info = await stat(full);
        entries.push(`${relative(projectDir, full).split(sep).join('/')}\t${info.size}\t${Math.trunc(info.mtimeMs)}`);
      }
      if (entries.length > MAX_CODE_FILES) return;
    }
  };
  await walk(projectDir);
  return entries;
}

export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export interface CacheMaterial {
  readonly step: unknown;
  readonly command: string;
  readonly parameters: unknown;
  readonly environment: unknown;
  /** `input/path` → sha256 of the file. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly code: string;
  readonly image: string | undefined;
}

export function canonicalJson(material: CacheMaterial): string {
  return JSON.stringify(canonical(material));
}

export function cacheKey(material: CacheMaterial): string {
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}
