/**
 * The upstream JSON schema, checked with precompiled validators, and its errors turned into
 * messages a user understands. `anyOf` over node kinds and edge forms is resolved by the value's
 * own `type`/shape, so a bad node gets the errors of its kind instead of three branches' worth.
 */
import type { Finding, Fix, YamlPath } from '../diagnostic.ts';
import { asArray, asObject } from '../parse/read-value.ts';
import {
  validateDeploymentNode,
  validateDocument,
  validateExecutionNode,
  validateFullEdge,
  validateTaskNode,
  type SchemaError,
  type SchemaValidator,
} from '../schema/validators.generated.js';
import { nearestName } from '../../nearest-name.ts';
import { SCHEMA_FIELDS } from '../schema/fields.generated.ts';
import { isPlaceholder } from './lint-command.ts';
import { listHint } from './list-hint.ts';
import { describeSubject, describeWithin, subjectDepth, subjectOf } from './subject.ts';

interface PathedError {
  readonly path: YamlPath;
  readonly error: SchemaError;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let value = data;
  for (const segment of path) value = typeof segment === 'number' ? asArray(value)[segment] : asObject(value)?.[segment];
  return value;
}

function startsWith(path: YamlPath, prefix: YamlPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

const NODE_VALIDATORS: Readonly<Record<string, SchemaValidator>> = {
  execution: validateExecutionNode,
  task: validateTaskNode,
  deployment: validateDeploymentNode,
};

function run(validator: SchemaValidator, data: unknown, base: YamlPath): PathedError[] {
  if (validator(data)) return [];
  return (validator.errors ?? []).map((error) => ({ path: [...base, ...pointerToPath(error.instancePath)], error }));
}

/** Replaces each `anyOf`/`oneOf` and the errors of its branches by what the value meant to be. */
function resolveComposites(root: unknown, errors: PathedError[], withinItem = false): PathedError[] {
  const composites = errors
    .filter((e) => e.error.keyword === 'anyOf' || e.error.keyword === 'oneOf')
    .sort((a, b) => a.path.length - b.path.length);
  let remaining = errors;
  const replaced: PathedError[] = [];
  const handled: YamlPath[] = [];
  for (const composite of composites) {
    if (handled.some((p) => startsWith(composite.path, p))) continue;
    handled.push(composite.path);
    // Branch errors sit under the composite's schema path; others at the same place stay.
    const branch = (e: PathedError): boolean =>
      startsWith(e.path, composite.path) && (e === composite || !withinItem || e.error.schemaPath.startsWith(`${composite.error.schemaPath}/`));
    const inside = remaining.filter(branch);
    remaining = remaining.filter((e) => !branch(e));
    // `oneOf` over required keys fails when both are there; the `not` beside it says it better.
    const explainedByNot = remaining.some((e) => e.error.keyword === 'not' && e.path.length === composite.path.length && startsWith(e.path, composite.path));
    if (!explainedByNot) replaced.push(...explainComposite(root, composite, inside, withinItem));
  }
  return [...remaining, ...replaced];
}

/** `withinItem`: already inside one node's or edge's own validation, so do not pick a kind again. */
function explainComposite(root: unknown, composite: PathedError, inside: PathedError[], withinItem: boolean): PathedError[] {
  const { path } = composite;
  const value = valueAt(root, path);
  const section = path[path.length - 2];
  if (!withinItem && section === 'nodes' && path.length === 4) {
    if (asObject(value) === undefined) return [{ path, error: { instancePath: '', schemaPath: '', keyword: 'type', params: { type: 'object' } } }];
    const type = asObject(value)?.['type'];
    const validator = typeof type === 'string' ? NODE_VALIDATORS[type] : undefined;
    if (validator) return resolveComposites(root, run(validator, value, path), true);
    const keyword = 'pipewright-node-type';
    return [{ path: [...path, 'type'], error: { instancePath: '', schemaPath: '', keyword, params: { type } } }];
  }
  if (!withinItem && section === 'edges' && path.length === 4) {
    // Shorthand edges are checked while parsing (one message for any malformed list).
    return Array.isArray(value) ? [] : resolveComposites(root, run(validateFullEdge, value, path), true);
  }
  // A branch whose shape the value has (a list where "a string or a list" is asked) but whose
  // items fail says more than "must be a string": report its own errors, at the items.
  const deeper = inside.filter((e) => e.path.length > path.length);
  if (deeper.length > 0) return resolveComposites(root, deeper, true);
  const exact = inside.filter((e) => e.path.length === path.length && e.error.keyword !== composite.error.keyword);
  if (exact.length > 0 && exact.every((e) => e.error.keyword === 'required')) {
    const names = exact.map((e) => `"${String(e.error.params['missingProperty'])}"`);
    return [{ path, error: { ...composite.error, keyword: 'pipewright-one-of-required', params: { names } } }];
  }
  const types = [...new Set(exact.filter((e) => e.error.keyword === 'type').map((e) => String(e.error.params['type'])))];
  return [{ path, error: { ...composite.error, params: { types } } }];
}

/** `about`: where the message describes the finding from, when not where it is located (a field's map, for the field). */
function describeError(root: unknown, { path, error }: PathedError): { text: string; path: YamlPath; preferKey: boolean; about?: YamlPath; fix?: Fix } {
  const value = valueAt(root, path);
  const p = error.params;
  switch (error.keyword) {
    case 'type': {
      // An empty `-` in a list (one left after deleting a line, or typed ahead): nothing is meant by it.
      const emptyItem = value === null && typeof path[path.length - 1] === 'number';
      const placeholder = bracedPlaceholder(p['type'], value);
      const fix: Fix | undefined =
        emptyItem ? { kind: 'remove-item', label: 'remove the empty item', path } :
        placeholder !== undefined ? { kind: 'set-value', label: `write "${placeholder}" in quotes`, path, value: placeholder } :
        undefined;
      const hint = placeholder !== undefined ? `; unquoted, ${placeholder} is a YAML map: put it in quotes ("${placeholder}")` : colonHint(p['type'], value) || listHint(path, p['type'], value);
      return { text: `must be ${article(String(p['type']))} (got ${show(value)})${hint}`, path, preferKey: false, ...(fix ? { fix } : {}) };
    }
    case 'required':
      return { text: `is missing the required field "${String(p['missingProperty'])}"`, path, preferKey: true };
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const fields = SCHEMA_FIELDS[error.schemaPath.replace(/\/additionalProperties$/, '')] ?? [];
      // (`style: linear` is no misspelt `type`: renaming it would make a wrong parameter.)
      const variant = variantHint(root, path, key);
      const near = variant === '' ? nearestName(key, fields) : undefined;
      // A pipeline parameter's `type:` (written as a step parameter's is) says nothing Valohai
      // reads: the parameters it targets have their types. Another unknown field is the person's
      // to rename or move: removing it would lose what they meant by it.
      const typeOnPipelineParameter = key === 'type' && path.length === 4 && path[1] === 'pipeline' && path[2] === 'parameters';
      // A node's `parameters:` (inputs, variables) written beside its step, where the step's own
      // are written: meant for its `override:`, where it goes unless that has one already.
      const overrides = misplacedOverride(path, key) && valueAt(root, [...path, 'override', key]) === undefined;
      const fix: Fix | undefined =
        near !== undefined
          ? { kind: 'rename-key', label: `rename it "${near}"`, path: [...path, key], key: near }
          : typeOnPipelineParameter
            ? { kind: 'remove-key', label: 'remove "type": a pipeline parameter takes the type of the parameters it targets', path: [...path, key] }
            : overrides
              ? { kind: 'move-key', label: `move it under override:`, path: [...path, key], to: [...path, 'override', key] }
              : undefined;
      const hint = variant !== '' ? variant : `${unknownFieldHint(path, key, fields)}${pipelineReferenceHint(root, path, key)}`;
      return { text: `has an unknown field "${key}"${hint}`, path: [...path, key], preferKey: true, about: path, ...(fix ? { fix } : {}) };
    }
    case 'enum': {
      const allowed = asArray(p['allowedValues']).map(String);
      const near = typeof value === 'string' ? nearestName(value, allowed) : undefined;
      const fix: Fix | undefined = near === undefined ? undefined : { kind: 'set-value', label: `use "${near}"`, path, value: near };
      return { text: `must be one of ${allowed.join(', ')} (got ${show(value)})${near === undefined ? '' : ` (did you mean "${near}"?)`}`, path, preferKey: false, ...(fix ? { fix } : {}) };
    }
    case 'const':
      return { text: `must be "${String(p['allowedValue'])}" (got ${show(value)})`, path, preferKey: false };
    case 'pattern':
      return { text: `${show(value)} does not match the pattern ${String(p['pattern'])}`, path, preferKey: false };
    case 'maxLength':
      return { text: `${show(value)} is too long (at most ${String(p['limit'])} characters)`, path, preferKey: false };
    case 'minLength':
      return { text: `is too short (at least ${String(p['limit'])} characters)`, path, preferKey: false };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { text: `must be ${String(p['comparison'])} ${String(p['limit'])} (got ${show(value)})`, path, preferKey: false };
    case 'not':
      return { text: 'must not set both "step" and "task"; use one of them', path, preferKey: true };
    case 'pipewright-node-type':
      return { text: `must be execution, task or deployment (got ${show(p['type'])})`, path, preferKey: false };
    case 'pipewright-one-of-required':
      return { text: `needs exactly one of ${asArray(p['names']).join(' or ')}`, path, preferKey: true };
    case 'anyOf':
    case 'oneOf': {
      const types = asArray(p['types']).map(String);
      const text = types.length > 0 ? `must be ${types.map(article).join(' or ')} (got ${show(value)})` : `is not valid here (got ${show(value)})`;
      return { text, path, preferKey: false };
    }
    case 'false schema':
      return { text: 'is not allowed here', path, preferKey: false };
    default:
      return { text: error.message ?? `fails the schema rule "${error.keyword}"`, path, preferKey: false };
  }
}

