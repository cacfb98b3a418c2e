/**
 * The whole valohai.yaml in Monaco, bound to the store both ways: typing updates the text (and so
 * the canvas) after a short pause; an edit made on the canvas, or an undo, is patched into the
 * model as the smallest changed range, so the cursor and Monaco's own undo survive. Pipewright's
 * diagnostics are markers beside monaco-yaml's schema markers, with quick fixes where they name
 * what was meant; the names the file refers to (steps, an edge's nodes and ports) are completed.
 */
import { useEffect, useRef } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { monaco, VALOHAI_URI } from './monaco-setup.ts';
import { changedRange, offerQuickFixes } from './yaml-quick-fixes.ts';
import { offerNames } from './yaml-completions.ts';

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info } as const;

function patch(model: monaco.editor.ITextModel, next: string): void {
  const current = model.getValue();
  if (current === next) return;
  const change = changedRange(current, next);
  const from = model.getPositionAt(change.start);
  const to = model.getPositionAt(change.end);
  model.pushEditOperations([], [{ range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column), text: change.text }], () => null);
}

export default function YamlEditorImpl() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const text = useEditor((s) => s.text);
  const reveal = useEditor((s) => s.reveal);
  const { diagnostics, config } = useImported();

  useEffect(() => {
    if (!host.current) return;
    const model = monaco.editor.getModel(VALOHAI_URI) ?? monaco.editor.createModel(useEditor.getState().text, 'yaml', VALOHAI_URI);
    patch(model, useEditor.getState().text);
    const editor = monaco.editor.create(host.current, {
      model,
      theme: 'pipewright',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'boundary',
      ariaLabel: 'valohai.yaml',
    });
    editorRef.current = editor;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => useEditor.getState().setText(model.getValue()), 300);
    });
    // Ctrl+S inside Monaco saves the project, as it does everywhere else.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => {
      clearTimeout(timer);
      useEditor.getState().setText(model.getValue());
      window.dispatchEvent(new CustomEvent('pipewright:save'));
    });
    return () => {
      clearTimeout(timer);
      if (model.getValue() !== useEditor.getState().text) useEditor.getState().setText(model.getValue());
      sub.dispose();
      editor.dispose();
    };
  }, []);

  useEffect(() => {
    const model = monaco.editor.getModel(VALOHAI_URI);
    if (model) patch(model, text);
  }, [text]);

  useEffect(() => {
    const model = monaco.editor.getModel(VALOHAI_URI);
    if (!model) return;
    offerQuickFixes(diagnostics);
    monaco.editor.setModelMarkers(
      model,
      'pipewright',
      diagnostics.map((d) => ({ severity: SEVERITY[d.severity], message: d.message, source: `pipewright (${d.code})`, startLineNumber: d.line, startColumn: d.column, endLineNumber: d.endLine, endColumn: Math.max(d.endColumn, d.column + 1) })),
    );
  }, [diagnostics]);

  useEffect(() => offerNames(config, !diagnostics.some((d) => d.code === 'yaml-syntax')), [config, diagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    editor.revealLineInCenter(reveal.line);
    editor.setPosition({ lineNumber: reveal.line, column: reveal.column });
    editor.focus();
  }, [reveal]);

  return <div className="monaco-host" ref={host} data-testid="yaml-editor" />;
}
