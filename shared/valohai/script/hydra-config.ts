/**
 * A Hydra app's options: `@hydra.main(config_path="conf", config_name="config")` reads
 * `conf/config.yaml` (beside the script), and its command line takes overrides of that config,
 * `key.sub=value` with no dashes, and a config group's option, `db=postgres`. Each scalar of the
 * primary config becomes a parameter named by its dotted path and passed so Hydra reads it
 * (`optimizer.lr={v}`; a string quoted, `name='{v}'`, so that `:`, `,` or `=` in it stay text, and
 * a number or a boolean bare, so that it stays a number); each group of its defaults list a
 * parameter whose choices are the group folder's configs. `???` (a value Hydra requires) is a
 * parameter with no default; an interpolation (`${...}`) is left to Hydra, said.
 *
 * The files are read through `ConfigFiles` (paths relative to the script's folder): this module
 * reads no disk of its own.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { PYYAML_OPTIONS } from '../parse/pyyaml-schema.ts';
import type { PythonFunction } from './python-functions.ts';
import type { ScriptParameter } from './script-outline.ts';

export interface ConfigFiles {
  /** A file's text, or undefined where it is not there (or not to be read). */
  read(path: string): string | undefined;
  /** A folder's file names, or undefined where it is not there. */
  list(folder: string): readonly string[] | undefined;
}

/** At most so many of a config's values become parameters. */
const PARAMETERS_MAX = 200;
/** A key path Valohai takes as a parameter name (dots and dashes in it). */
const KEY_PATH = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;
const GROUP = /^[A-Za-z_][\w-]*$/;

const text = (node: unknown): string | undefined => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);

/** Where the function `@hydra.main` decorates finds its primary config; undefined where none is said. */
export function hydraConfigOf(functions: readonly PythonFunction[], notes: string[]): { readonly path: string; readonly line: number } | undefined {
  for (const fn of functions) {
    const main = fn.decorators.find((d) => d.callee === 'hydra.main');
    if (main === undefined) continue;
    const arg = (keyword: string, at: number) => main.args.find((a) => a.keyword === keyword) ?? main.args.filter((a) => a.keyword === undefined)[at];
    const folder = arg('config_path', 0)?.value;
    const name = arg('config_name', 1)?.value;
    if (name?.kind !== 'string' || (folder !== undefined && folder.kind !== 'string')) {
      notes.push(`line ${main.line}: hydra.main's config is not a file named in the script (config_name="...", config_path="..."), so its options are not read`);
      return undefined;
    }
    const dir = folder?.kind === 'string' ? folder.value.replace(/\/+$/, '') : '.';
    if (dir.startsWith('pkg://') || dir.startsWith('/')) {
      notes.push(`line ${main.line}: hydra.main's config_path ${dir} is outside the project, so its options are not read`);
      return undefined;
    }
    const file = name.value.endsWith('.yaml') ? name.value : `${name.value}.yaml`;
    return { path: dir === '.' || dir === '' ? file : `${dir}/${file}`, line: main.line };
  }
  return undefined;
}

