import type { YamlPath } from '../diagnostic.ts';
import type { DownloadMode, Input, KeepDirectories, Output } from '../model/input.ts';
import type { EnvironmentVariable, Mount, Range, Resources } from '../model/environment.ts';
import { asObject, bool, has, name, num, numberRecord, str, strList } from './read-value.ts';

export function parseInput(value: unknown, path: YamlPath): Input | undefined {
  const obj = asObject(value);
  const inputName = obj && name(obj);
  if (!obj || inputName === undefined) return undefined;
  const keep = obj['keep-directories'];
  const keepDirectories: KeepDirectories =
    keep === true || keep === 'full' ? 'full' : keep === 'suffix' ? 'suffix' : 'none';
  const download: DownloadMode = obj['download'] === 'on-demand' ? 'on-demand' : 'always';
  return {
    path,
    name: inputName,
    defaults: strList(obj['default']),
    defaultSet: has(obj, 'default') && obj['default'] !== null,
    optional: bool(obj, 'optional', false),
    description: str(obj, 'description'),
    filename: str(obj, 'filename'),
    keepDirectories,
    download,
  };
}

export function parseOutput(value: unknown, path: YamlPath): Output | undefined {
  const obj = asObject(value);
  const outputName = obj && name(obj);
  if (!obj || outputName === undefined) return undefined;
  return { path, name: outputName, description: str(obj, 'description') };
}

export function parseEnvironmentVariable(value: unknown, path: YamlPath): EnvironmentVariable | undefined {
  const obj = asObject(value);
  const varName = obj && name(obj);
  if (!obj || varName === undefined) return undefined;
  const raw = obj['default'];
  const defaultValue = raw === undefined || raw === null ? undefined : String(raw);
  return { path, name: varName, default: defaultValue, optional: bool(obj, 'optional', true), description: str(obj, 'description') };
}

export function parseMount(value: unknown, path: YamlPath): Mount | undefined {
  if (typeof value === 'string') {
    const colon = value.indexOf(':');
    if (colon < 0) return undefined;
    return { form: 'short', path, source: value.slice(0, colon), destination: value.slice(colon + 1), readonly: false };
  }
  const obj = asObject(value);
  const source = obj && str(obj, 'source');
  const destination = obj && str(obj, 'destination');
  if (!obj || !source || !destination) return undefined;
  return {
    form: 'long',
    path,
    source,
    destination,
    readonly: bool(obj, 'readonly', false),
    type: str(obj, 'type'),
    options: asObject(obj['options']) ?? {},
  };
}

export function parseRange(value: unknown): Range {
  const obj = asObject(value);
  return obj ? { min: num(obj, 'min'), max: num(obj, 'max') } : {};
}

export function parseResources(value: unknown): Resources | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  return { cpu: parseRange(obj['cpu']), memory: parseRange(obj['memory']), devices: numberRecord(obj['devices']) };
}
