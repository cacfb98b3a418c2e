/** A step's command in Monaco with shell highlighting: read-only in the node panel, editable in the step panel. */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup.ts';

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
      ariaLabel: 'Command',
    });
    editorRef.current = editor;
    const blur = editor.onDidBlurEditorText(() => {
      const value = editor.getValue();
      if (commitRef.current && value !== command) commitRef.current(value);
    });
    return () => {
      blur.dispose();
      editor.dispose();
    };
    // Recreated when the command changes from elsewhere (an undo, the YAML editor).
  }, [command, onCommit === undefined]);
  const lines = Math.min(Math.max(command.split('\n').length, 2), 8);
  return <div className="command-host" ref={host} style={{ height: `${lines * 18 + 10}px` }} data-testid="command-editor" />;
}