/** A node's field that belongs under its `override:` (its step's parameters, inputs or variables). */
function misplacedOverride(path: YamlPath, key: string): boolean {
  return path.length === 4 && path[1] === 'pipeline' && path[2] === 'nodes' && ['parameters', 'inputs', 'environment-variables'].includes(key);
}

/** What an unknown field was meant as: a known one misspelt, or one written in the wrong place; else the fields there are. */
function unknownFieldHint(path: YamlPath, key: string, fields: readonly string[]): string {
  if (misplacedOverride(path, key)) return ` (a node sets its step's ${key} under override: {${key}: [...]})`;
  const near = nearestName(key, fields);
  if (near !== undefined) return ` (did you mean "${near}"?)`;
  return fields.length > 0 && fields.length <= 12 ? ` (it takes ${fields.join(', ')})` : '';
}

/**
 * `style` and `rules` on a step's parameter or a node's override of one: a sweep written where
 * Valohai reads none. Its variants are a top-level task's, which a pipeline's task node names.
 */
function variantHint(root: unknown, path: YamlPath, key: string): string {
  if ((key !== 'style' && key !== 'rules') || path[path.length - 2] !== 'parameters' || path[1] === 'task') return '';
  const parameter = asObject(valueAt(root, path));
  if (key === 'rules' && parameter?.['style'] !== undefined) return '; it goes with style, in a top-level task (see style)';
  const onNode = path[1] === 'pipeline' && path[2] === 'nodes';
  const step = onNode ? asObject(valueAt(root, path.slice(0, 4)))?.['step'] : asObject(valueAt(root, path.slice(0, 2)))?.['name'];
  const name = (value: unknown, otherwise: string): string => (typeof value === 'string' ? value : otherwise);
  return (
    `; style and rules make a sweep's variants, which Valohai reads only in a top-level task:` +
    ` - task: {name: NAME, step: ${name(step, 'STEP')}, parameters: [{name: ${name(parameter?.['name'], '…')}, style: …, rules: {…}}]}` +
    (onNode ? ', named on this node by task: NAME in place of step:' : ', run by pipewright run --task NAME or by a pipeline node of type task')
  );
}

