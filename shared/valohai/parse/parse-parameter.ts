import type { YamlPath } from '../diagnostic.ts';
import type { MultipleMode, Parameter, ParameterType, Widget } from '../model/parameter.ts';
import { MULTIPLE_MODES, PARAMETER_TYPES } from '../model/parameter.ts';
import { asObject, asParameterValue, has, num, str, type Obj } from './read-value.ts';

function readWidget(value: unknown): Widget | undefined {
  if (typeof value === 'string') return { type: value, settings: {} };
  const obj = asObject(value);
  const type = obj ? str(obj, 'type') : undefined;
  if (!obj || !type) return undefined;
  return { type, settings: asObject(obj['settings']) ?? {} };
}

/** Reads one `parameters[]` item; undefined when it has no usable name. */
export function parseParameter(value: unknown, path: YamlPath): Parameter | undefined {
  const obj = asObject(value);
  const name = obj && (typeof obj['name'] === 'string' || typeof obj['name'] === 'number') ? String(obj['name']) : undefined;
  if (!obj || name === undefined) return undefined;
  const rawType = str(obj, 'type') ?? 'string';
  const type: ParameterType = (PARAMETER_TYPES as readonly string[]).includes(rawType)
    ? (rawType as ParameterType)
    : 'string';
  const defaultValue = has(obj, 'default') ? asParameterValue(obj['default']) : undefined;
  const common = {
    path,
    name,
    description: str(obj, 'description'),
    category: str(obj, 'category'),
    widget: readWidget(obj['widget']),
    optionalSet: has(obj, 'optional'),
    optional: obj['optional'] === true,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    passAs: str(obj, 'pass-as'),
    passTrueAs: str(obj, 'pass-true-as'),
    passFalseAs: str(obj, 'pass-false-as'),
  };
  if (type === 'flag') return { ...common, type, multipleSet: has(obj, 'multiple') && obj['multiple'] !== 'none' };
  return {
    ...common,
    type,
    min: num(obj, 'min'),
    max: num(obj, 'max'),
    choices: Array.isArray(obj['choices']) ? (obj['choices'] as unknown[]).map((c) => asParameterValue(c) ?? null) : undefined,
    multiple: readMultiple(obj),
    multipleSeparator: str(obj, 'multiple-separator'),
  };
}

function readMultiple(obj: Obj): MultipleMode {
  const value = obj['multiple'];
  return typeof value === 'string' && (MULTIPLE_MODES as readonly string[]).includes(value) ? (value as MultipleMode) : 'none';
}
