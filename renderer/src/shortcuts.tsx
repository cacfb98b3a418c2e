/** Keyboard shortcuts for the whole editor, and the sheet that lists them (press ?). */
import { useEffect } from 'react';
import { Modal } from './modal.tsx';

export interface ShortcutActions {
  save(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  selectAll(): void;
  fitView(): void;
  autoLayout(): void;
  toggleYaml(): void;
  toggleHelp(): void;
  findNode(): void;
  escape(): void;
}

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Ctrl+S', 'Save valohai.yaml and the layout'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['Delete / Backspace', 'Delete the selected nodes and edges'],
  ['Ctrl+C / Ctrl+V', 'Copy and paste nodes (also into another pipeline)'],
  ['Ctrl+A', 'Select every node'],
  ['Ctrl+K or /', 'Find a node by its name, or the step or task it runs'],
  ['Shift+click, drag with Shift', 'Add to the selection, box-select'],
  ['F', 'Fit the pipeline in view'],
  ['L', 'Auto-layout (layered)'],
  ['Y', 'Show or hide the YAML editor'],
  ['?', 'This sheet'],
  ['Esc', 'Clear the selection, close this sheet'],
];

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

export function useShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's') {
        event.preventDefault();
        return actions.save();
      }
      // A dialog open (its own Esc closes it) leaves the editor behind it alone.
      if (typing(event.target) || (event.target instanceof Element && event.target.closest('dialog') !== null)) return;
      if (mod && key === 'z') {
        event.preventDefault();
        return event.shiftKey ? actions.redo() : actions.undo();
      }
      if (mod && key === 'y') return event.preventDefault(), actions.redo();
      if (mod && key === 'c') return actions.copy();
      if (mod && key === 'v') return actions.paste();
      if (mod && key === 'a') return event.preventDefault(), actions.selectAll();
      if ((mod && key === 'k') || (!mod && event.key === '/')) return event.preventDefault(), actions.findNode();
      if (mod || event.altKey) return;
      if (key === 'f') actions.fitView();
      else if (key === 'l') actions.autoLayout();
      else if (key === 'y') actions.toggleYaml();
      else if (event.key === '?') actions.toggleHelp();
      else if (key === 'escape') actions.escape();
    };
    window.addEventListener('keydown', onKey);
    const onSave = (): void => actions.save();
    window.addEventListener('pipewright:save', onSave);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pipewright:save', onSave);
    };
  }, [actions]);
}

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal label="Keyboard shortcuts" onClose={onClose}>
      <div className="modal">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
