/**
 * A valohai.yaml written as a map where Valohai reads a list: the items' dashes left out
 * (`step:` at the top), or the shape other tools use (`version: 1`, `steps: [...]`,
 * `pipelines: [{name, steps: [...]}]`, which an assistant writes for "a valohai.yaml"). What it
 * is said, and where every key is one Valohai has an item for, a fix that rewrites it as the list:
 * each of `steps:` a `- step:` item, and so on; a pipeline given as a list of `steps` becomes
 * nodes run in that order (dependency edges), as the list says.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Fix } from '../diagnostic.ts';
import { PYYAML_OPTIONS } from './pyyaml-schema.ts';

const KINDS = ['step', 'pipeline', 'task', 'endpoint', 'deployment'] as const;
const PLURALS: Readonly<Record<string, string>> = { steps: 'step', pipelines: 'pipeline', tasks: 'task', endpoints: 'endpoint', deployments: 'deployment' };
/** Keys of such files that mean nothing to Valohai and are dropped. */
const IGNORED = new Set(['version', 'apiVersion', 'api_version']);

/** Why a map at the top is not what Valohai reads, by its keys. */
export function notAListMessage(data: unknown): string {
  const base = 'A valohai.yaml must be a list of items (each starting with `- step:`, `- pipeline:`, ...)';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return base;
  const keys = Object.keys(data);
  const singular = keys.filter((k) => (KINDS as readonly string[]).includes(k));
  const plural = keys.filter((k) => k in PLURALS);
  if (plural.length > 0) return `${base}; this one is a map with ${keys.map((k) => `\`${k}:\``).join(', ')}: each of its ${plural.map((k, i) => `${k} ${i === 0 ? 'is written as ' : 'as '}a \`- ${PLURALS[k] ?? ''}:\` item`).join(', each of its ')}`;
  if (singular.length > 0) return `${base}; this one is a map: \`${singular[0] ?? ''}:\` needs its \`- \` in front, as a list item`;
  return base;
}

/** The fix that rewrites such a map as the list it means; none where a key would be lost. */
export function notAListFix(text: string): Fix | undefined {
  const doc = parseDocument(text, PYYAML_OPTIONS);
  const root = doc.contents;
  if (doc.errors.length > 0 || !isMap(root) || !root.range) return undefined;
  const list = new YAMLSeq();
  const dropped: string[] = [];
  let chained = false;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) return undefined;
    if (IGNORED.has(key)) {
      dropped.push(key);
      continue;
    }
    const plural = PLURALS[key];
    if ((KINDS as readonly string[]).includes(key) && isMap(pair.value)) list.items.push(item(key, pair.value, isScalar(pair.key) && pair.key.spaceBefore));
    else if (plural !== undefined && isSeq(pair.value) && pair.value.items.every(isMap)) {
      const first = pair.value.items[0] as Node | undefined;
      if (first && isScalar(pair.key) && pair.key.spaceBefore) first.spaceBefore = true;
      for (const value of pair.value.items as Node[]) {
        const made = plural === 'pipeline' ? nodesFromSteps(value) : value;
        chained ||= made !== value;
        list.items.push(item(plural, made, value.spaceBefore));
      }
    } else return undefined;
  }
  if (list.items.length === 0) return undefined;
  (list.items[0] as YAMLMap).spaceBefore = false;
  const rewritten = new Document(list, PYYAML_OPTIONS).toString({ lineWidth: 0, indentSeq: true, flowCollectionPadding: false }).trimEnd();
  const [start, , end] = root.range;
  const from = text.slice(start, end).trimEnd();
  const said = [`rewrite as the list Valohai reads (each item with its \`- \`)`];
  if (chained) said.push("a pipeline's steps as nodes run in that order");
  if (dropped.length > 0) said.push(`${dropped.map((k) => `\`${k}:\``).join(', ')} left out, which Valohai has no use for`);
  return { kind: 'replace-text', label: said.join('; '), path: [], from, to: rewritten };
}

function item(kind: string, value: Node, spaceBefore: boolean | undefined): YAMLMap {
  const map = new YAMLMap();
  map.spaceBefore = spaceBefore === true;
  value.spaceBefore = false;
  map.set(kind, value);
  return map;
}

/** `{name, steps: [a, {name: b}]}` → `{name, nodes: [...], edges: [a→b]}`; anything else as it is. */
function nodesFromSteps(value: Node): Node {
  if (!isMap(value) || value.has('nodes') || !isSeq(value.get('steps', true))) return value;
  const steps = (value.get('steps', true) as unknown as YAMLSeq).items.map((s) => (isScalar(s) ? String(s.value) : isMap(s) ? String(s.get('step') ?? s.get('name') ?? '') : ''));
  if (steps.some((s) => s === '')) return value;
  const pipeline = new YAMLMap();
  for (const pair of value.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'steps') {
      pipeline.set('nodes', steps.map((name) => ({ name, type: 'execution', step: name })));
      pipeline.set('edges', steps.slice(1).map((name, i) => flowList([`${steps[i] ?? ''}.dependency.*`, `${name}.dependency.*`])));
    } else pipeline.items.push(pair);
  }
  return pipeline;
}

function flowList(values: readonly string[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.flow = true;
  seq.items.push(...values);
  return seq;
}
