/**
 * The editor: pipelines as tabs, the palette, the canvas (with the YAML editor beside it on
 * demand), the inspector and the problems list. It reaches the engine only through `api`.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { PipewrightApi } from '../../shared/api/contract.ts';
import { findByName, lastOfEachName } from '../../shared/valohai/model/config.ts';
import { layeredPositions } from './canvas/auto-layout.ts';
import { copyNodes, pasteNodes, type Clip } from './canvas/canvas-edits.ts';
import { flowOf } from './canvas/flow-model.ts';
import { Palette } from './canvas/palette.tsx';
import { PipelineCanvas } from './canvas/pipeline-canvas.tsx';
import { newPipeline, PipelineTabs } from './canvas/pipeline-tabs.tsx';
import { useFit } from './canvas/use-fit.ts';
import { FindNode } from './canvas/find-node.tsx';
import { YamlEditor } from './editor/command-editor.tsx';
import { SidePanel } from './panel/side-panel.tsx';
import { Problems } from './problems.tsx';
import { ShortcutsHelp, useShortcuts, type ShortcutActions } from './shortcuts.tsx';
import { isDirty, redo, undo, useEditor } from './store/editor-store.ts';
import { importedOf, isUnreadable, useImported } from './store/imported.ts';
import { keepMine, openProject, reloadFromDisk, saveProject } from './store/project-io.ts';
import { Toasts } from './toasts.tsx';
import { ApiContext } from './api/api-context.ts';
import { RunBar } from './run/run-bar.tsx';
import { useRun } from './run/run-store.ts';
import { useProjectEvents } from './run/use-project-events.ts';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

let clipboard: Clip | undefined;

function Editor({ api }: { api: PipewrightApi }) {
  const imported = useImported();
  const { config } = imported;
  const unreadable = isUnreadable(imported);
  const project = useEditor((s) => s.project);
  const dirty = useEditor(isDirty);
  const diskChanged = useEditor((s) => s.diskChanged);
  const yamlOpen = useEditor((s) => s.yamlOpen);
  const chosen = useEditor((s) => s.pipeline);
  const canUndo = useStore(useEditor.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useEditor.temporal, (s) => s.futureStates.length > 0);
  const [help, setHelp] = useState(false);
  const [finding, setFinding] = useState(false);
  const fit = useFit();
  const pipeline = (chosen ? findByName(config.pipelines, chosen) : undefined) ?? lastOfEachName(config.pipelines).kept[0];

  const actions = useMemo<ShortcutActions>(
    () => ({
      save: () => void saveProject(api),
      undo,
      redo,
      fitView: () => fit({ duration: 200 }),
      toggleYaml: () => useEditor.getState().setYamlOpen(!useEditor.getState().yamlOpen),
      toggleHelp: () => setHelp((h) => !h),
      findNode: () => setFinding(pipeline !== undefined && pipeline.nodes.length > 0),
      escape: () => {
        setHelp(false);
        useEditor.getState().select({ kind: 'none' });
      },
      selectAll: () => pipeline && useEditor.getState().select({ kind: 'nodes', names: pipeline.nodes.map((n) => n.name) }),
      copy: () => {
        const { selection, text, layout } = useEditor.getState();
        if (!pipeline || selection.kind !== 'nodes') return;
        clipboard = copyNodes(text, pipeline.name, selection.names, layout.pipelines[pipeline.name]?.nodes ?? {});
        if (clipboard) useEditor.getState().toast('info', `Copied ${clipboard.items.length} node${clipboard.items.length > 1 ? 's' : ''}`);
      },
      paste: () => {
        if (!pipeline || !clipboard) return;
        const { edit, text } = useEditor.getState();
        const { edit: change, placed } = pasteNodes(text, pipeline.name, clipboard);
        edit(change, {
          layout: (l) => ({ ...l, pipelines: { ...l.pipelines, [pipeline.name]: { nodes: { ...(l.pipelines[pipeline.name]?.nodes ?? {}), ...placed } } } }),
          select: { kind: 'nodes', names: Object.keys(placed) },
        });
      },
      autoLayout: () => {
        if (!pipeline) return;
        const { text, layout } = useEditor.getState();
        const { config: current, diagnostics } = importedOf(text);
        const flow = flowOf(current, pipeline, layout, diagnostics);
        if (flow.nodes.length > 200) useEditor.getState().toast('info', `Laying out ${flow.nodes.length} nodes…`);
        layeredPositions(flow.nodes, flow.edges).then(
          (positions) => {
            useEditor.getState().moveNodes(pipeline.name, positions);
            requestAnimationFrame(() => fit({ duration: 200 }));
          },
          (error: unknown) => useEditor.getState().toast('error', `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    }),
    [api, fit, pipeline],
  );
  useShortcuts(actions);

  useProjectEvents(api);
  // The tab says what needs the user while they look elsewhere: a node awaiting approval, a run going.
  const waiting = useRun((s) => Object.keys(s.nodes).filter((name) => s.nodes[name]?.status === 'awaiting-approval').join(', '));
  const runStatus = useRun((s) => s.status);
  useEffect(() => {
    const state = waiting !== '' ? `⏸ ${waiting} awaits approval · ` : runStatus === 'running' || runStatus === 'starting' ? '▶ running · ' : '';
    // The project's folder named: several projects open side by side are told apart.
    const folder = project?.path.split(/[\\/]/).filter(Boolean).at(-2);
    document.title = `${state}${dirty ? '● ' : ''}${folder === undefined ? '' : `${folder} · `}valohai.yaml — Pipewright`;
  }, [dirty, waiting, runStatus, project?.path]);

  return (
    <div className={`editor ${yamlOpen ? 'with-yaml' : ''}`} data-app-state="ready">
      <header className="toolbar">
        <h1>Pipewright</h1>
        <span className="path" title={project?.path}>
          {project?.path}
        </span>
        {dirty && (
          <span className="dirty" data-testid="dirty" title="Unsaved changes">
            ● unsaved
          </span>
        )}
        <PipelineTabs pipelines={lastOfEachName(config.pipelines).kept} shown={pipeline} disabled={unreadable} />
        <RunBar pipeline={pipeline?.name} parameters={pipeline} />
        <div className="actions">
          <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
          <button type="button" onClick={actions.autoLayout} title="Auto-layout (L)">
            Layout
          </button>
          <button type="button" onClick={actions.fitView} title="Fit view (F)">
            Fit
          </button>
          <button type="button" aria-pressed={yamlOpen} onClick={actions.toggleYaml} title="YAML editor (Y)">
            YAML
          </button>
          <button type="button" className="primary" onClick={actions.save} disabled={!dirty} title="Save (Ctrl+S)">
            Save
          </button>
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      {diskChanged && (
        <div className="banner" role="alert">
          valohai.yaml changed on disk and you have unsaved edits.
          <button type="button" onClick={() => void reloadFromDisk(api)}>
            Reload from disk (drop my edits)
          </button>
          <button type="button" onClick={keepMine}>
            Keep my edits
          </button>
        </div>
      )}
      <Palette pipeline={pipeline} />
      <main className="workspace">
        {pipeline ? (
          <PipelineCanvas key={pipeline.name} pipeline={pipeline} />
        ) : (
          <div className="empty-canvas" data-testid="empty-canvas">
            {unreadable ? (
              'valohai.yaml cannot be read as it is: the problems below say where. Fix it in the YAML editor (Y).'
            ) : config.steps.length === 0 ? (
              <>
                <p>
                  This valohai.yaml has no steps yet. A step is a command that runs your code, such as python train.py; pipelines connect steps.
                  {config.endpoints.length > 0 ? ` Its ${config.endpoints.length === 1 ? 'endpoint is' : 'endpoints are'} in the palette, to serve on this machine (▶ Serve).` : ''}
                </p>
                <button type="button" className="primary" onClick={() => useEditor.getState().select({ kind: 'new-step' })}>
                  + New step
                </button>
              </>
            ) : (
              <>
                <p>This file has no pipeline yet.</p>
                <button type="button" className="primary" onClick={newPipeline}>
                  + New pipeline
                </button>
                <p className="muted">
                  or run one step alone: “edit” on a step, then ▶ Run this step{config.tasks.length > 0 ? '; or a task blueprint: “open” on it, then ▶ Run this task' : ''}.
                </p>
              </>
            )}
          </div>
        )}
        {yamlOpen && <YamlEditor />}
      </main>
      <SidePanel pipeline={pipeline} unreadable={unreadable} noSteps={config.steps.length === 0} />
      <Problems />
      <Toasts />
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {finding && pipeline && <FindNode pipeline={pipeline} onClose={() => setFinding(false)} />}
    </div>
  );
}

export function App({ api }: { api: PipewrightApi }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    openProject(api).then(
      () => setLoaded({ state: 'ready' }),
      (error: unknown) => setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, [api]);
  if (loaded.state === 'loading') return <main className="app-message" data-app-state="loading">Opening project…</main>;
  if (loaded.state === 'failed') {
    return (
      <main className="app-message" data-app-state="failed">
        <p role="alert">Could not open the project: {loaded.message}</p>
      </main>
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <ReactFlowProvider>
        <Editor api={api} />
      </ReactFlowProvider>
    </ApiContext.Provider>
  );
}
