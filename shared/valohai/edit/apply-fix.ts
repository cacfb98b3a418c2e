/** A diagnostic's fix (diagnostic.ts) made on the file's text, as the editor's other edits are: only the changed value or key is rewritten. */
import type { Fix } from '../diagnostic.ts';
import { renameKey, replaceItem, setKey, type EditResult } from './yaml-splice.ts';

export function applyFix(text: string, fix: Fix): EditResult {
  const parent = fix.path.slice(0, -1);
  const last = fix.path[fix.path.length - 1];
  if (last === undefined) return { ok: false, message: 'this fix names no place in the file' };
  switch (fix.kind) {
    case 'set-value':
      return typeof last === 'number' ? replaceItem(text, parent, last, fix.value) : setKey(text, parent, last, fix.value);
    case 'rename-key':
      return typeof last === 'string' ? renameKey(text, parent, last, fix.key) : { ok: false, message: `item ${last + 1} of a list has no key to rename` };
  }
}
