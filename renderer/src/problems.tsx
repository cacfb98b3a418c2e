/**
 * Every diagnostic of the file; a click selects what it is about and shows its line in the YAML
 * editor. One that names what was most likely meant ("did you mean …") has a Fix button beside it.
 */
import { sortDiagnostics, type Diagnostic } from '../../shared/valohai/diagnostic.ts';
import { applyAllFixes } from '../../shared/valohai/edit/apply-fix.ts';
import { FixButton } from './fix-button.tsx';
import { useEditor } from './store/editor-store.ts';
import { useImported } from './store/imported.ts';

function open(d: Diagnostic): void {
  const { setPipeline, select, revealLine, pipeline } = useEditor.getState();
  const subject = d.subject;
  if (subject.kind === 'node' || subject.kind === 'edge' || subject.kind === 'pipeline' || subject.kind === 'pipeline-parameter') {
    if (subject.pipeline !== pipeline) setPipeline(subject.pipeline);
  }
  if (subject.kind === 'node') select({ kind: 'nodes', names: [subject.node] });
  else if (subject.kind === 'edge') select({ kind: 'edge', index: subject.edgeIndex });
  else if (subject.kind === 'step') select({ kind: 'step', name: subject.step });
  else if (subject.kind === 'task') select({ kind: 'task', name: subject.task });
  revealLine(d.line, d.column);
}

/** Every offered fix as one edit (one Undo takes them all back), as `validate --fix` makes them. */
function FixAllButton({ count }: { count: number }) {
  const edit = useEditor((s) => s.edit);
  return (
    <button type="button" className="secondary fix-all" onClick={() => edit((text) => ({ ok: true, text: applyAllFixes(text).text }))} data-testid="problems-fix-all">
      Fix all {count}
    </button>
  );
}

export function Problems() {
  const { diagnostics: found } = useImported();
  // A file with nothing in it yet (a new project's) is where every project starts, not a fault
  // of the user's: said as the next thing to do. (validate still calls an empty file an error.)
  const blank = found.length === 1 && found[0]?.code === 'document-empty';
  const diagnostics = blank ? [] : found;
  // Errors first (what keeps the file from running), then warnings, each in the file's order, as an IDE's Problems list has them.
  const sorted = sortDiagnostics(diagnostics).sort((a, b) => (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const fixable = diagnostics.filter((d) => d.fix !== undefined).length;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className={`count ${errors > 0 ? 'has-errors' : ''}`}>{diagnostics.length}</span>
        {fixable > 1 && <FixAllButton count={fixable} />}
      </h2>
      {blank ? (
        <p className="muted">Nothing in valohai.yaml yet: + New step starts it, and Save writes it.</p>
      ) : sorted.length === 0 ? (
        <p className="muted">No problems: Valohai's linter would accept this file.</p>
      ) : (
        <ul>
          {sorted.map((d, i) => (
            <li key={i}>
              <button type="button" className={`problem ${d.severity}`} onClick={() => open(d)} data-testid="problem">
                <span className="where">
                  {d.line}:{d.column}
                </span>
                <span className="severity">{d.severity}</span>
                <span className="message">{d.message}</span>
              </button>
              {d.fix && <FixButton fix={d.fix} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
