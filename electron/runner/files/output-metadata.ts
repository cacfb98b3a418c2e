/**
 * File-level metadata an execution attaches to its outputs, as on Valohai: a sidecar
 * `<file>.metadata.json` beside the file, or lines `{"file": PATH, "metadata": {…}}` in
 * `valohai.metadata.jsonl` (or `outputs.metadata.jsonl`) at the top of outputs/. These files are read and are not outputs
 * themselves (Valohai uploads none of them, so no edge passes them on). Of the metadata, two keys
 * name the file for later runs: `valohai.alias` (`datum://ALIAS` takes the newest file given it)
 * and `valohai.dataset-versions` (`dataset://NAME/VERSION` takes every file put in it).
 */
import { join } from 'node:path';
import { readSmallText, type ListedFile } from './file-ops.ts';

export const SIDECAR_SUFFIX = '.metadata.json';
/** The one file of `{file, metadata}` lines: valohai-utils writes the first, Valohai's output-metadata example the second. */
export const METADATA_JSONL: readonly string[] = ['valohai.metadata.jsonl', 'outputs.metadata.jsonl'];
const isJsonl = (path: string): boolean => METADATA_JSONL.includes(path);
/** A metadata file larger than this is not read (said, and left out of the outputs all the same). */
export const METADATA_FILE_MAX = 4 * 1024 * 1024;

/** A name an output is given for later runs. */
export type OutputLabel =
  | { readonly kind: 'alias'; readonly label: string }
  | { readonly kind: 'dataset'; readonly label: string }
  /** `targeting_aliases` of a dataset version: `NAME/ALIAS` names `NAME/VERSION` (target). */
  | { readonly kind: 'dataset-alias'; readonly label: string; readonly target: string };

export interface OutputMetadata {
  readonly path: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly labels: readonly OutputLabel[];
}

export interface ReadOutputMetadata {
  /** The outputs, the metadata files left out. */
  readonly outputs: ListedFile[];
  readonly described: OutputMetadata[];
  readonly problems: string[];
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `dataset://NAME/VERSION` as `NAME/VERSION`; undefined for anything else. */
function datasetVersion(uri: unknown): string | undefined {
  const match = typeof uri === 'string' ? /^dataset:\/\/([^/]+)\/([^/]+)$/.exec(uri.trim()) : null;
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** The labels a file's metadata gives it, and what in it could not be read as one. */
export function labelsOf(path: string, metadata: Obj): { labels: OutputLabel[]; problems: string[] } {
  const labels: OutputLabel[] = [];
  const problems: string[] = [];
  const alias = metadata['valohai.alias'];
  for (const one of Array.isArray(alias) ? alias : alias === undefined ? [] : [alias]) {
    if (typeof one === 'string' && /^[\w.-]+$/.test(one)) labels.push({ kind: 'alias', label: one });
    else problems.push(`${path}: "valohai.alias" ${JSON.stringify(one)} is not an alias (letters, digits, -, _ and .)`);
  }
  const versions = metadata['valohai.dataset-versions'];
  for (const entry of Array.isArray(versions) ? versions : versions === undefined ? [] : [versions]) {
    const uri: unknown = isObject(entry) ? entry['uri'] : entry;
    const version = datasetVersion(uri);
    if (version === undefined) {
      problems.push(`${path}: "valohai.dataset-versions" entry ${JSON.stringify(uri)} is not dataset://NAME/VERSION`);
      continue;
    }
    labels.push({ kind: 'dataset', label: version });
    const aliases = isObject(entry) && Array.isArray(entry['targeting_aliases']) ? (entry['targeting_aliases'] as unknown[]) : [];
    const name = version.slice(0, version.indexOf('/'));
    for (const a of aliases) if (typeof a === 'string' && /^[\w.-]+$/.test(a)) labels.push({ kind: 'dataset-alias', label: `${name}/${a}`, target: version });
  }
  return { labels, problems };
}

/** Reads the metadata files among an execution's outputs (see above). */
export function readOutputMetadata(outputsDir: string, files: readonly ListedFile[]): ReadOutputMetadata {
  const paths = new Set(files.map((f) => f.path));
  const metadata = new Map<string, Obj>();
  const problems: string[] = [];
  const add = (path: string, values: Obj, from: string): void => {
    if (!paths.has(path)) problems.push(`${from} describes ${path}, which the execution did not write`);
    else metadata.set(path, { ...metadata.get(path), ...values });
  };
  // A `….metadata.json` beside no such file is an output of its own, as any other file.
  const isMetadataFile = (f: ListedFile): boolean => isJsonl(f.path) || (f.path.endsWith(SIDECAR_SUFFIX) && paths.has(f.path.slice(0, -SIDECAR_SUFFIX.length)));
  // Lines first, sidecars after: a sidecar's values win over a line's for the same key.
  const metadataFiles = files.filter(isMetadataFile).sort((a, b) => Number(isJsonl(b.path)) - Number(isJsonl(a.path)));
  for (const file of metadataFiles) {
    const text = readSmallText(join(outputsDir, file.path), METADATA_FILE_MAX);
    if (text === undefined) {
      problems.push(`${file.path} is not read (larger than ${METADATA_FILE_MAX / 1024 / 1024} MiB, still growing, or unreadable)`);
      continue;
    }
    if (isJsonl(file.path)) {
      text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        let entry: unknown;
        try {
          entry = JSON.parse(line);
        } catch {
          entry = undefined;
        }
        if (isObject(entry) && typeof entry['file'] === 'string' && isObject(entry['metadata'])) add(entry['file'], entry['metadata'], `${file.path} line ${i + 1}`);
        else problems.push(`${file.path} line ${i + 1} is not {"file": PATH, "metadata": {…}}`);
      });
      continue;
    }
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch {
      values = undefined;
    }
    if (isObject(values)) add(file.path.slice(0, -SIDECAR_SUFFIX.length), values, file.path);
    else problems.push(`${file.path} is not a JSON object`);
  }
  const described = [...metadata].map(([path, values]) => {
    const read = labelsOf(path, values);
    problems.push(...read.problems);
    return { path, metadata: values, labels: read.labels };
  });
  return { outputs: files.filter((f) => !isMetadataFile(f)), described, problems };
}

