import type { YamlPath } from '../../diagnostic.ts';
import type { Action } from '../action.ts';

export const ON_ERROR_MODES = ['stop-all', 'stop-next', 'continue', 'retry'] as const;
export type OnError = (typeof ON_ERROR_MODES)[number];

export const EDGE_MERGE_MODES = ['replace', 'append'] as const;
export type EdgeMergeMode = (typeof EDGE_MERGE_MODES)[number];

/** Fields every pipeline node has, whatever its kind. */
export interface NodeCommon {
  readonly path: YamlPath;
  readonly name: string;
  readonly actions: readonly Action[];
  readonly onError: OnError;
}
