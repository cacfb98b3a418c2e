/**
 * Find a node (Ctrl+K): type part of its name, or of the step or task it runs; Enter (or a click)
 * selects it, opens its panel and brings it into view, however large the pipeline.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { Modal } from '../modal.tsx';
import { useEditor } from '../store/editor-store.ts';
import { findNodes } from './find-node-matches.ts';
import { useFit } from './use-fit.ts';

export function FindNode({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const [at, setAt] = useState(0);
  const fit = useFit();
  const found = useMemo(() => findNodes(pipeline.nodes, typed), [pipeline.nodes, typed]);
  const go = (name: string): void => {
    useEditor.getState().select({ kind: 'nodes', names: [name] });
    onClose();
    requestAnimationFrame(() => fit({ ids: [name], duration: 200 }));
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setAt((i) => (found.length === 0 ? 0 : (i + step + found.length) % found.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = found[Math.min(at, found.length - 1)];
      if (chosen) go(chosen.name);
    }
  };
  return (
    <Modal label="Find a node" onClose={onClose}>
      <div className="modal find-node">
        <input
          aria-label="Node name, or the step or task it runs"
          placeholder={`Find a node of ${pipeline.name} (${pipeline.nodes.length})`}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setAt(0);
          }}
          onKeyDown={onKey}
          data-testid="find-node-input"
        />
        {found.length === 0 ? (
          <p className="muted">No node of {pipeline.name} matches “{typed}”.</p>
        ) : (
          <ul role="listbox" aria-label="Nodes found">
            {found.map((m, i) => (
              <li key={m.name} role="option" aria-selected={i === at} className={i === at ? 'current' : undefined} onMouseEnter={() => setAt(i)} onClick={() => go(m.name)}>
                <span className="name">{m.name}</span> <span className="muted">{m.runs}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}
