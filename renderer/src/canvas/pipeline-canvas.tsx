/**
 * The pipeline as a graph. React Flow draws it; every change a person makes (connect, delete,
 * drop from the palette, move) becomes a document edit or a layout change in the store, and the
 * graph is drawn again from the store, so the canvas never holds a second truth.
 */
import {
  applyNodeChanges,
  Background,
  ConnectionMode,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type EdgeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { addEdge } from '../../../shared/valohai/edit/document-edits.ts';
import type { Position } from '../../../shared/layout.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useEditor } from '../store/editor-store.ts';
import { useImported } from '../store/imported.ts';
import { deleteSelection } from './canvas-edits.ts';
import { EDGE_TYPES, EdgeLanes } from './edges/routed-edge.tsx';
import { useEdgeLanes } from './edges/use-edge-lanes.ts';
import { flowOf, type CardNode } from './flow-model.ts';
import { socketsFor, verdictFor } from './handles.ts';
import { NODE_TYPES } from './nodes/node-types.ts';
import { addFromPalette, PALETTE_MIME, type PaletteItem } from './palette-items.ts';
import { RunMiniMap } from './run-minimap.tsx';
import { useFit } from './use-fit.ts';

/** Above this many nodes the canvas draws only what is in view. */
const BIG = 200;

export function PipelineCanvas({ pipeline }: { pipeline: Pipeline }) {
  const { config, diagnostics } = useImported();
  const layout = useEditor((s) => s.layout);
  const selection = useEditor((s) => s.selection);
  const { edit, moveNodes, select, toast } = useEditor.getState();
  const flow = useMemo(() => flowOf(config, pipeline, layout, diagnostics), [config, pipeline, layout, diagnostics]);
  const [nodes, setNodes] = useState<CardNode[]>(flow.nodes);
  const { screenToFlowPosition } = useReactFlow();
  const refused = useRef<string | undefined>(undefined);

  useEffect(() => {
    const chosen = selection.kind === 'nodes' ? new Set(selection.names) : new Set<string>();
    setNodes((previous) => {
      const measured = new Map(previous.map((n) => [n.id, n.measured]));
      return flow.nodes.map((n) => ({ ...n, selected: chosen.has(n.id), measured: measured.get(n.id) }));
    });
  }, [flow, selection]);

  const edges = useMemo(
    () => flow.edges.map((e): Edge => ({ ...e, selected: selection.kind === 'edge' && `e${selection.index}` === e.id })),
    [flow.edges, selection],
  );
  const lanes = useEdgeLanes(nodes, flow.edges, BIG);

  // A newly opened pipeline is shown whole; a very large one from its start, at a readable zoom
  // (the minimap shows the whole).
  const fit = useFit();
  const nodesNow = useRef(nodes);
  nodesNow.current = nodes;
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const all = nodesNow.current;
      const ids = all.length > BIG ? [...all].sort((a, b) => a.position.x + a.position.y - (b.position.x + b.position.y)).slice(0, 12).map((n) => n.id) : undefined;
      fit({ ids });
    });
    return () => cancelAnimationFrame(frame);
  }, [fit]);

  const nodeType = useCallback((name: string) => pipeline.nodes.find((n) => n.name === name)?.type, [pipeline]);

  const isValidConnection: IsValidConnection = useCallback(
    (c) => {
      const verdict = verdictFor(c, nodeType);
      refused.current = verdict.ok ? undefined : verdict.reason;
      return verdict.ok;
    },
    [nodeType],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const sockets = socketsFor(c);
      if (sockets) edit((text) => addEdge(text, pipeline.name, sockets.source, sockets.target));
    },
    [edit, pipeline.name],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.toHandle && !state.isValid && state.fromHandle) {
        const from = state.fromHandle;
        const to = state.toHandle;
        const attempt = from.type === 'source'
          ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
          : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
        const verdict = verdictFor(attempt, nodeType);
        toast('error', `Cannot connect: ${verdict.ok ? (refused.current ?? 'refused') : verdict.reason}`);
      }
    },
    [nodeType, toast],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CardNode>[]) => {
      setNodes((current) => applyNodeChanges(changes.filter((c) => c.type !== 'remove' && c.type !== 'select'), current));
      // Selection lives in the store (the side panel and the problems list read and set it).
      const picks = changes.filter((c) => c.type === 'select');
      if (picks.length === 0) return;
      const now = useEditor.getState().selection;
      const exists = new Set(pipeline.nodes.map((n) => n.name));
      const chosen = new Set(now.kind === 'nodes' ? now.names.filter((n) => exists.has(n)) : []);
      for (const c of picks) {
        if (c.selected) chosen.add(c.id);
        else chosen.delete(c.id);
      }
      if (chosen.size > 0) select({ kind: 'nodes', names: [...chosen] });
      else if (now.kind === 'nodes') select({ kind: 'none' });
    },
    [select, pipeline],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') select({ kind: 'edge', index: Number(picked.id.slice(1)) });
      else if (changes.some((c) => c.type === 'select') && useEditor.getState().selection.kind === 'edge') select({ kind: 'none' });
    },
    [select],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CardNode, dragged: CardNode[]) => {
      // Every node's place is kept from the first move on, so nodes laid out automatically do not
      // jump when the graph changes later.
      const positions: Record<string, Position> = {};
      for (const n of nodes) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      for (const n of dragged) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      moveNodes(pipeline.name, positions);
    },
    [moveNodes, pipeline.name, nodes],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: goneEdges }: { nodes: CardNode[]; edges: Edge[] }) => {
      const goneNodes = new Set(gone.map((n) => n.id));
      // Edges of deleted nodes go with their nodes; only the others are removed one by one.
      const edgeIndexes = goneEdges.filter((e) => !goneNodes.has(e.source) && !goneNodes.has(e.target)).map((e) => (e.data as { index: number }).index);
      edit(deleteSelection(pipeline.name, [...goneNodes], edgeIndexes), { select: { kind: 'none' } });
    },
    [edit, pipeline.name],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const item = JSON.parse(raw) as PaletteItem;
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addFromPalette(pipeline, item, { x: Math.round(at.x - 120), y: Math.round(at.y - 30) });
    },
    [pipeline, screenToFlowPosition],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <EdgeLanes.Provider value={lanes}>
        <ReactFlow<CardNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onEdgesChange={onEdgesChange}
          onDelete={onDelete}
          deleteKeyCode={['Delete', 'Backspace']}
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          connectionMode={ConnectionMode.Strict}
          onlyRenderVisibleElements={nodes.length > BIG}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          {/* The dotted grid is re-rastered on every pan step; large canvases go without it. */}
          {nodes.length <= BIG && <Background gap={24} size={1} />}
          <RunMiniMap pipeline={pipeline.name} nodes={nodes} />
          <Controls showInteractive={false} showFitView={false} />
        </ReactFlow>
        {nodes.length === 0 && (
          <p className="canvas-hint" data-testid="empty-pipeline">
            No nodes yet: drag a step from the palette onto the canvas (or click it there and press Enter), then connect an output to an input.
          </p>
        )}
      </EdgeLanes.Provider>
    </div>
  );
}
