/**
 * `pipewright data add NAME PATH…`: files of this machine named as a run's outputs name them
 * (`datum://ALIAS`, `dataset://NAME/VERSION`), so that the inputs of a file written for Valohai
 * that name data kept there run here with local stand-ins, unchanged.
 *
 * It is a run of one step of Pipewright's own making ("data add NAME"): its inputs are the paths
 * given, its command copies them into its outputs, and a valohai.metadata.jsonl names each one. So
 * the files are copied into the project's store (a later edit of the originals changes nothing),
 * and `runs`, `show`, `data` and `prune` treat them as any run's outputs.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { shellQuote } from '../../../shared/run/python-format.ts';
import { VALOHAI_DATUM_ID } from '../../../shared/run/input-url.ts';
import { startRun } from '../../runner/runner.ts';
import { localMatches } from '../../runner/files/local-matches.ts';
import { stateDir } from '../../runner/store/database.ts';
import { EXIT_OK, EXIT_USAGE, type Io, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { removeDataAddLeftovers } from './data-add-leftovers.ts';
import { driveRun } from './run.ts';

export interface DataAddOptions {
  readonly project: string;
  readonly name: string | undefined;
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly verbose: boolean;
}

type Named = { readonly kind: 'alias'; readonly alias: string } | { readonly kind: 'dataset'; readonly version: string };

/** What a path given adds: a file under its own name, or a folder's files under the folder's name. */
type Given = { readonly kind: 'file'; readonly path: string; readonly place: string } | { readonly kind: 'folder'; readonly path: string; readonly place: string; readonly files: readonly string[] };

const USAGE = 'usage: pipewright data add datum://ALIAS FILE | dataset://NAME/VERSION FILE_OR_FOLDER… [--project PATH]';

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

export async function dataAddCommand(options: DataAddOptions, io: Io): Promise<number> {
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return refuse(io, 'data add', project.message, EXIT_USAGE);
  if (options.name === undefined || options.paths.length === 0) return refuse(io, 'data add', USAGE, EXIT_USAGE);
  const named = parseName(options.name);
  if (typeof named === 'string') return refuse(io, 'data add', named, EXIT_USAGE);
  const given: Given[] = [];
  for (const written of options.paths) {
    const one = await givenPath(io.cwd, written);
    if (typeof one === 'string') return refuse(io, 'data add', one, EXIT_USAGE);
    given.push(one);
  }
  const [only] = given;
  if (named.kind === 'alias' && (given.length > 1 || only?.kind !== 'file')) {
    return refuse(io, 'data add', `datum://${named.alias} names one file: give one file (a folder's files, or several, make a dataset version: dataset://NAME/VERSION)`, EXIT_USAGE);
  }
  const places = placesOf(given);
  if (typeof places === 'string') return refuse(io, 'data add', places, EXIT_USAGE);
  removeDataAddLeftovers(project.dir);
  const metadata = named.kind === 'alias' ? { 'valohai.alias': named.alias } : { 'valohai.dataset-versions': [named.version] };
  // The names file is an input of the run: it stays until the run has succeeded, so a resume finds it.
  const folder = mkdtempSync(join(stateDir(project.dir), 'data-add-'));
  const namesFile = join(folder, 'valohai.metadata.jsonl');
  writeFileSync(namesFile, places.map((file) => `${JSON.stringify({ file, metadata })}\n`).join(''));
  const name = named.kind === 'alias' ? `datum://${named.alias}` : named.version;
  const yaml = ownYaml(name, given, namesFile);
  const flags = { json: options.json, verbose: options.verbose };
  const exit = await driveRun(io, flags, project.dir, (onEvent, onStarted) => startRun({ projectDir: project.dir, pipeline: `data add ${name}`, planOptions: { pipelineParams: {}, nodeParams: {} }, cache: false, onEvent, onStarted, yaml }));
  if (exit === EXIT_OK) rmSync(folder, { recursive: true, force: true });
  return exit;
}