/** The parameters a Hydra app's primary config (at `path`) gives its command line. */
export function hydraParameters(path: string, files: ConfigFiles, notes: string[]): ScriptParameter[] {
  const source = files.read(path);
  if (source === undefined) {
    notes.push(`${path}, the Hydra config the script names, is not in the project: its options are not read`);
    return [];
  }
  const doc = parseDocument(source, PYYAML_OPTIONS);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    notes.push(`${path} is not a YAML map${doc.errors[0] ? ` (${doc.errors[0].message.split('\n')[0] ?? ''})` : ''}: its options are not read`);
    return [];
  }
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const parameters: ScriptParameter[] = [];
  const left: string[] = [];
  const add = (parameter: ScriptParameter): void => {
    if (parameters.length < PARAMETERS_MAX) parameters.push(parameter);
    else left.push(parameter.name);
  };
  // The defaults list: each group's option is chosen on the command line (`db=postgres`).
  const defaults = doc.contents.get('defaults', true);
  for (const entry of isSeq(defaults) ? defaults.items : []) {
    if (!isMap(entry) || entry.items.length !== 1) continue; // `_self_`, or a config merged in
    const pair = entry.items[0];
    const group = text(pair?.key);
    if (group === undefined || group.startsWith('override ') || !GROUP.test(group.replace(/^optional /, ''))) continue;
    const name = group.replace(/^optional /, '');
    const chosen = pair?.value;
    if (isSeq(chosen)) {
      notes.push(`${path}: the ${name} config group takes a list of its configs here, left out (a list is not one value to choose)`);
      continue;
    }
    const options = (files.list(folder === '' ? name : `${folder}/${name}`) ?? []).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, '')).sort();
    const option = text(chosen);
    add({
      name,
      type: 'string',
      ...(option !== undefined ? { default: option } : { optional: true }),
      ...(options.length > 0 ? { choices: option !== undefined && !options.includes(option) ? [option, ...options] : options } : {}),
      'pass-as': `${name}={v}`,
      description: `the ${name} config group's option (${folder === '' ? '' : `${folder}/`}${name}/NAME.yaml)`,
    });
  }
  const own: string[] = [];
  const keyOf = (key: unknown): string | undefined => (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined);
  /** `except`: keys the map merging this one in gives itself (they win over the merged ones). */
  const walk = (given: Node | null | undefined, at: string, seen = 0, except: ReadonlySet<string> = new Set()): void => {
    // An alias is what it names (`<<: *base` merges that map in, at this level); a cycle of them ends.
    const node = isAlias(given) ? (given.resolve(doc) as Node | undefined) : given;
    if (seen > 20) return;
    if (isMap(node)) {
      const explicit = new Set(node.items.map((pair) => keyOf(pair.key)).filter((k): k is string => k !== undefined));
      for (const pair of node.items) {
        if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
          const merged = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
          for (const from of isSeq(merged) ? merged.items : [merged]) walk(from as Node, at, seen + 1, new Set([...explicit, ...except]));
          continue;
        }
        const key = keyOf(pair.key);
        if (key === undefined || except.has(key)) continue;
        if (at === '' && (key === 'defaults' || key === 'hydra')) continue;
        if (key.startsWith('_') && key.endsWith('_')) {
          own.push(at === '' ? key : `${at}.${key}`);
          continue;
        }
        walk(pair.value as Node | null, at === '' ? key : `${at}.${key}`, seen + 1);
      }
      return;
    }
    if (!KEY_PATH.test(at)) {
      notes.push(`${path}: ${at} is left out: not a name Valohai takes for a parameter`);
      return;
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => (isScalar(item) ? item.value : undefined));
      if (items.some((v) => v === undefined || v === null || typeof v === 'object')) notes.push(`${path}: ${at} is left out: a list of more than plain values`);
      else add({ name: at, type: 'string', default: `[${items.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(',')}]`, 'pass-as': `${at}={v}` });
      return;
    }
    const value: unknown = isScalar(node) ? node.value : null;
    if (typeof value === 'string' && value.includes('${')) notes.push(`${path}: ${at} is left out: its value ${value} is an interpolation Hydra resolves`);
    else if (value === '???') add({ name: at, type: 'string', 'pass-as': `${at}='{v}'`, description: 'required by the config (???)' });
    else if (typeof value === 'boolean') add({ name: at, type: 'flag', default: value, 'pass-true-as': `${at}=true`, 'pass-false-as': `${at}=false` });
    else if (typeof value === 'number' && Number.isFinite(value)) add({ name: at, type: Number.isInteger(value) && !/[.eE]/.test(String(isScalar(node) ? node.source ?? '' : '')) ? 'integer' : 'float', default: value, 'pass-as': `${at}={v}` });
    // Hydra's quoted strings take either quote: one the default holds is not the one to quote it with.
    else if (typeof value === 'string') add({ name: at, type: 'string', default: value, 'pass-as': value.includes("'") && !value.includes('"') ? `${at}="{v}"` : `${at}='{v}'` });
    else if (value === null || value === undefined) add({ name: at, type: 'string', optional: true, 'pass-as': `${at}='{v}'` });
    else notes.push(`${path}: ${at} is left out: its value is not a plain number, string or boolean`);
  };
  walk(doc.contents, '');
  if (own.length > 0) notes.push(`${path}: ${own.slice(0, 3).join(', ')}${own.length > 3 ? ` and ${own.length - 3} more` : ''} (keys Hydra reads itself) left out`);
  if (left.length > 0) notes.push(`${path}: only its first ${PARAMETERS_MAX} values are offered; ${left.length} more are left out`);
  return parameters;
}
