/**
 * Cache keys: an execution is reused only when everything that could change its result is the
 * same: step definition, resolved command, parameter values, the content of every input file,
 * a fingerprint of the project's code, and the image.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const SKIP = new Set(['.pipewright', '.git', 'node_modules', '__pycache__', '.venv', '.mypy_cache', '.pytest_cache']);

/** Paths, sizes and modification times of the project's files (not their bytes: fast, and any edit changes it). */
export async function codeFingerprint(projectDir: string): Promise<string> {
  const hash = createHash('sha256');
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
      if (entries.length > 100_000) return;
    }
  };
  await walk(projectDir);
  for (const entry of entries.sort()) hash.update(`${entry}\n`);
  return hash.digest('hex');
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
