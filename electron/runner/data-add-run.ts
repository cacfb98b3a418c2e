/**
 * Files of this machine named as a run's outputs name them (`datum://ALIAS`,
 * `dataset://NAME/VERSION`), so that the inputs of a file written for Valohai that name data kept
 * there run here with local stand-ins, unchanged: `pipewright data add` and the editor's Named data.
 *
 * It is a run of one step of Pipewright's own making ("data add NAME"): its inputs are the paths
 * given, its command copies them into its outputs, and a valohai.metadata.jsonl names each one. So
 * the files are copied into the project's store (a later edit of the originals changes nothing),
 * and `runs`, `show`, `data` and `prune` treat them as any run's outputs.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { shellQuote } from '../../shared/run/python-format.ts';
import { VALOHAI_DATUM_ID } from '../../shared/run/input-url.ts';
import { localMatches } from './files/local-matches.ts';
import { startRun, type RunRequest } from './runner.ts';
import { removeDataAddLeftovers } from './data-add-leftovers.ts';
import { stateDir } from './store/database.ts';

/** What a data add runs: its own file (`RunRequest.yaml`) and pipeline; `folder` holds its names file until the run succeeds. */
export interface DataAddRun {
  readonly name: string;
  readonly pipeline: string;
  readonly yaml: string;
  readonly folder: string;
}

type Named = { readonly kind: 'alias'; readonly alias: string } | { readonly kind: 'dataset'; readonly version: string };

/** What a path given adds: a file under its own name, or a folder's files under the folder's name. */
type Given = { readonly kind: 'file'; readonly path: string; readonly place: string } | { readonly kind: 'folder'; readonly path: string; readonly place: string; readonly files: readonly string[] };

