/** Names the model object a YAML path points into, for diagnostics the UI can select. */
import type { Subject, YamlPath } from '../diagnostic.ts';
import { DOCUMENT } from '../diagnostic.ts';
import { asArray, asObject, name } from '../parse/read-value.ts';

function childAt(value: unknown, segment: string | number): unknown {
  if (typeof segment === 'number') return asArray(value)[segment];
  return asObject(value)?.[segment];
}

function nameAt(data: unknown, path: YamlPath): string {
  let value = data;
  for (const segment of path) value = childAt(value, segment);
  const obj = asObject(value);
  const position = [...path].reverse().find((segment) => typeof segment === 'number');
  return (obj && name(obj)) ?? `(unnamed, item ${typeof position === 'number' ? position + 1 : '?'})`;
}

export function subjectOf(data: unknown, path: YamlPath): Subject {
  const [index, kind, section, position] = path;
  if (typeof index !== 'number' || typeof kind !== 'string') return DOCUMENT;
  const itemName = nameAt(data, [index, kind]);
  switch (kind) {
    case 'step':
      return { kind: 'step', step: itemName };
    case 'task':
      return { kind: 'task', task: itemName };
    case 'endpoint':
      return { kind: 'endpoint', endpoint: itemName };
    case 'deployment':
      return { kind: 'deployment', deployment: itemName };
    case 'pipeline':
    case 'blueprint': {
      if (typeof position === 'number' && section === 'nodes') {
        return { kind: 'node', pipeline: itemName, node: nameAt(data, [index, kind, 'nodes', position]) };
      }
      if (typeof position === 'number' && section === 'edges') return { kind: 'edge', pipeline: itemName, edgeIndex: position };
      if (typeof position === 'number' && section === 'parameters') {
        return { kind: 'pipeline-parameter', pipeline: itemName, parameter: nameAt(data, [index, kind, 'parameters', position]) };
      }
      return { kind: 'pipeline', pipeline: itemName };
    }
    default:
      return DOCUMENT;
  }
}

/** How many path segments a subject already names (`[0, 'pipeline', 'nodes', 2]` for a node). */
export function subjectDepth(subject: Subject): number {
  return subject.kind === 'node' || subject.kind === 'edge' || subject.kind === 'pipeline-parameter' ? 4 : subject.kind === 'document' ? 0 : 2;
}

/** A readable location inside an item: `parameters › "lr" › min`. */
export function describeWithin(data: unknown, path: YamlPath, skip: number): string {
  const parts: string[] = [];
  let value = data;
  path.forEach((segment, i) => {
    value = childAt(value, segment);
    if (i < skip) return; // these segments are named by the message's subject
    if (typeof segment === 'number') {
      const obj = asObject(value);
      const itemName = obj && name(obj);
      parts.push(itemName !== undefined ? `"${itemName}"` : `item ${segment + 1}`);
    } else {
      parts.push(segment);
    }
  });
  return parts.join(' › ');
}

export function describeSubject(subject: Subject): string {
  switch (subject.kind) {
    case 'document':
      return 'File';
    case 'step':
      return `Step "${subject.step}"`;
    case 'task':
      return `Task "${subject.task}"`;
    case 'endpoint':
      return `Endpoint "${subject.endpoint}"`;
    case 'deployment':
      return `Deployment "${subject.deployment}"`;
    case 'pipeline':
      return `Pipeline "${subject.pipeline}"`;
    case 'node':
      return `Pipeline "${subject.pipeline}" node "${subject.node}"`;
    case 'edge':
      return `Pipeline "${subject.pipeline}" edge ${subject.edgeIndex + 1}`;
    case 'pipeline-parameter':
      return `Pipeline "${subject.pipeline}" parameter "${subject.parameter}"`;
  }
}
