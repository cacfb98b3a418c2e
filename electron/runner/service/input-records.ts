/**
 * What each execution of a node was given, for the inspector: its `config/inputs.json`, read
 * defensively, as the step could write over it (a size cap, a shape check; anything else is
 * none). A reused execution shows what the execution it reuses was given.
 */
import { join, posix, relative, sep } from 'node:path';
import { CONTAINER_FOLDERS } from '../exec/container.ts';
import type { ApiResult } from '../../../shared/api/contract.ts';
import { readSmallText } from '../files/file-ops.ts';
import { findRun } from '../stored-runs.ts';
import { namedData } from '../store/datum-index.ts';
import type { RunStore } from '../store/run-store.ts';
import { checkNode } from './run-queries.ts';

/** An inputs.json larger than this is not read. */
const INPUTS_JSON_MAX = 4 * 1024 * 1024;
/** The most files one answer lists. */
const LISTED_MAX = 1000;

interface InputRecord {
  readonly files: readonly { readonly path: string; readonly uri: string; readonly size: number }[];
}

/** `{NAME: {files: [{path, uri, size}]}}`, the shape inputs.json has; anything else is none. */
function isInputRecords(value: unknown): value is Record<string, InputRecord> {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isFile = (f: unknown): boolean => isObject(f) && typeof f['path'] === 'string' && typeof f['uri'] === 'string' && typeof f['size'] === 'number';
  return isObject(value) && Object.values(value).every((r) => isObject(r) && Array.isArray(r['files']) && r['files'].every(isFile));
}

// (Checked by hand, not with zod: `show` and the inspector read it, and zod's loading alone took ~90 ms of each `show`.)
function recordsOf(dir: string): Record<string, InputRecord> {
  const text = readSmallText(join(dir, 'config', 'inputs.json'), INPUTS_JSON_MAX);
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isInputRecords(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** One execution's input files: per input, each file's path in the input's folder, its size and where it came from. */
export function executionInputs(dir: string): { input: string; path: string; size: number; uri: string }[] {
  const files: { input: string; path: string; size: number; uri: string }[] = [];
  for (const [input, record] of Object.entries(recordsOf(dir))) {
    const folder = join(dir, 'inputs', input);
    for (const file of record.files) {
      // (An execution run in its image names its files as the container saw them.)
      const inFolder = relative(file.path.startsWith(`${CONTAINER_FOLDERS.inputs}/`) ? posix.join(CONTAINER_FOLDERS.inputs, input) : folder, file.path);
      files.push({ input, path: inFolder.startsWith('..') ? file.path : inFolder.split(sep).join('/'), size: file.size, uri: file.uri });
    }
  }
  return files;
}

export function runInputs(store: RunStore, runId: string, node: string): ApiResult<'inputs.list'> {
  const run = findRun(store, runId);
  checkNode(store, run, node);
  const files: ApiResult<'inputs.list'>['files'] = [];
  let truncated = false;
  for (const execution of store.getExecutions(run.id, node)) {
    for (const file of executionInputs(execution.dir)) {
      if (files.length >= LISTED_MAX) {
        truncated = true;
        break;
      }
      files.push({ execution: execution.id, ...file });
    }
  }
  return { files, truncated };
}

/** The names inputs may take (datum:// aliases, dataset:// versions and their aliases), with what each names now. */
export function namedForInputs(store: RunStore): ApiResult<'data.list'> {
  const { aliases, datasets } = namedData(store.db);
  return {
    names: [
      ...aliases.map((a) => ({ url: `datum://${a.alias}`, said: `${a.path} of run ${a.run} (${a.node})` })),
      ...datasets.flatMap((d) => {
        const said = `${d.files} ${d.files === 1 ? 'file' : 'files'} of run${d.runs.length === 1 ? '' : 's'} ${d.runs.join(', ')}`;
        return [d.version, ...d.aliases].map((version) => ({ url: `dataset://${d.dataset}/${version}`, said: version === d.version ? said : `${d.dataset}/${d.version}: ${said}` }));
      }),
    ],
  };
}
