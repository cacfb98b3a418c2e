/**
 * What `plan` says of a `datum://` or `dataset://` input default that names a parameter
 * (`dataset://{parameter:dataset_name}_train/latest`, as Valohai's dynamic pipelines write it): the
 * name it makes with the value the parameter has now, and what that name takes here; or, where an
 * edge gives the value as the run goes (a node before it prints `{"run_training_for": "harbor_B"}`),
 * from what, and which names kept here fit it. Said before the run, so that a name nothing here
 * gives is found before the hours a node before it takes, not after.
 */
import type { DatabaseSync } from 'node:sqlite';
import { inputUrlWith, parametersIn, PLACEHOLDER, urlsPerChild } from '../../../shared/run/input-url.ts';
import { edgesByTarget, type RunPlan } from '../../../shared/run/plan.ts';
import { filesSaid, namedData, resolveDatum } from './datum-index.ts';

const NAMED = /^(datum|dataset):\/\//i;

/** Per node, a line per such default: `input dataset: dataset://{parameter:n}_train/latest …`. */
export function templatedNameNotes(db: DatabaseSync | undefined, plan: RunPlan): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  let known: string[] | undefined;
  const knownNames = (): string[] => (known ??= db === undefined ? [] : namesKept(db));
  const into = edgesByTarget(plan.edges);
  for (const node of plan.nodes) {
    if (node.kind === 'deployment') continue;
    const incoming = into.get(node.name) ?? [];
    const replaced = new Set(node.edgeMergeMode === 'replace' ? incoming.filter((e) => e.target.type === 'input').map((e) => e.target.key) : []);
    const fedBy = new Map(incoming.filter((e) => e.target.type === 'parameter').map((e) => [e.target.key, `${e.source.node}'s ${e.source.type} ${e.source.key}`] as const));
    const perChild = new Set(node.kind === 'task' ? node.children.flatMap((c) => Object.keys(c)) : []);
    const lines: string[] = [];
    for (const input of node.step.inputs) {
      if (replaced.has(input.name)) continue;
      for (const url of input.defaults.filter((u) => NAMED.test(u) && parametersIn(u).length > 0)) {
        const named = [...new Set(parametersIn(url))];
        const say = (text: string): void => void lines.push(`input ${input.name}: ${url} ${text}`);
        const fed = named.filter((name) => fedBy.has(name));
        const swept = named.filter((name) => perChild.has(name));
        if (fed.length > 0 || swept.length > 0) {
          const from = [...fed.map((name) => `${name} from ${fedBy.get(name) ?? ''}`), ...swept.map((name) => `${name} from each child's own value`)].join(', ');
          const fits = fitting(url, knownNames());
          const now = fits.length === 0 ? 'no name kept here fits it yet (a node before it may give one; pipewright data add gives one from files of yours)' : `names kept here that fit it now: ${listed(fits)}`;
          say(`is named as ${node.kind === 'task' ? `each of ${node.name}'s children` : node.name} starts, with ${from}; ${now}`);
          continue;
        }
        const filled = node.kind === 'task' ? urlsPerChild(url, node.values, node.step.parameters) : [inputUrlWith(url, node.values, node.step.parameters)];
        for (const name of filled) {
          if (parametersIn(name).length > 0) continue; // no value: the plan has said so
          const found = resolveDatum(db, name);
          const values = named.map((p) => `${p} = ${String(node.values[p])}`).join(', ');
          if (found?.ok) say(`is ${name} (${values}), ${node.upstream.length > 0 ? 'looked up when it starts; now ' : ''}${filesSaid(found.files)}`);
          else if (node.upstream.length > 0) say(`is ${name} (${values}), looked up when ${node.name} starts (no run here gave that name yet; a node before it may)`);
        }
      }
    }
    if (lines.length > 0) notes.set(node.name, lines);
  }
  return notes;
}

/** Every name a `datum://` or `dataset://` URL could take here now. */
function namesKept(db: DatabaseSync): string[] {
  try {
    const { aliases, datasets } = namedData(db);
    return [...aliases.map((a) => `datum://${a.alias}`), ...datasets.flatMap((d) => [d.version, ...d.aliases].map((v) => `dataset://${d.dataset}/${v}`))];
  } catch {
    return []; // a database from before names were kept
  }
}

/** The names that the URL, its placeholders filled with anything, could be. */
function fitting(url: string, names: readonly string[]): string[] {
  const parts = url.replace(PLACEHOLDER, '\0').split('\0').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${parts.join('[^/]+?')}$`, 'i');
  return [...new Set(names.filter((name) => pattern.test(name)))];
}

function listed(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
