/**
 * The editor's state. The document is the valohai.yaml text plus the layout; every edit is a
 * text → text function from shared/ (lossless splicing), so the canvas, the panels and Monaco
 * all read the same text, and undo/redo (zundo) covers every edit, whichever view made it.
 */
import { temporal } from 'zundo';
import { create } from 'zustand';
import type { ProjectSnapshot } from '../../../shared/api/contract.ts';
import { EMPTY_LAYOUT, type Layout, type Position } from '../../../shared/layout.ts';
import type { EditResult } from '../../../shared/valohai/edit/yaml-splice.ts';

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'nodes'; readonly names: readonly string[] }
  | { readonly kind: 'edge'; readonly index: number }
  | { readonly kind: 'step'; readonly name: string }
  | { readonly kind: 'task'; readonly name: string }
  | { readonly kind: 'endpoint'; readonly name: string }
  | { readonly kind: 'new-step' }
  | { readonly kind: 'new-task' };

export interface Toast {
  readonly id: number;
  readonly tone: 'error' | 'info';
  readonly text: string;
}

interface Document {
  readonly text: string;
  readonly layout: Layout;
}

export interface EditorState extends Document {
  readonly project: { readonly dir: string; readonly path: string; readonly scripts: readonly string[] } | undefined;
  readonly savedText: string;
  readonly savedLayout: Layout;
  readonly version: string;
  readonly pipeline: string | undefined;
  readonly selection: Selection;
  readonly toasts: readonly Toast[];
  /** valohai.yaml changed on disk while this editor had unsaved edits. */
  readonly diskChanged: boolean;
  /** A line of valohai.yaml to show in the YAML editor (a problem was clicked). */
  readonly reveal: { readonly line: number; readonly column: number; readonly seq: number } | undefined;
  readonly yamlOpen: boolean;
  load(snapshot: ProjectSnapshot): void;
  /** Applies an edit; a refused one becomes a toast and changes nothing. Returns whether it applied. */
  edit(change: (text: string) => EditResult, then?: { layout?: (layout: Layout) => Layout; select?: Selection }): boolean;
  setText(text: string): void;
  moveNodes(pipeline: string, positions: Readonly<Record<string, Position>>): void;
  setPipeline(name: string): void;
  select(selection: Selection): void;
  toast(tone: Toast['tone'], text: string): void;
  dismiss(id: number): void;
  markSaved(text: string, layout: Layout, version: string): void;
  setDiskChanged(changed: boolean): void;
  revealLine(line: number, column: number): void;
  setYamlOpen(open: boolean): void;
}

let toastSeq = 0;

export const useEditor = create<EditorState>()(
  temporal(
    (set, get) => ({
      text: '',
      layout: EMPTY_LAYOUT,
      project: undefined,
      savedText: '',
      savedLayout: EMPTY_LAYOUT,
      version: '',
      pipeline: undefined,
      selection: { kind: 'none' },
      toasts: [],
      diskChanged: false,
      reveal: undefined,
      yamlOpen: false,
      load: (snapshot) => {
        set({
          project: { dir: snapshot.dir, path: snapshot.path, scripts: snapshot.scripts },
          text: snapshot.text,
          layout: snapshot.layout,
          savedText: snapshot.text,
          savedLayout: snapshot.layout,
          version: snapshot.version,
          diskChanged: false,
        });
        useEditor.temporal.getState().clear();
        if (snapshot.layoutProblem) get().toast('info', `${snapshot.layoutProblem}; the nodes were laid out afresh`);
      },
      edit: (change, then = {}) => {
        const result = change(get().text);
        if (!result.ok) {
          get().toast('error', result.message);
          return false;
        }
        const layout = then.layout ? then.layout(get().layout) : get().layout;
        if (result.text === get().text && layout === get().layout) return true;
        set({ text: result.text, layout, ...(then.select ? { selection: then.select } : {}) });
        // What the edit did besides (a shared part copied, or changed where it is shared too).
        if (result.note !== undefined) get().toast('info', result.note);
        return true;
      },
      setText: (text) => {
        if (text !== get().text) set({ text });
      },
      moveNodes: (pipeline, positions) => {
        const layout = get().layout;
        const current = layout.pipelines[pipeline]?.nodes ?? {};
        set({ layout: { ...layout, pipelines: { ...layout.pipelines, [pipeline]: { nodes: { ...current, ...positions } } } } });
      },
      setPipeline: (name) => set({ pipeline: name, selection: { kind: 'none' } }),
      select: (selection) => set({ selection }),
      toast: (tone, text) => {
        const id = ++toastSeq;
        set({ toasts: [...get().toasts.filter((t) => t.text !== text), { id, tone, text }].slice(-4) });
        setTimeout(() => get().dismiss(id), tone === 'error' ? 8000 : 4000);
      },
      dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
      markSaved: (text, layout, version) => set({ savedText: text, savedLayout: layout, version, diskChanged: false }),
      setDiskChanged: (changed) => set({ diskChanged: changed }),
      revealLine: (line, column) => set({ reveal: { line, column, seq: (get().reveal?.seq ?? 0) + 1 }, yamlOpen: true }),
      setYamlOpen: (open) => set({ yamlOpen: open }),
    }),
    {
      partialize: (state): Document => ({ text: state.text, layout: state.layout }),
      equality: (a, b) => a.text === b.text && a.layout === b.layout,
      limit: 500,
    },
  ),
);

export const isDirty = (state: EditorState): boolean => state.text !== state.savedText || state.layout !== state.savedLayout;

export function undo(): void {
  useEditor.temporal.getState().undo();
}

export function redo(): void {
  useEditor.temporal.getState().redo();
}