/**
 * A dataset version made from another, as Valohai's `"from"` says: it holds that version's files
 * as well as those put in it, less the names in `"exclude"` (and any this execution wrote again).
 * `"start_fresh": true` makes it hold only the files put in it.
 */
export interface DatasetBase {
  /** The version made: NAME/VERSION. */
  readonly version: string;
  /** The one it starts from, as written (`dataset://NAME/VERSION`, an alias of one, or `…/latest`). */
  readonly from: string;
  readonly exclude: readonly string[];
}

/** The bases the files' `valohai.dataset-versions` entries give their versions (the same on each file, as Valohai's examples write them). */
export function datasetBases(described: readonly OutputMetadata[]): { bases: DatasetBase[]; problems: string[] } {
  const bases = new Map<string, DatasetBase>();
  const problems: string[] = [];
  for (const d of described) {
    const versions = d.metadata['valohai.dataset-versions'];
    for (const entry of Array.isArray(versions) ? versions : [versions]) {
      if (!isObject(entry)) continue;
      const version = datasetVersion(entry['uri']);
      const from = entry['from'];
      if (version === undefined || from === undefined || from === null || entry['start_fresh'] === true) continue;
      const exclude = Array.isArray(entry['exclude']) ? entry['exclude'].filter((e): e is string => typeof e === 'string') : [];
      if (typeof from !== 'string' || datasetVersion(from) === undefined) {
        problems.push(`${d.path}: "from" ${JSON.stringify(from)} of dataset://${version} is not dataset://NAME/VERSION`);
        continue;
      }
      const seen = bases.get(version);
      if (seen && (seen.from !== from.trim() || seen.exclude.join('\n') !== [...exclude].sort().join('\n'))) {
        problems.push(`${d.path}: dataset://${version} is said to start from ${from} (with its own "exclude") here and from ${seen.from} elsewhere: the first is used`);
        continue;
      }
      if (!seen && datasetVersion(from) !== version) bases.set(version, { version, from: from.trim(), exclude: [...exclude].sort() });
    }
  }
  return { bases: [...bases.values()], problems };
}
