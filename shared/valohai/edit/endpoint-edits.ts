/**
 * Editing an endpoint from its panel: its image, how it serves (a server-command or a wsgi
 * callable, one of them), its port, and the files a deployment places for it. Text → text by
 * source splicing, like every edit.
 */
import { findByName } from '../model/config.ts';
import { formatSocket } from '../model/edge.ts';
import { endpointIn, readPlace } from './find.ts';
import { setEdgeEnds } from './pipeline-edits.ts';
import { andThen, appendItem, appendOrMakeList, removeItem, removeKey, replaceItem, setKey, type EditResult } from './yaml-splice.ts';

/** Valohai's pattern for an endpoint's name, which is part of its URL. */
const ENDPOINT_NAME = /^[a-z][a-z0-9-]+$/;

const notEndpointName = (name: string): string => `"${name}" is not a name Valohai takes for an endpoint: lowercase letters, digits and "-", starting with a letter (the name is part of its URL)`;

export type EndpointKey = 'image' | 'port' | 'description';

/** Sets (or, given nothing, removes) one of an endpoint's plain keys; a port is a whole number 1–65535. */
export function setEndpointKey(text: string, name: string, key: EndpointKey, value: string | undefined): EditResult {
  const found = endpointIn(text, name);
  if (!found.ok) return found;
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return key === 'image' ? { ok: false, message: 'an endpoint needs an image' } : removeKey(text, found.value.endpoint.path, key);
  if (key === 'port') {
    const port = Number(trimmed);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, message: `port must be a whole number from 1 to 65535 (got "${trimmed}")` };
    return setKey(text, found.value.endpoint.path, 'port', port);
  }
  return setKey(text, found.value.endpoint.path, key, trimmed);
}

/** How it serves: a server-command (run with $PORT set) or a wsgi callable (`module:callable`); the other key goes. */
export function setEndpointServer(text: string, name: string, server: { readonly kind: 'server-command' | 'wsgi'; readonly value: string }): EditResult {
  const found = endpointIn(text, name);
  if (!found.ok) return found;
  const value = server.value.trim();
  if (value === '') return { ok: false, message: server.kind === 'wsgi' ? 'wsgi names the callable to serve: module:callable (predict:app)' : 'server-command is the command that starts the server' };
  if (server.kind === 'wsgi' && !/^[A-Za-z_][\w.]*(:[A-Za-z_]\w*)?$/.test(value)) return { ok: false, message: `wsgi names a callable as module:callable (predict:app), not "${value}"` };
  const other = server.kind === 'wsgi' ? 'server-command' : 'wsgi';
  const { path } = found.value.endpoint;
  return andThen(setKey(text, path, server.kind, value), (t) => removeKey(t, path, other));
}

/** Adds a file a deployment places for the endpoint (`files: [{name, path}]`), the list made where there is none. */
export function addEndpointFile(text: string, name: string, file: { readonly name: string; readonly path: string }): EditResult {
  const found = endpointIn(text, name);
  if (!found.ok) return found;
  const fileName = file.name.trim();
  const filePath = file.path.trim();
  if (!/^[A-Za-z_][\w.-]*$/.test(fileName)) return { ok: false, message: `"${fileName}" is not a file name an edge can name: letters, digits, "_", "-" and "."` };
  if (filePath === '' || filePath.startsWith('/')) return { ok: false, message: 'a file is placed at a path in the endpoint\'s folder (model.pkl, models/model.pkl), not an absolute one' };
  if (found.value.endpoint.files.some((f) => f.name === fileName)) return { ok: false, message: `endpoint "${name}" already has a file "${fileName}"` };
  return appendOrMakeList(text, [...found.value.endpoint.path, 'files'], { name: fileName, path: filePath });
}

/** Removes one of its files; the last takes the key with it. */
export function removeEndpointFile(text: string, name: string, fileName: string): EditResult {
  const found = endpointIn(text, name);
  if (!found.ok) return found;
  const file = found.value.endpoint.files.find((f) => f.name === fileName);
  if (file === undefined) return { ok: false, message: `endpoint "${name}" has no file "${fileName}"` };
  if (found.value.endpoint.files.length === 1) return removeKey(text, found.value.endpoint.path, 'files');
  return removeItem(text, [...found.value.endpoint.path, 'files'], file.index);
}

/** A name no endpoint has yet: `endpoint`, `endpoint-2`, … */
export function freeEndpointName(taken: readonly string[]): string {
  for (let i = 1; ; i += 1) {
    const name = i === 1 ? 'endpoint' : `endpoint-${i}`;
    if (!taken.includes(name)) return name;
  }
}

/** Appends a new endpoint (`- endpoint: {name, image, server-command, port}`), to be made what it should be in its panel. */
export function addEndpoint(text: string, name: string): EditResult {
  const place = readPlace(text);
  if (!place.ok) return place;
  if (!ENDPOINT_NAME.test(name)) return { ok: false, message: notEndpointName(name) };
  if (findByName(place.value.config.endpoints, name)) return { ok: false, message: `there is already an endpoint "${name}"` };
  if (!Array.isArray(place.value.data) || place.value.data.length === 0) return { ok: false, message: 'the file is not a list of steps and pipelines' };
  return appendItem(text, [], { endpoint: { name, image: 'python:3.12-slim', 'server-command': 'python3 serve.py', port: 8000 } });
}

/**
 * Renames an endpoint, and what names it: the deployment nodes that deploy it (`endpoints:`) and
 * the edges that deliver its files (`deploy.file.OLD.model` → `deploy.file.NEW.model`).
 */
export function renameEndpoint(text: string, from: string, to: string): EditResult {
  const name = to.trim();
  if (name === from) return { ok: true, text };
  const place = readPlace(text);
  if (!place.ok) return place;
  const { config, data } = place.value;
  const endpoint = findByName(config.endpoints, from);
  if (!endpoint) return { ok: false, message: `no endpoint named "${from}"` };
  if (!ENDPOINT_NAME.test(name)) return { ok: false, message: notEndpointName(to) };
  if (findByName(config.endpoints, name)) return { ok: false, message: `there is already an endpoint "${name}"` };
  let current = setKey(text, endpoint.path, 'name', name);
  for (const pipeline of config.pipelines) {
    const deploying = new Set<string>();
    for (const node of pipeline.nodes) {
      if (node.type !== 'deployment') continue;
      node.endpoints.forEach((e, i) => {
        if (e !== from) return;
        deploying.add(node.name);
        current = andThen(current, (t) => replaceItem(t, [...node.path, 'endpoints'], i, name));
      });
    }
    for (const edge of pipeline.edges) {
      if (edge.target.type !== 'file' || !deploying.has(edge.target.node) || !edge.target.key.startsWith(`${from}.`)) continue;
      const target = formatSocket({ ...edge.target, key: `${name}${edge.target.key.slice(from.length)}` });
      current = andThen(current, (t) => setEdgeEnds(t, data, edge, { target }));
    }
  }
  return current;
}
