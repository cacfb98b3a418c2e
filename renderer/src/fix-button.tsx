/** A diagnostic's fix as one click (undone as any edit is): in the Problems list and beside the problems of the selection. */
import type { Fix } from '../../shared/valohai/diagnostic.ts';
import { applyFix } from '../../shared/valohai/edit/apply-fix.ts';
import { useEditor } from './store/editor-store.ts';

export function FixButton({ fix }: { fix: Fix }) {
  const edit = useEditor((s) => s.edit);
  return (
    <button type="button" className="secondary fix" onClick={() => edit((text) => applyFix(text, fix))} title={`Fix: ${fix.label} (Undo takes it back)`} data-testid="problem-fix">
      Fix: {fix.label}
    </button>
  );
}
