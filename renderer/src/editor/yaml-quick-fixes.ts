/**
 * Monaco's quick fixes (the light bulb, Ctrl+.) for the diagnostics that carry a fix: the same
 * change as the Problems list's Fix button, as the smallest edit of the model.
 */
import type { Diagnostic } from '../../../shared/valohai/diagnostic.ts';
import { applyFix } from '../../../shared/valohai/edit/apply-fix.ts';
import { monaco, VALOHAI_URI } from './monaco-setup.ts';

let fixable: readonly Diagnostic[] = [];
let registered = false;

/** The range of `current` that differs from `next`, and what it becomes. */
export function changedRange(current: string, next: string): { start: number; end: number; text: string } {
  let start = 0;
  while (start < current.length && start < next.length && current[start] === next[start]) start += 1;
  let end = 0;
  while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end += 1;
  return { start, end: current.length - end, text: next.slice(start, next.length - end) };
}

/** The diagnostics quick fixes are offered for: those of the text the model shows. */
export function offerQuickFixes(diagnostics: readonly Diagnostic[]): void {
  fixable = diagnostics.filter((d) => d.fix !== undefined);
  if (registered) return;
  registered = true;
  monaco.languages.registerCodeActionProvider('yaml', {
    provideCodeActions(model, _range, context) {
      if (model.uri.toString() !== VALOHAI_URI.toString()) return { actions: [], dispose: () => undefined };
      const actions: monaco.languages.CodeAction[] = [];
      for (const marker of context.markers) {
        const diagnostic = fixable.find((d) => d.line === marker.startLineNumber && d.column === marker.startColumn && d.message === marker.message);
        if (!diagnostic?.fix) continue;
        const current = model.getValue();
        const result = applyFix(current, diagnostic.fix);
        if (!result.ok) continue;
        const change = changedRange(current, result.text);
        const from = model.getPositionAt(change.start);
        const to = model.getPositionAt(change.end);
        actions.push({
          title: `Fix: ${diagnostic.fix.label}`,
          kind: 'quickfix',
          diagnostics: [marker],
          isPreferred: true,
          edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: change.text } }] },
        });
      }
      return { actions, dispose: () => undefined };
    },
  });
}
