import type { YamlPath } from '../diagnostic.ts';

export const ACTION_WHENS = ['node-starting', 'node-complete', 'node-error'] as const;
export type ActionWhen = (typeof ACTION_WHENS)[number];

/** `require-approval` is Valohai's documented approval gate (the upstream linter does not know it). */
export const ACTION_THENS = ['noop', 'stop-pipeline', 'error-pipeline', 'require-approval'] as const;
export type ActionThen = (typeof ACTION_THENS)[number];

/** One `node.actions[]` item. Values are kept as written (lint warns about unknown ones). */
export interface Action {
  readonly path: YamlPath;
  readonly when: readonly string[];
  /** Conditions; all must hold. Empty means always. */
  readonly if: readonly string[];
  readonly then: readonly string[];
}

export function isApprovalGate(action: Action): boolean {
  return action.then.includes('require-approval');
}
