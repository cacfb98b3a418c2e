/** Finding what an edit works on, with a reason a person understands when it is not there. */
import type { YamlPath } from '../diagnostic.ts';
import type { ValohaiConfig } from '../model/config.ts';
import { findByName } from '../model/config.ts';
import type { PipelineNode } from '../model/nodes/node.ts';
import type { Pipeline } from '../model/pipeline.ts';
import type { Step } from '../model/step.ts';
import type { Endpoint } from '../model/endpoint.ts';
import { importValohaiYaml } from '../import.ts';

export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface Place {
  readonly config: ValohaiConfig;
  /** The plain data the YAML reads as. */
  readonly data: unknown;
}

export function readPlace(text: string): Found<Place> {
  const { config, source } = importValohaiYaml(text);
  if (source.data === undefined) return { ok: false, message: 'the file cannot be read as YAML; fix it first' };
  return { ok: true, value: { config, data: source.data } };
}

export function pipelineIn(text: string, name: string): Found<Place & { readonly pipeline: Pipeline }> {
  const place = readPlace(text);
  if (!place.ok) return place;
  const pipeline = findByName(place.value.config.pipelines, name);
  return pipeline ? { ok: true, value: { ...place.value, pipeline } } : { ok: false, message: `no pipeline named "${name}"` };
}

export function stepIn(text: string, name: string): Found<Place & { readonly step: Step }> {
  const place = readPlace(text);
  if (!place.ok) return place;
  const step = findByName(place.value.config.steps, name);
  return step ? { ok: true, value: { ...place.value, step } } : { ok: false, message: `no step named "${name}"` };
}

export function endpointIn(text: string, name: string): Found<Place & { readonly endpoint: Endpoint }> {
  const place = readPlace(text);
  if (!place.ok) return place;
  const endpoint = findByName(place.value.config.endpoints, name);
  return endpoint ? { ok: true, value: { ...place.value, endpoint } } : { ok: false, message: `no endpoint named "${name}"` };
}

export function nodeIn(text: string, pipelineName: string, nodeName: string): Found<Place & { readonly pipeline: Pipeline; readonly node: PipelineNode }> {
  const found = pipelineIn(text, pipelineName);
  if (!found.ok) return found;
  const node = found.value.pipeline.nodes.find((n) => n.name === nodeName);
  return node ? { ok: true, value: { ...found.value, node } } : { ok: false, message: `pipeline "${pipelineName}" has no node "${nodeName}"` };
}

/** The plain value at a path of the data, or undefined. */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let value: unknown = data;
  for (const segment of path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  return value;
}

export function hasKey(data: unknown, path: YamlPath, key: string): boolean {
  const value = valueAt(data, path);
  return typeof value === 'object' && value !== null && key in value;
}
