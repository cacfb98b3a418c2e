import type { YamlPath } from '../diagnostic.ts';
import type { Action } from '../model/action.ts';
import type { EdgeMergeMode, OnError, PipelineNode, TaskSource } from '../model/nodes/node.ts';
import { ON_ERROR_MODES } from '../model/nodes/node.ts';
import { listOf } from './list-of.ts';
import { parseOverride } from './parse-step.ts';
import { asObject, name, str, strList, type Obj } from './read-value.ts';

export function parseAction(value: unknown, path: YamlPath): Action | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  return {
    path,
    // `when` is case-folded upstream.
    when: strList(obj['when']).map((w) => w.toLowerCase()),
    if: strList(obj['if']),
    then: strList(obj['then']),
  };
}

function onError(obj: Obj): OnError {
  const value = str(obj, 'on-error');
  return value && (ON_ERROR_MODES as readonly string[]).includes(value) ? (value as OnError) : 'stop-all';
}

function edgeMergeMode(obj: Obj): EdgeMergeMode {
  return str(obj, 'edge-merge-mode') === 'append' ? 'append' : 'replace';
}

function taskSource(obj: Obj): TaskSource {
  const step = name(obj, 'step');
  const task = name(obj, 'task');
  if (step !== undefined && task !== undefined) return { kind: 'both', step, task };
  if (step !== undefined) return { kind: 'step', step };
  if (task !== undefined) return { kind: 'blueprint', task };
  return { kind: 'none' };
}

/**
 * Reads a pipeline node. An unknown `type` is read as an execution node when it names a step
 * (the schema check reports the type), so the rest of the graph can still be drawn and checked.
 */
export function parseNode(value: unknown, path: YamlPath): PipelineNode | undefined {
  const obj = asObject(value);
  const nodeName = obj && name(obj);
  if (!obj || nodeName === undefined) return undefined;
  const common = { path, name: nodeName, actions: listOf(obj, 'actions', path, parseAction), onError: onError(obj) };
  const type = str(obj, 'type');
  if (type === 'deployment') {
    return {
      ...common,
      type,
      deployment: name(obj, 'deployment') ?? '',
      endpoints: strList(obj['endpoints']),
      aliases: strList(obj['aliases']),
    };
  }
  const shared = {
    commit: str(obj, 'commit'),
    override: parseOverride(obj['override'], [...path, 'override']),
    edgeMergeMode: edgeMergeMode(obj),
  };
  if (type === 'task') return { ...common, ...shared, type, source: taskSource(obj) };
  return { ...common, ...shared, type: 'execution', step: name(obj, 'step') ?? '' };
}