/**
 * A node's own `parameters` whose defaults name a pipeline parameter (`default: $rank_ratio`, as
 * other pipeline tools write it): Valohai has no such reference; the pipeline parameter reaches the
 * node's parameter through its `targets`.
 */
function pipelineReferenceHint(root: unknown, path: YamlPath, key: string): string {
  if (key !== 'parameters' || path.length !== 4 || path[1] !== 'pipeline' || path[2] !== 'nodes') return '';
  const node = asObject(valueAt(root, path));
  const pipeline = asObject(valueAt(root, path.slice(0, 2)));
  const declared = new Set(asArray(pipeline?.['parameters']).map((p) => asObject(p)?.['name']));
  const referred = asArray(node?.['parameters']).flatMap((item) => {
    const entry = asObject(item);
    const found = typeof entry?.['default'] === 'string' ? /^\$\{?(\w+)\}?$/.exec(entry['default']) : null;
    return found && typeof entry?.['name'] === 'string' && declared.has(found[1] ?? '') ? [[found[1] as string, entry['name']] as const] : [];
  });
  if (referred.length === 0 || typeof node?.['name'] !== 'string') return '';
  const [pipelineParameter, parameter] = referred[0] as readonly [string, string];
  return `; "$${pipelineParameter}" is no reference in Valohai: pipeline parameter "${pipelineParameter}" sets it by listing ${node['name']}.parameter.${parameter} in its targets`;
}

