/**
 * The file's pipelines themselves: a new, empty one; a rename; a removal. Nothing else in
 * valohai.yaml names a pipeline, so each is one splice (editor-only positions follow in the UI).
 */
import { findByName } from '../model/config.ts';
import { appendItem, removeItem, setKey, type EditResult } from './yaml-splice.ts';
import { pipelineIn, readPlace } from './find.ts';

const PIPELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

function checkName(name: string, taken: readonly { readonly name: string }[]): string | undefined {
  if (!PIPELINE_NAME.test(name)) return `"${name}" is not a usable pipeline name (letters, digits, spaces, "_", "." and "-", starting with a letter or digit)`;
  if (findByName(taken, name)) return `there is already a pipeline "${name}"`;
  return undefined;
}

/** A name no pipeline has yet: `pipeline`, then `pipeline-2`, `pipeline-3`… */
export function freePipelineName(text: string, base = 'pipeline'): string {
  const place = readPlace(text);
  const taken = new Set(place.ok ? place.value.config.pipelines.map((p) => p.name) : []);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** Appends `- pipeline: {name, nodes: [], edges: []}`: nodes are then added from the palette. */
export function addPipeline(text: string, name: string): EditResult {
  const place = readPlace(text);
  if (!place.ok) return place;
  const trimmed = name.trim();
  const problem = checkName(trimmed, place.value.config.pipelines);
  if (problem) return { ok: false, message: problem };
  if (!Array.isArray(place.value.data) || place.value.data.length === 0) return { ok: false, message: 'the file is not a list of steps and pipelines: add a step first' };
  return appendItem(text, [], { pipeline: { name: trimmed, nodes: [], edges: [] } });
}

export function renamePipeline(text: string, from: string, to: string): EditResult {
  const name = to.trim();
  if (name === from) return { ok: true, text };
  const found = pipelineIn(text, from);
  if (!found.ok) return found;
  const problem = checkName(name, found.value.config.pipelines);
  if (problem) return { ok: false, message: problem };
  return setKey(text, found.value.pipeline.path, 'name', name);
}

export function removePipeline(text: string, name: string): EditResult {
  const found = pipelineIn(text, name);
  if (!found.ok) return found;
  const index = found.value.pipeline.path[0];
  if (typeof index !== 'number') return { ok: false, message: `pipeline "${name}" is not an item of the file's list` };
  return removeItem(text, [], index);
}
