/**
 * valohai.yaml as the last run read it, kept in `.pipewright/parsed-valohai-yaml.bin`, so a run of
 * an unchanged file does not parse it again. Parsing is most of what a big file costs a run: the
 * YAML library runs cold in each new process (a 1000-node pipeline took ~0.5 s of a run's start,
 * 0.2 s for a chain of 200 nodes; read back from here, ~10 ms).
 *
 * An entry is keyed by the file's text and by the parser that read it (Pipewright's own source
 * files, or its bundle, as this machine has them, and V8's version), so an edited file or an
 * updated Pipewright reads afresh. The model goes through V8's serializer (structured clone:
 * `.inf`, NaN and undefined survive, as JSON would not keep them); a result that does not come back
 * deep-equal is not kept. Anything wrong with the entry (missing, damaged, another file's) is a
 * miss, never an error: the cache only saves time.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { importValohaiYaml, type ImportResult } from '../../shared/valohai/import.ts';

export const PARSED_FILE = 'parsed-valohai-yaml.bin';

export type ParsedYaml = Pick<ImportResult, 'config' | 'diagnostics'>;

interface Entry extends ParsedYaml {
  readonly key: string;
}

/**
 * valohai.yaml's `text` read, from the state folder's entry when it is this text's; kept there for
 * the next run when the folder exists. A run that is about to make the folder (a project's first)
 * calls `keep` once it has: without that, a project's second run parsed again too.
 */
export function importThroughCache(state: string, text: string): ParsedYaml & { readonly keep: () => void } {
  const file = join(state, PARSED_FILE);
  const key = createHash('sha256').update(parserStamp()).update('\0').update(text).digest('hex');
  const kept = readEntry(file);
  if (kept?.key === key) return { config: kept.config, diagnostics: kept.diagnostics, keep: () => undefined };
  const { config, diagnostics } = importValohaiYaml(text);
  let done = false;
  const keepOnce = (): void => {
    if (done || statSync(state, { throwIfNoEntry: false })?.isDirectory() !== true) return;
    done = true;
    keep(file, { key, config, diagnostics });
  };
  keepOnce();
  return { config, diagnostics, keep: keepOnce };
}

function readEntry(file: string): Entry | undefined {
  try {
    const value: unknown = deserialize(readFileSync(file));
    return typeof value === 'object' && value !== null && 'key' in value && 'config' in value && 'diagnostics' in value ? (value as Entry) : undefined;
  } catch {
    return undefined; // none yet, or damaged: read afresh
  }
}

function keep(file: string, entry: Entry): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const bytes = serialize(entry);
    if (!isDeepStrictEqual(deserialize(bytes), entry)) return;
    writeFileSync(temporary, bytes);
    renameSync(temporary, file); // whole or not at all, whichever runner writes last
  } catch {
    // A full disk, a read-only folder: the next run parses again.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written, or nothing can be removed: either way nothing reads it
    }
  }
}

let stamp: string | undefined;

/**
 * What identifies the parser in this process: the size and time of each of Pipewright's shared
 * source files (the parser and what it imports) where it runs from source, else of the bundle
 * this module is part of; the installed `yaml` package's; and V8's version (the entry's format).
 * Where none of that can be read, a stamp of this process alone: every run parses afresh.
 */
function parserStamp(): string {
  if (stamp !== undefined) return stamp;
  const hash = createHash('sha256').update(process.versions.v8);
  const describe = (path: string): void => {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats) hash.update(`${path}\0${stats.size}\0${stats.mtimeMs}\0`);
  };
  try {
    const here = fileURLToPath(import.meta.url);
    describe(here);
    if (here.endsWith('.ts')) walk(fileURLToPath(new URL('../../shared/', import.meta.url)), describe);
    describe(fileURLToPath(import.meta.resolve('yaml/package.json')));
  } catch {
    hash.update(`${process.pid} ${Date.now()}`);
  }
  stamp = hash.digest('hex');
  return stamp;
}

/** Each TypeScript source file under `dir` (not its tests), to `visit`. */
function walk(dir: string, visit: (path: string) => void): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) visit(path);
  }
}