/**
 * A command placeholder written alone and unquoted (`command: [python t.py, {parameters}]`): YAML
 * reads `{parameters}` as a map of one key with no value. The placeholder, where it is one.
 */
function bracedPlaceholder(wanted: unknown, value: unknown): string | undefined {
  const object = asObject(value);
  if (wanted !== 'string' || object === undefined) return undefined;
  const entries = Object.entries(object);
  const [key, inner] = entries[0] ?? [];
  if (entries.length !== 1 || inner !== null || key === undefined) return undefined;
  return isPlaceholder(`{${key}}`) ? `{${key}}` : undefined;
}

/**
 * Where text was wanted, a map of one key is most often a line with ": " in it, and true/false a
 * word YAML 1.1 reads as a boolean (`on`, `no`, `yes`...), both left unquoted.
 */
function colonHint(wanted: unknown, value: unknown): string {
  if (wanted !== 'string') return '';
  if (typeof value === 'boolean') return '; YAML reads yes, no, on, off, true and false as true or false: quote the word to keep it text';
  const object = asObject(value);
  if (object === undefined || Object.keys(object).length !== 1) return '';
  return UNQUOTED_COLON_HINT;
}

/** What a finding says of a line holding ": " left unquoted (import.ts offers to quote it). */
export const UNQUOTED_COLON_HINT = '; a line holding ": " must be quoted in YAML, or it becomes a map';

function article(type: string): string {
  const words: Record<string, string> = { array: 'a list', object: 'a map', string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'empty' };
  return words[type] ?? type;
}

/** A schema finding; `preferKey` locates it at the map key rather than the value. */
export interface SchemaFinding extends Finding {
  readonly preferKey: boolean;
}

export function checkSchema(data: unknown): SchemaFinding[] {
  if (data === null || data === undefined || !Array.isArray(data)) return []; // parse reports the shape
  const errors = resolveComposites(data, run(validateDocument, data, []));
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const error of errors) {
    const { text, path, preferKey, about, fix } = describeError(data, error);
    const subject = subjectOf(data, path);
    const within = describeWithin(data, about ?? path, subjectDepth(subject));
    const message = within ? `${describeSubject(subject)}: ${within} ${text}` : `${describeSubject(subject)} ${text}`;
    const key = `${path.join('/')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ severity: 'error', code: `schema-${error.error.keyword}`, message, path, subject, preferKey, ...(fix ? { fix } : {}) });
  }
  return findings;
}
