/** A step's command in Monaco with shell highlighting: read-only in the node panel, editable in the step panel. */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup.ts';

const LINE = 18;
const MIN_HEIGHT = 2 * LINE + 10;
const MAX_HEIGHT = 12 * LINE + 10;
/** The host's top and bottom border, which its height includes and Monaco's content height does not. */
const BORDERS = 2;

export default function CommandEditorImpl({ command, onCommit }: { command: string; onCommit?: (text: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;
  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      value: command,
      language: 'shell',
      theme: 'pipewright',
      readOnly: onCommit === undefined,
      minimap: { enabled: false },
      lineNumbers: 'off',
      folding: false,
      scrollBeyondLastLine: false,
      automaticLayout: true,
      fontSize: 12,
      wordWrap: 'on',
      renderLineHighlight: 'none',
      padding: { top: 4, bottom: 4 },
      ariaLabel: 'Command',
    });
    editorRef.current = editor;
    // As tall as its text, wrapped lines counted (a long line wraps into rows the text's own line count misses), up to MAX_HEIGHT.
    const fit = (): void => {
      const box = host.current;
      if (!box) return;
      const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight() + BORDERS));
      if (box.style.height !== `${height}px`) box.style.height = `${height}px`;
    };
    const sized = editor.onDidContentSizeChange(fit);
    fit();
    const blur = editor.onDidBlurEditorText(() => {
      const value = editor.getValue();
      if (commitRef.current && value !== command) commitRef.current(value);
    });
    return () => {
      sized.dispose();
      blur.dispose();
      editor.dispose();
    };
    // Recreated when the command changes from elsewhere (an undo, the YAML editor).
  }, [command, onCommit === undefined]);
  // A first guess before Monaco measures (it then sets the height itself).
  const lines = Math.min(Math.max(command.split('\n').length, 2), 12);
  return <div className="command-host" ref={host} style={{ height: `${lines * LINE + 10}px` }} data-testid="command-editor" />;
}
