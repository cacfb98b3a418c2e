/**
 * `datum://ALIAS` and `dataset://NAME/VERSION` inputs resolved from this project's own runs: the
 * names their outputs were given (files/output-metadata.ts), kept in `output_labels`. As on
 * Valohai, an alias is the newest file given it; a dataset version every file put in it (the
 * newest of each path); `dataset://NAME/latest` the newest version, unless a `targeting_aliases`
 * entry named `latest` (or another alias) points elsewhere. A Valohai datum id cannot be resolved.
 * A run pins what they name when it starts (pinNamedData); a stored output is also reachable by
 * the address inputs.json gives it, `pipewright://RUN/NODE/EXECUTION/outputs/PATH`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { nearestName } from '../../../shared/nearest-name.ts';
import { emptyDataName, VALOHAI_DATUM_ID } from '../../../shared/run/input-url.ts';
import { edgesByTarget, type RunPlan } from '../../../shared/run/plan.ts';
import { labelsOf, type DatasetBase } from '../files/output-metadata.ts';
import { STATE_DIR, withReadOnlyDatabase } from './database.ts';

/** A stored output a datum or dataset URL names. */
export interface DatumFile {
  readonly absolutePath: string;
  /** Its path in the outputs of the execution that wrote it. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string | null;
  readonly uri: string;
}

export type DatumResolution = { readonly ok: true; readonly files: readonly DatumFile[] } | { readonly ok: false; readonly why: string };

const DATUM = /^datum:\/\/(.+)$/i;
const DATASET = /^dataset:\/\/([^/]+)\/([^/]+)$/i;

/** One stored output by the address inputs.json gives it: `pipewright://RUN/NODE/EXECUTION/outputs/PATH`. */
const STORED = /^pipewright:\/\/([^/]+)\/([^/]+)\/([^/]+)\/outputs\/(.+)$/;

/** The address `STORED` reads: a stored output's, as inputs.json and `show --json` give it and `--input` takes it. */
export const storedOutputUri = (runId: string, node: string, executionId: string, path: string): string => `pipewright://${runId}/${node}/${executionId}/outputs/${path}`;

/** Whether the URL is one this index answers (the rest are not its business). */
export const isDatumUrl = (url: string): boolean => /^(datum|dataset|pipewright):\/\//i.test(url);

interface LabelRow {
  execution_id: string;
  run_id: string;
  node: string;
  dir: string;
  path: string;
  size: number;
  sha256: string | null;
  target: string | null;
}

const SELECT = `SELECT l.execution_id, e.run_id, e.node, e.dir, l.path, o.size, o.sha256, l.target FROM output_labels l
  JOIN executions e ON e.id = l.execution_id JOIN outputs o ON o.execution_id = l.execution_id AND o.path = l.path
  WHERE l.kind = ? AND l.label = ? ORDER BY l.at DESC, l.rowid DESC`;

const fileOf = (r: LabelRow): DatumFile => ({
  absolutePath: join(r.dir, 'outputs', r.path),
  path: r.path,
  size: Number(r.size),
  sha256: r.sha256,
  uri: storedOutputUri(r.run_id, r.node, r.execution_id, r.path),
});

/** A label's files, newest first; none without a database (no run yet). */
function rows(db: DatabaseSync | undefined, kind: string, label: string): LabelRow[] {
  if (db === undefined) return [];
  return (db.prepare(SELECT).all(kind, label) as unknown as LabelRow[]).filter((r) => existsSync(join(r.dir, 'outputs', r.path)));
}

/** The version `NAME/VERSION` means: itself, what an alias of that name targets, or for `latest` the newest. */
function datasetVersion(db: DatabaseSync | undefined, name: string, version: string): string | undefined {
  const label = `${name}/${version}`;
  if (rows(db, 'dataset', label).length > 0) return label;
  const aliased = rows(db, 'dataset-alias', label)[0]?.target;
  if (aliased) return aliased;
  if (version !== 'latest' || db === undefined) return undefined;
  const newest = db.prepare("SELECT label FROM output_labels WHERE kind = 'dataset' AND label LIKE ? ESCAPE '\\' ORDER BY at DESC, rowid DESC LIMIT 1").get(`${name.replace(/[\\%_]/g, '\\$&')}/%`) as { label: string } | undefined;
  return newest?.label;
}

/** A dataset version's files: the newest put in it at each path. */
function versionFiles(db: DatabaseSync | undefined, label: string): LabelRow[] {
  const newest = new Map<string, LabelRow>();
  for (const r of rows(db, 'dataset', label)) if (!newest.has(r.path)) newest.set(r.path, r);
  return [...newest.values()];
}

/** Whether the database has the names table (one an older Pipewright wrote has it from the next run). */
const hasNames = (db: DatabaseSync): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'output_labels'").get() !== undefined;

/** The stored output a `pipewright://` address names, while its run is kept. */
function storedOutput(db: DatabaseSync | undefined, url: string): DatumResolution {
  const named = STORED.exec(url);
  // (pipewright://latest/train, pipewright://3/train/model.pkl: what a user guesses first.)
  if (named === null) return { ok: false, why: `not the address of a stored output, which names its run, node, execution and path: pipewright://RUN/NODE/EXECUTION/outputs/PATH, as inputs.json and pipewright show RUN --json give them; or give the file's path: ${STATE_DIR}/executions/EXECUTION/outputs/PATH` };
  const [, runId, node, executionId, path] = named;
  const row = db?.prepare('SELECT e.dir, o.size, o.sha256 FROM executions e JOIN outputs o ON o.execution_id = e.id WHERE e.id = ? AND e.run_id = ? AND e.node = ? AND o.path = ?').get(executionId ?? '', runId ?? '', node ?? '', path ?? '') as
    | { dir: string; size: number; sha256: string | null }
    | undefined;
  if (row === undefined || path === undefined || !existsSync(join(row.dir, 'outputs', path))) return { ok: false, why: 'no output of a run kept here (not pipewright://RUN/NODE/EXECUTION/outputs/PATH, as inputs.json names one, or its run was pruned)' };
  return { ok: true, files: [{ absolutePath: join(row.dir, 'outputs', path), path, size: Number(row.size), sha256: row.sha256, uri: url }] };
}

/** What a `datum://`, `dataset://` or `pipewright://` URL takes here; undefined for other URLs. */
export function resolveDatum(db: DatabaseSync | undefined, url: string): DatumResolution | undefined {
  if (/^pipewright:\/\//i.test(url)) return storedOutput(db, url);
  if (emptyDataName(url) === 'datum') return { ok: false, why: 'datum:// with no name after it (it takes an alias: datum://ALIAS)' };
  const datum = DATUM.exec(url);
  if (datum) {
    const alias = datum[1] as string;
    // A Valohai datum id followed by its file's name (`datum://ID NAME`): what `data add datum://ID` gave it.
    const id = VALOHAI_DATUM_ID.test(url) ? (alias.split(/\s/)[0] ?? alias) : alias;
    const found = rows(db, 'alias', id)[0];
    if (found) return { ok: true, files: [fileOf(found)] };
    if (VALOHAI_DATUM_ID.test(url)) return { ok: false, why: 'a Valohai datum id, a file kept on Valohai, which Pipewright cannot fetch (a file of yours stands in for one with: pipewright data add datum://ID FILE)' };
    const known = db ? (db.prepare("SELECT DISTINCT label FROM output_labels WHERE kind = 'alias'").all() as { label: string }[]).map((r) => r.label) : [];
    const near = nearestName(alias, known);
    if (near !== undefined) return { ok: false, why: `an alias no output of a run here was given (did you mean datum://${near}?)` };
    return { ok: false, why: `an alias no output of a run here was given (a step gives one by writing FILE.metadata.json with {"valohai.alias": "${alias}"} beside FILE in its outputs; a file of yours takes it with: pipewright data add datum://${alias} FILE)` };
  }
  const dataset = DATASET.exec(url);
  if (!dataset) return /^dataset:\/\//i.test(url) ? { ok: false, why: 'not dataset://NAME/VERSION' } : undefined;
  const [, name, version] = dataset as unknown as [string, string, string];
  const label = datasetVersion(db, name, version);
  if (label === undefined && version.toLowerCase() === 'latest') {
    return { ok: false, why: `a dataset no run here made a version of ("latest" names its newest; a step adds its outputs to a version with {"valohai.dataset-versions": ["dataset://${name}/v1"]} in FILE.metadata.json; files of yours make one with: pipewright data add dataset://${name}/v1 FILE_OR_FOLDER…)` };
  }
  if (label === undefined) return { ok: false, why: `a dataset version no run here made (a step adds its outputs to one with {"valohai.dataset-versions": ["dataset://${name}/${version}"]} in FILE.metadata.json; files of yours make it with: pipewright data add dataset://${name}/${version} FILE_OR_FOLDER…)` };
  return { ok: true, files: versionFiles(db, label).sort((a, b) => (a.path < b.path ? -1 : 1)).map(fileOf) };
}

/** A stored output put in a dataset version because the version it was made from held it. */
export interface InheritedFile {
  readonly version: string;
  readonly executionId: string;
  readonly path: string;
}

/**
 * The files a version made `from` another takes from it (output-metadata.ts, DatasetBase): the
 * newest of each path in that version, less the names excluded (a path, or a file's name) and the
 * paths the new version's own files take.
 */
export function inheritedFiles(db: DatabaseSync, base: DatasetBase, ownPaths: ReadonlySet<string>): { ok: true; files: InheritedFile[] } | { ok: false; why: string } {
  const [, name, version] = DATASET.exec(base.from) as unknown as [string, string, string];
  const label = datasetVersion(db, name, version);
  if (label === undefined) return { ok: false, why: `dataset://${base.version} is made from ${base.from}, a dataset version no run here made: it holds only this execution's files` };
  const excluded = (path: string): boolean => ownPaths.has(path) || base.exclude.includes(path) || base.exclude.includes(path.slice(path.lastIndexOf('/') + 1));
  return { ok: true, files: versionFiles(db, label).filter((r) => !excluded(r.path)).map((r) => ({ version: base.version, executionId: r.execution_id, path: r.path })) };
}

/**
 * `work` on the project's run database, opened read-only for it alone; undefined when the project
 * has no names yet (no database, or one an older Pipewright wrote: its tables come with the next run).
 */
function withIndex<T>(projectDir: string, work: (db: DatabaseSync | undefined) => T): T {
  return withReadOnlyDatabase(projectDir, (db) => work(db !== undefined && hasNames(db) ? db : undefined));
}

/** Looks a URL up in the project's run database; undefined for other URLs. */
export function lookUpDatum(projectDir: string, url: string): DatumResolution | undefined {
  return isDatumUrl(url) ? withIndex(projectDir, (db) => resolveDatum(db, url)) : undefined;
}

/** Runs that hold what an alias, a dataset's newest version or a version alias now names, with why: prune keeps them. */
export function namedDataHolders(db: DatabaseSync): { run: string; why: string }[] {
  const { aliases, datasets } = namedData(db);
  const held = aliases.map((a) => ({ run: a.run, why: `its output is datum://${a.alias}` }));
  for (const d of datasets.filter((v) => v.aliases.length > 0)) {
    const why = d.aliases.includes('latest') ? 'the newest version' : `which dataset://${d.dataset}/${d.aliases[0] ?? ''} names`;
    for (const run of d.runs) held.push({ run, why: `its outputs are in dataset://${d.dataset}/${d.version}, ${why}` });
  }
  return held;
}

/** An execution's outputs that carry metadata: what it says, and the names it gives them (`datum://…`, `dataset://…`). */
export function describedOutputs(db: DatabaseSync, executionId: string): Map<string, { metadata: Record<string, unknown>; names: string[] }> {
  const rows = db.prepare('SELECT path, metadata_json FROM output_metadata WHERE execution_id = ?').all(executionId) as { path: string; metadata_json: string }[];
  const described = new Map<string, { metadata: Record<string, unknown>; names: string[] }>();
  for (const row of rows) {
    const metadata = JSON.parse(row.metadata_json) as Record<string, unknown>;
    const names = labelsOf(row.path, metadata).labels.map((l) => (l.kind === 'alias' ? `datum://${l.label}` : `dataset://${l.label}`));
    described.set(row.path, { metadata, names: [...new Set(names)] });
  }
  return described;
}

/** What each datum:// and dataset:// input default of the plan names now; a URL naming a parameter ({parameter:NAME}) is resolved when its node starts. */
export function namedResolutions(db: DatabaseSync, plan: RunPlan): Map<string, readonly DatumFile[]> {
  const resolved = new Map<string, readonly DatumFile[]>();
  for (const node of plan.nodes) {
    if (node.kind === 'deployment') continue;
    for (const url of node.step.inputs.flatMap((i) => i.defaults)) {
      if (resolved.has(url) || !/^(datum|dataset):\/\//i.test(url) || url.includes('{parameter')) continue;
      const found = resolveDatum(db, url);
      if (found?.ok) resolved.set(url, found.files);
    }
  }
  return resolved;
}

/**
 * The plan with the datum:// and dataset:// input defaults of its first nodes (those after no
 * other) replaced by the stored outputs they name now (their pipewright:// addresses), so a resume
 * days after takes the same files. A later node's names are looked up as it starts, as Valohai
 * looks them up when it creates the node's execution: a node before it may give the name (a
 * preprocessing step making the dataset version training takes by name).
 */
export function pinNamedData(plan: RunPlan, resolved: ReadonlyMap<string, readonly DatumFile[]>): RunPlan {
  const pin = (url: string): string[] => resolved.get(url)?.map((f) => f.uri) ?? [url];
  return {
    ...plan,
    nodes: plan.nodes.map((node) => (node.kind === 'deployment' || node.upstream.length > 0 ? node : { ...node, step: { ...node.step, inputs: node.step.inputs.map((i) => ({ ...i, defaults: i.defaults.flatMap(pin) })) } })),
  };
}

/** Per node, what its datum:// and dataset:// defaults name now, as `plan` says it ("input model: datum://m is model.pkl of run 3, node train"). */
export function namedInputs(plan: RunPlan, resolved: ReadonlyMap<string, readonly DatumFile[]>): Map<string, string[]> {
  const said = new Map<string, string[]>();
  const into = edgesByTarget(plan.edges);
  for (const node of plan.nodes) {
    if (node.kind === 'deployment') continue;
    // An input an edge feeds takes its defaults only in append mode: in replace mode they are not looked up at all.
    const replaced = new Set(node.edgeMergeMode === 'replace' ? (into.get(node.name) ?? []).filter((e) => e.target.type === 'input').map((e) => e.target.key) : []);
    for (const input of node.step.inputs) {
      if (replaced.has(input.name)) continue;
      for (const url of input.defaults) {
        const files = resolved.get(url);
        const later = node.upstream.length > 0 && /^(datum|dataset):\/\//i.test(url) && !url.includes('{parameter');
        const say = (text: string): void => void said.set(node.name, [...(said.get(node.name) ?? []), `input ${input.name}: ${url} ${text}`]);
        if (files === undefined) {
          if (later) say(`is looked up when ${node.name} starts (no run here gave that name yet; a node before it may)`);
          continue;
        }
        say(later ? `is looked up when ${node.name} starts (now ${filesSaid(files)})` : `is ${filesSaid(files)}`);
      }
    }
  }
  return said;
}

/** "model.pkl of run 3, node train", "4 files of runs 2, 3". */
export function filesSaid(files: readonly DatumFile[]): string {
  const runs = [...new Set(files.map((f) => f.uri.split('/')[2]))];
  const what = files.length === 1 ? (files[0]?.path ?? '') : `${files.length} files`;
  const where = runs.length === 1 ? `run ${runs[0] ?? ''}, node ${files[0]?.uri.split('/')[3] ?? ''}` : `runs ${runs.join(', ')}`;
  return `${what} of ${where}`;
}

/** The runs whose stored outputs a run's plan names (the inputs it pinned), which a resume of it takes. */
export function pinnedSources(planJson: string): string[] {
  return [...new Set([...planJson.matchAll(/"pipewright:\/\/([^/"]+)\//g)].map((m) => m[1] as string))];
}

export interface NamedAlias {
  readonly alias: string;
  readonly path: string;
  readonly run: string;
  readonly node: string;
  readonly execution: string;
  readonly at: number;
  /** How many files the alias named before this one. */
  readonly earlier: number;
}

export interface NamedVersion {
  readonly dataset: string;
  readonly version: string;
  readonly files: number;
  readonly runs: readonly string[];
  readonly at: number;
  /** `latest` for a dataset's newest version, and the targeting_aliases that name it now. */
  readonly aliases: readonly string[];
}

/** Every name this project's outputs were given, and what each names now: `pipewright data`. */
export function namedData(db: DatabaseSync): { aliases: NamedAlias[]; datasets: NamedVersion[] } {
  const rows = db
    .prepare('SELECT l.kind, l.label, l.target, l.path, l.at, l.execution_id, e.run_id, e.node FROM output_labels l JOIN executions e ON e.id = l.execution_id ORDER BY l.at DESC, l.rowid DESC')
    .all() as { kind: string; label: string; target: string | null; path: string; at: number; execution_id: string; run_id: string; node: string }[];
  const aliases = new Map<string, NamedAlias>();
  const versions = new Map<string, { files: Set<string>; runs: Set<string>; at: number }>();
  const versionAliases = new Map<string, string[]>();
  const seenVersionAlias = new Set<string>();
  for (const r of rows) {
    if (r.kind === 'alias') {
      const known = aliases.get(r.label);
      if (known) aliases.set(r.label, { ...known, earlier: known.earlier + 1 });
      else aliases.set(r.label, { alias: r.label, path: r.path, run: r.run_id, node: r.node, execution: r.execution_id, at: Number(r.at), earlier: 0 });
    } else if (r.kind === 'dataset') {
      const v = versions.get(r.label) ?? { files: new Set<string>(), runs: new Set<string>(), at: Number(r.at) };
      v.files.add(r.path);
      v.runs.add(r.run_id);
      versions.set(r.label, v);
    } else if (r.kind === 'dataset-alias' && r.target !== null && !seenVersionAlias.has(r.label)) {
      seenVersionAlias.add(r.label);
      versionAliases.set(r.target, [...(versionAliases.get(r.target) ?? []), r.label.slice(r.label.indexOf('/') + 1)]);
    }
  }
  const newest = new Set<string>();
  const datasets = [...versions].map(([label, v]) => {
    const dataset = label.slice(0, label.indexOf('/'));
    const first = !newest.has(dataset); // versions come newest first
    newest.add(dataset);
    return { dataset, version: label.slice(dataset.length + 1), files: v.files.size, runs: [...v.runs].sort(), at: v.at, aliases: [...(first ? ['latest'] : []), ...(versionAliases.get(label) ?? [])] };
  });
  return { aliases: [...aliases.values()].sort((a, b) => (a.alias < b.alias ? -1 : 1)), datasets: datasets.sort((a, b) => (a.dataset === b.dataset ? b.at - a.at : a.dataset < b.dataset ? -1 : 1)) };
}

/** The names a run's outputs were given, as `run` says them at its end ("datum://m: model.pkl of train"). */
export function namesGivenIn(db: DatabaseSync, runId: string): string[] {
  if (!hasNames(db)) return [];
  const rows = db
    .prepare("SELECT DISTINCT l.kind, l.label, l.path, e.node FROM output_labels l JOIN executions e ON e.id = l.execution_id WHERE e.run_id = ? AND l.kind IN ('alias', 'dataset') ORDER BY l.kind, l.label, l.path")
    .all(runId) as { kind: string; label: string; path: string; node: string }[];
  const said = new Map<string, string[]>();
  for (const r of rows) {
    const name = `${r.kind === 'alias' ? 'datum' : 'dataset'}://${r.label}`;
    said.set(name, [...(said.get(name) ?? []), `${r.path} of ${r.node}`]);
  }
  return [...said].map(([name, files]) => `${name}: ${files.length <= 2 ? files.join(', ') : `${files.length} files`}`);
}
