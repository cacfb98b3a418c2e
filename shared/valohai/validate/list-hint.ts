/**
 * A step's inputs, parameters or environment variables written as a map of names to values
 * (`inputs: {data: data.csv}`, `parameters: {lr: 0.1}`) or as one value (`inputs: data.csv`),
 * where Valohai wants a list of maps, each with its name: the message shows the list most likely
 * meant, in the file's own terms. Only a hint: which name and type were meant is the author's.
 */
import type { YamlPath } from '../diagnostic.ts';

const KINDS = { inputs: 'input', parameters: 'parameter', 'environment-variables': 'environment variable' } as const;
type ListKey = keyof typeof KINDS;

const MAX_SHOWN = 2;

export function listHint(path: YamlPath, wanted: unknown, value: unknown): string {
  const key = path[path.length - 1];
  if (wanted !== 'array' || path[path.length - 2] !== 'step' || typeof key !== 'string' || !(key in KINDS)) return '';
  const list = key as ListKey;
  const entries = meantEntries(list, value);
  if (entries === undefined) return '';
  const items = entries.slice(0, MAX_SHOWN).map(([name, given]) => `{${itemFields(list, name, given).join(', ')}}`);
  const more = entries.length > MAX_SHOWN ? ', …' : '';
  return `; each ${KINDS[list]} is a map with its name, in a list: ${list}: [${items.join(', ')}${more}]`;
}

/** The (name, value) pairs meant: a map's own, or one made of a single value. */
function meantEntries(list: ListKey, value: unknown): [string, unknown][] | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    return entries.length > 0 ? entries : undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (list === 'inputs') return [[stem(value), value]];
  // A single word is most likely the name (`parameters: lr`); its value is not known.
  return /^[A-Za-z_][\w-]*$/.test(value) ? [[value, undefined]] : undefined;
}

function itemFields(list: ListKey, name: string, given: unknown): string[] {
  const fields = [`name: ${flow(name)}`];
  if (list === 'parameters') fields.push(`type: ${parameterType(given)}`);
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) fields.push(`default: ${flow(given)}`);
  return fields;
}

function parameterType(given: unknown): string {
  if (typeof given === 'boolean') return 'flag';
  if (typeof given === 'number') return Number.isInteger(given) ? 'integer' : 'float';
  return 'string';
}

/** A value as flow YAML reads it back the same: plain where it can be, else in JSON's quotes. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value !== 'string') return String(value);
  const plain = /^[\w./-][\w./*-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** An input's name made from its file: `data/train.csv` → train. */
function stem(url: string): string {
  const base = url.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  const name = base.replace(/\.[^.]*$/, '').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '');
  return name === '' ? 'data' : name;
}