function parseName(name: string): Named | string {
  const datum = /^datum:\/\/(.*)$/i.exec(name);
  if (datum) {
    const alias = (datum[1] ?? '').trim();
    // A Valohai datum id names the file it stands in for (as `datum://ID NAME` defaults give it).
    const id = VALOHAI_DATUM_ID.test(`datum://${alias}`) ? (alias.split(/\s/)[0] ?? '') : alias;
    return /^[\w.-]+$/.test(id) ? { kind: 'alias', alias: id } : `"${name}" is no alias: datum://ALIAS takes letters, digits, -, _ and .`;
  }
  const dataset = /^dataset:\/\/([\w.-]+)\/([\w.-]+)$/i.exec(name);
  if (dataset) return { kind: 'dataset', version: `dataset://${dataset[1] ?? ''}/${dataset[2] ?? ''}` };
  if (/^dataset:\/\//i.test(name)) return `"${name}" is not dataset://NAME/VERSION (a version is added to by name: v1, 2026-12, …; "latest" names the newest by itself)`;
  return `"${name}" names no data: give datum://ALIAS or dataset://NAME/VERSION`;
}

async function givenPath(cwd: string, written: string): Promise<Given | string> {
  const path = resolve(cwd, written);
  // (A default with these in it would be read as a wildcard.)
  if (/[*?[\]{}]/.test(path)) return `${written}: a path with *, ?, [, ] or { } in it cannot be added; rename it, or add the folder it is in`;
  let kind: 'file' | 'folder';
  try {
    const stat = statSync(path);
    if (!stat.isFile() && !stat.isDirectory()) return `${written} is neither a file nor a folder`;
    kind = stat.isFile() ? 'file' : 'folder';
  } catch {
    return `${written}: no such file or folder`;
  }
  if (kind === 'file') return { kind, path, place: basename(path) };
  // The files the run's input will take (see local-matches.ts: .git and .pipewright are not walked).
  const files = (await localMatches(`${path}/*`)).map((file) => file.slice(path.length + 1));
  if (files.length === 0) return `${written} is a folder with no files in it`;
  return { kind, path, place: basename(path), files };
}

/** The paths in the outputs the given paths take, or the first two that would take the same one. */
function placesOf(given: readonly Given[]): string[] | string {
  const seen = new Map<string, Given>();
  const places: string[] = [];
  for (const one of given) {
    for (const place of one.kind === 'file' ? [one.place] : one.files.map((file) => `${one.place}/${file}`)) {
      const other = seen.get(place);
      if (other) return `${other.path} and ${one.path} would both be ${place} in it: add them to two versions, or rename one`;
      seen.set(place, one);
      places.push(place);
    }
  }
  return places;
}

/** The step and pipeline that copy the given paths into outputs and name them (the names file is input `names`). */
function ownYaml(name: string, given: readonly Given[], namesFile: string): string {
  const commands: string[] = [];
  const inputs = given.map((one, i) => {
    const input = `p${i + 1}`;
    if (one.kind === 'file') {
      commands.push(`cp -- "$VH_INPUTS_DIR/${input}/"${shellQuote(one.place)} "$VH_OUTPUTS_DIR/"`);
      return `      - {name: ${input}, default: ${JSON.stringify(one.path)}}`;
    }
    commands.push(`mkdir -p "$VH_OUTPUTS_DIR/"${shellQuote(one.place)}`, `cp -R -- "$VH_INPUTS_DIR/${input}/." "$VH_OUTPUTS_DIR/"${shellQuote(one.place)}`);
    return `      - {name: ${input}, default: ${JSON.stringify(`${one.path}/*`)}, keep-directories: suffix}`;
  });
  commands.push('cp -- "$VH_INPUTS_DIR/names/valohai.metadata.jsonl" "$VH_OUTPUTS_DIR/"');
  return [
    '- step:',
    '    name: add',
    '    image: none',
    '    command:',
    ...commands.map((command) => `      - ${JSON.stringify(command)}`),
    '    inputs:',
    ...inputs,
    `      - {name: names, default: ${JSON.stringify(namesFile)}}`,
    '- pipeline:',
    `    name: ${JSON.stringify(`data add ${name}`)}`,
    '    nodes: [{name: add, type: execution, step: add}]',
    '    edges: []',
    '',
  ].join('\n');
}

/**
 * The run that names `paths` (read from `cwd`) `name`, or why it cannot: a name that is neither
 * `datum://ALIAS` nor `dataset://NAME/VERSION`, a path that is not there, two files that would
 * take one place.
 */
export async function planDataAdd(project: string, cwd: string, name: string, paths: readonly string[]): Promise<DataAddRun | string> {
  const named = parseName(name);
  if (typeof named === 'string') return named;
  if (paths.length === 0) return 'give the files or folders to name';
  const given: Given[] = [];
  for (const written of paths) {
    const one = await givenPath(cwd, written);
    if (typeof one === 'string') return one;
    given.push(one);
  }
  const [only] = given;
  if (named.kind === 'alias' && (given.length > 1 || only?.kind !== 'file')) {
    return `datum://${named.alias} names one file: give one file (a folder's files, or several, make a dataset version: dataset://NAME/VERSION)`;
  }
  const places = placesOf(given);
  if (typeof places === 'string') return places;
  removeDataAddLeftovers(project);
  const metadata = named.kind === 'alias' ? { 'valohai.alias': named.alias } : { 'valohai.dataset-versions': [named.version] };
  // The names file is an input of the run: it stays until the run has succeeded, so a resume finds it.
  const folder = mkdtempSync(join(stateDir(project), 'data-add-'));
  const namesFile = join(folder, 'valohai.metadata.jsonl');
  writeFileSync(namesFile, places.map((file) => `${JSON.stringify({ file, metadata })}\n`).join(''));
  const said = named.kind === 'alias' ? `datum://${named.alias}` : named.version;
  return { name: said, pipeline: `data add ${said}`, yaml: ownYaml(said, given, namesFile), folder };
}

/** Runs a planned data add; its names file goes once the run has succeeded (a resume needs it till then). */
export async function runDataAdd(project: string, planned: DataAddRun, hooks: Pick<RunRequest, 'onEvent' | 'onStarted'>): ReturnType<typeof startRun> {
  const ended = await startRun({ projectDir: project, pipeline: planned.pipeline, planOptions: { pipelineParams: {}, nodeParams: {} }, cache: false, yaml: planned.yaml, ...hooks });
  if (ended.status === 'succeeded') rmSync(planned.folder, { recursive: true, force: true });
  return ended;
}
