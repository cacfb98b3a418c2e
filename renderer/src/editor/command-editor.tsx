/** Monaco is loaded on first use, so the canvas paints without waiting for it. */
import { lazy, Suspense } from 'react';

const CommandEditorImpl = lazy(() => import('./command-editor-impl.tsx'));
const YamlEditorImpl = lazy(() => import('./yaml-editor-impl.tsx'));

export function CommandView({ command }: { command: string }) {
  return (
    <Suspense fallback={<pre className="command-fallback">{command}</pre>}>
      <CommandEditorImpl command={command} />
    </Suspense>
  );
}

export function CommandEditor({ command, onCommit }: { command: string; onCommit: (text: string) => void }) {
  return (
    <Suspense fallback={<pre className="command-fallback">{command}</pre>}>
      <CommandEditorImpl command={command} onCommit={onCommit} />
    </Suspense>
  );
}

export function YamlEditor() {
  return (
    <Suspense fallback={<div className="monaco-host loading">Loading the YAML editor…</div>}>
      <YamlEditorImpl />
    </Suspense>
  );
}
