/**
 * Fills an execution's `inputs/<name>/` from edges (upstream outputs and inputs, by hard link)
 * and from defaults Pipewright can fetch (local paths and globs, file://, http(s):// downloaded
 * once into `.pipewright/downloads/`, datum:// and dataset:// names this project's runs gave
 * their outputs), and describes them for `config/inputs.json`.
 */
import { statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { hasWildcard, wildcardRoot } from '../../../shared/run/valohai-glob.ts';
import { LOCAL_FETCH } from '../../../shared/run/plan.ts';
import type { Input } from '../../../shared/valohai/model/input.ts';
import { download, DownloadError } from './download.ts';
import type { FetchOptions, FetchProgress } from './shared-fetch.ts';

import { awsCli, fetchS3, isS3, s3Parts } from './s3-fetch.ts';
import { fetchGcs, gcsParts, isGcs } from './gcs-fetch.ts';
import { azureParts, fetchAzure, isAzure } from './azure-fetch.ts';
import { cloneFile, linkOrClone, sha256File } from './file-ops.ts';
import { lookUpDatum, resolveDatum } from '../store/datum-index.ts';
import { inParallel } from './in-parallel.ts';
import { localMatches, TooManyEntries } from './local-matches.ts';

/**
 * A project file an input default names is copied (a reflink where the file system clones) up to
 * this size, so a step writing into its input cannot change the project's own file; a larger one
 * is hard-linked, as valohai-utils reads local inputs in place (the input guard reports a change).
 */
export const PROJECT_FILE_COPY_MAX = 64 * 1024 * 1024;

/**
 * What keeps an execution's inputs from being placed: its node fails with this message.
 * `remedy`: what the user can do about it, said with the flag that does it: the input whose
 * default failed is `optional` (the node could run without it), or its default was `fetched`
 * from the network and failed (a copy kept on this machine can stand in for it), or both.
 */
export class InputError extends Error {
  readonly remedy: InputRemedy | undefined;

  constructor(message: string, remedy?: InputRemedy) {
    super(message);
    this.remedy = remedy;
  }

  /** The message as node `node`'s failure, with its remedy in the flag of this run's kind (`--input` where a step runs alone). */
  forNode(node: string, alone: boolean): string {
    if (this.remedy === undefined) return this.message;
    const flag = alone ? `--input ${this.remedy.input}=` : `--node-input ${node}.${this.remedy.input}=`;
    const copy = `${flag}PATH gives ${alone ? 'it' : 'the node'} a copy kept on this machine instead`;
    if (this.remedy.kind === 'fetched') return `${this.message}; ${copy}`;
    const without = `the input is optional: ${flag} runs ${alone ? 'it' : 'the node'} without it`;
    return `${this.message}; ${without}${this.remedy.fetched ? `, ${copy}` : ''}`;
  }
}

export type InputRemedy = { readonly kind: 'optional'; readonly input: string; readonly fetched: boolean } | { readonly kind: 'fetched'; readonly input: string };

/** A file an edge delivers: an upstream execution's output or input file. */
export interface EdgeFile {
  readonly absolutePath: string;
  /** Path relative to the source folder (outputs/ or inputs/<name>/). */
  readonly path: string;
  /** `path` after the edge glob's wildcard root (`models/` of `models/*.pkl`): what `keep-directories: suffix` keeps. */
  readonly suffix?: string;
  readonly size: number;
  /** Where it came from, for inputs.json (`pipewright://run/node/execution/path`). */
  readonly uri: string;
  readonly sourceExecution: string;
  /** Known when the file is a stored output. */
  readonly sha256?: string | null;
}

export interface InputFileRecord {
  readonly name: string;
  readonly path: string;
  readonly uri: string;
  readonly size: number;
  readonly checksums?: { readonly sha256: string };
}

export type InputsJson = Record<string, { files: InputFileRecord[] }>;

export interface InputContext {
  readonly projectDir: string;
  readonly downloadsDir: string;
  /** The run's own store connection: it sees the names an upstream node of this run gave, before their batch commits. */
  readonly db?: DatabaseSync;
  /** The execution's cancel: a download or bucket fetch under way stops waiting (FetchCancelled). */
  readonly signal?: AbortSignal;
  /** How far a download or bucket fetch of an input's default has come, while it comes. */
  readonly onFetch?: (input: string, url: string, progress: FetchProgress) => void;
  /** When the run started: a bucket URL looked at before is looked at again (bucket-fetch.ts), a download checked before is checked again (kept-copy.ts). */
  readonly runStart?: number;
  /** Hears what the run should be told of a fetch (a kept listing or copy used, for want of a server to ask). */
  readonly onNotice?: (message: string) => void;
  /** The run's environment (the shell's and the project's `.env`): a cloud store's credentials, for its fetch. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Where a local default (a path from the project folder, an absolute one, file://) is on this machine. */
function localPath(url: string, projectDir: string): string {
  return url.startsWith('file://') ? fileURLToPath(url) : isAbsolute(url) ? url : resolve(projectDir, url);
}

/**
 * Why a default cannot be fetched for a run here, said before the run starts (the plan's
 * `unfetchable`): what Pipewright cannot fetch at all, a named local file that is not there, and
 * a datum:// alias or dataset:// version no run here made.
 * (A pattern is matched when the execution starts; an optional input may match nothing.)
 */
export function unfetchableHere(projectDir: string): (url: string) => string | undefined {
  return (url) => {
    const datum = lookUpDatum(projectDir, url);
    if (datum !== undefined) return datum.ok ? undefined : `which is ${datum.why}`;
    if (isGcs(url) || isAzure(url)) return undefined; // fetched over HTTPS: signed in as gcloud or az is, or anonymously
    if (isS3(url)) return awsCli() !== undefined ? undefined : `${LOCAL_FETCH(url) ?? ''}; with the AWS CLI installed and configured (aws on PATH), it fetches s3:// URLs with your credentials`;
    const why = LOCAL_FETCH(url);
    if (why !== undefined || /^https?:\/\//i.test(url) || hasWildcard(url)) return why;
    let local: string;
    try {
      local = localPath(url, projectDir);
    } catch {
      return 'which is not a file:// URL this machine can open';
    }
    let info: ReturnType<typeof statSync>;
    try {
      info = statSync(local, { throwIfNoEntry: false });
    } catch (error) {
      return `which cannot be read here (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    if (info?.isFile()) return undefined;
    if (info?.isDirectory()) {
      const folder = url.replace(/\/+$/, '');
      return `which is a folder: name its files with a pattern (${folder}/* for all of them, its subfolders' too, as on Valohai; add keep-directories: suffix to keep their folders)`;
    }
    return `which is not a file on this machine${isAbsolute(url) || url.startsWith('file://') ? '' : ' (a path from the project folder)'}`;
  };
}

/** A file a default names; `kept`: one Pipewright keeps (a download, a stored output), linked, never copied. */
interface DefaultFile {
  readonly file: string;
  readonly place: string;
  readonly uri: string;
  readonly kept?: true;
  readonly sha256?: string;
}

/** A cloud store's URL fetched (s3:// only where the AWS CLI is), and its key (wildcards kept): undefined for any other URL. */
function bucketFetch(url: string, context: InputContext, options: FetchOptions) {
  const env = context.env ?? process.env;
  const aws = isS3(url) ? awsCli(env) : undefined;
  const fetch =
    aws !== undefined ? fetchS3(url, context.downloadsDir, aws, options, env)
    : isGcs(url) ? fetchGcs(url, context.downloadsDir, options, env)
    : isAzure(url) ? fetchAzure(url, context.downloadsDir, options, env)
    : undefined;
  // (A URL without a key is refused by its fetch.)
  return fetch && { fetch, key: (s3Parts(url) ?? gcsParts(url) ?? azureParts(url))?.key ?? '' };
}

/** The files a default names (local, downloaded, or a stored output a datum:// or dataset:// URL names), with the path each keeps under `inputs/<name>/`. */
async function defaultFiles(url: string, input: Input, context: InputContext): Promise<DefaultFile[]> {
  const datum = context.db ? resolveDatum(context.db, url) : lookUpDatum(context.projectDir, url);
  if (datum !== undefined) {
    if (!datum.ok) throw new InputError(`input "${input.name}": ${url} is ${datum.why}`);
    return datum.files.map((f) => ({ file: f.absolutePath, place: input.keepDirectories === 'none' ? basename(f.path) : f.path, uri: f.uri, kept: true, ...(f.sha256 ? { sha256: f.sha256 } : {}) }));
  }
  const { onFetch } = context;
  const progress = onFetch ? (p: FetchProgress): void => onFetch(input.name, url, p) : undefined;
  // What downloads/ keeps for it is checked once per run (kept-copy.ts), and what could not be is said of this input.
  const { runStart, onNotice } = context;
  const check = runStart !== undefined && onNotice ? { since: runStart, onNotice: (message: string) => onNotice(`input "${input.name}": ${message}`) } : undefined;
  const options: FetchOptions = { ...(context.signal ? { signal: context.signal } : {}), ...(progress ? { onProgress: progress } : {}), ...(check ? { check } : {}) };
  if (/^https?:\/\//i.test(url)) {
    const file = await download(url, context.downloadsDir, options).catch((error: unknown) => {
      throw error instanceof DownloadError ? new InputError(`input "${input.name}": ${error.message}`, { kind: 'fetched', input: input.name }) : error;
    });
    return [{ file, place: basename(file), uri: url, kept: true }];
  }
  const bucket = bucketFetch(url, context, options);
  if (bucket !== undefined) {
    const objects = await bucket.fetch.catch((error: unknown) => {
      throw error instanceof DownloadError ? new InputError(`input "${input.name}": ${error.message}`, { kind: 'fetched', input: input.name }) : error;
    });
    if (objects.length === 0 && !input.optional) throw new InputError(`input "${input.name}": nothing matches ${url}`);
    const { key } = bucket;
    const root = wildcardRoot(key);
    const store = url.slice(0, url.length - key.length); // `s3://bucket/`: each object's URI is it and its key
    // As for local patterns: keep-directories keeps the key's folders, all (full) or below the pattern's (suffix).
    const place = (k: string): string => (!hasWildcard(url) || input.keepDirectories === 'none' ? basename(k) : input.keepDirectories === 'suffix' ? k.slice(root.length) : k);
    return objects.map((o) => ({ file: o.file, place: place(o.key), uri: `${store}${o.key}`, kept: true as const })).sort((a, b) => (a.place < b.place ? -1 : 1));
  }
  const local = localPath(url, context.projectDir);
  if (!hasWildcard(local)) {
    const info = await stat(local).catch(() => undefined);
    // Said as plan says it (a folder: name its files with a pattern), here for a URL filled as the node started.
    if (!info?.isFile()) throw new InputError(`input "${input.name}": ${url}, ${unfetchableHere(context.projectDir)(url) ?? 'which is not a file'}`);
    return [{ file: local, place: basename(local), uri: url }];
  }
  const root = wildcardRoot(local);
  const matched = await localMatches(local).catch((error: unknown) => {
    throw error instanceof TooManyEntries ? new InputError(`input "${input.name}": ${url}: ${error.message}`) : error;
  });
  const found: { file: string; place: string; uri: string }[] = [];
  for (const match of matched) {
    const place =
      input.keepDirectories === 'full'
        ? relative(context.projectDir, match).split(sep).join('/').replace(/^(\.\.\/)+/, '')
        : input.keepDirectories === 'suffix'
          ? relative(root, match).split(sep).join('/')
          : basename(match);
    found.push({ file: match, place, uri: url });
  }
  if (found.length === 0 && !input.optional) throw new InputError(`input "${input.name}": nothing matches ${url}`);
  return found.sort((a, b) => (a.place < b.place ? -1 : 1));
}

/** One input's files as they will be placed: what inputs.json says, and the links that make it so. */
export interface ResolvedInput {
  readonly name: string;
  readonly dir: string;
  readonly records: InputFileRecord[];
  /** `copy`: a project file small enough to copy rather than link (see PROJECT_FILE_COPY_MAX). */
  readonly links: readonly { readonly from: string; readonly to: string; readonly copy?: boolean }[];
}

/**
 * Works out one input's files without writing anything (so a cache hit costs no folder). Edge
 * files from several upstream executions land together, as on Valohai, unless two would land at
 * one place (a sweep's children each writing `model.pkl`): then each execution's files go to a
 * subfolder of its own (`<execution-id>/…`), so none is lost.
 */
export async function resolveInput(
  input: Input,
  edgeFiles: readonly EdgeFile[],
  useDefaults: boolean,
  inputsDir: string,
  context: InputContext,
): Promise<ResolvedInput> {
  const dir = join(inputsDir, input.name);
  const records: InputFileRecord[] = [];
  const links: { from: string; to: string; copy?: boolean }[] = [];
  const sources = new Set(edgeFiles.map((f) => f.sourceExecution));
  const placed = new Set<string>();
  const put = (from: string, place: string, uri: string, size: number, sha256?: string | null, copy = false): void => {
    const safe = place.split('/').filter((part) => part !== '' && part !== '.' && part !== '..').join('/');
    let target = safe || basename(from);
    for (let n = 2; placed.has(target); n += 1) target = `${safe}.${n}`;
    placed.add(target);
    links.push({ from, to: join(dir, target), ...(copy ? { copy } : {}) });
    records.push({ name: basename(target), path: join(dir, target), uri, size, ...(sha256 ? { checksums: { sha256 } } : {}) });
  };
  const kept = edgeFiles.map((file) => {
    if (input.keepDirectories === 'none') return basename(file.path);
    return input.keepDirectories === 'suffix' ? (file.suffix ?? file.path) : file.path;
  });
  // Where two executions' files would land at one place (a sweep's children each writing
  // model.pkl), each execution's go in a folder of its own; otherwise all land as on Valohai.
  const clash = sources.size > 1 && new Set(kept).size < kept.length;
  edgeFiles.forEach((file, i) => {
    const place = kept[i] ?? basename(file.path);
    put(file.absolutePath, clash ? `${file.sourceExecution}/${input.keepDirectories === 'none' ? file.path : place}` : place, file.uri, file.size, file.sha256);
  });
  if (useDefaults) {
    for (const url of input.defaults) {
      const files = await defaultFiles(url, input, context).catch((error: unknown) => {
        if (!(error instanceof InputError) || !input.optional) throw error;
        throw new InputError(error.message, { kind: 'optional', input: input.name, fetched: error.remedy?.kind === 'fetched' });
      });
      for (const found of files) {
        const info = await stat(found.file);
        put(found.file, found.place, found.uri, info.size, found.sha256, !found.kept && info.size <= PROJECT_FILE_COPY_MAX);
      }
    }
  }
  if (input.filename && records.length === 1) {
    const only = records[0] as InputFileRecord;
    const renamed = join(dir, input.filename);
    records[0] = { ...only, name: input.filename, path: renamed };
    links[0] = { ...(links[0] as { from: string; copy?: boolean }), to: renamed };
  }
  if (records.length === 0 && !input.optional) throw new InputError(`input "${input.name}" received no files`);
  return { name: input.name, dir, records, links };
}

/**
 * Each file's content hash, keyed `input/path` as cache keys name them. Stored upstream outputs
 * bring theirs; other files are hashed at their source (the execution's folder may not exist).
 */
export async function inputHashes(resolved: ResolvedInput): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const [i, record] of resolved.records.entries()) {
    hashes[`${resolved.name}/${record.path.slice(resolved.dir.length + 1)}`] = record.checksums?.sha256 ?? (await sha256File(resolved.links[i]?.from ?? record.path, record.size));
  }
  return hashes;
}

/** Makes a resolved input real: its folder, and a hard link (or clone) per file. */
export async function placeResolved(resolved: ResolvedInput): Promise<void> {
  await mkdir(resolved.dir, { recursive: true });
  await inParallel(resolved.links, async (link) => {
    if (link.copy) await cloneFile(link.from, link.to);
    else await linkOrClone(link.from, link.to);
  });
}

/** Resolves and places one input's files. */
export async function placeInput(input: Input, edgeFiles: readonly EdgeFile[], useDefaults: boolean, inputsDir: string, context: InputContext): Promise<InputFileRecord[]> {
  const resolved = await resolveInput(input, edgeFiles, useDefaults, inputsDir, context);
  await placeResolved(resolved);
  return resolved.records;
}
