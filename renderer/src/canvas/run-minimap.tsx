/**
 * The minimap, coloured by the shown run as the cards are: on a pipeline of hundreds of nodes it
 * is where a run's progress shows at a glance (which part is done, what failed, what waits for a
 * person). Without a run, each node has its kind's colour. It reads the run store itself, so a
 * run's events redraw the minimap, not the canvas.
 *
 * Drawn here rather than by React Flow's `<MiniMap>`: that one subscribes each of its nodes to the
 * flow's store, so every step of a pan ran a selector and a comparison per node (about 20 ms of
 * main thread per step at 1000 nodes). The nodes' places are known here (the canvas's own node
 * list), so they are drawn once per change of nodes or run, and a pan redraws only the view's
 * frame. Panning and zooming by the minimap are React Flow's own (`XYMinimap`).
 */
import { Panel, useStore, useStoreApi, type Node, type ReactFlowState } from '@xyflow/react';
import { getBoundsOfRects, getNodeDimensions, XYMinimap, type Rect, type XYMinimapInstance } from '@xyflow/system';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { NodeStatus } from '../../../shared/run/events.ts';
import { storeFor, type NodeRun } from '../run/run-store.ts';

const KIND_COLORS: Record<string, string> = { execution: '#4c7cf0', task: '#a35bd6', deployment: '#1f9d74' };

/** As the card's chip shows each status (styles.css `.run-chip`), strong enough for a few pixels. */
export const STATUS_COLORS: Record<NodeStatus, string> = {
  pending: '#c9ced8',
  queued: '#9db4f5',
  running: '#2c55c9',
  'awaiting-approval': '#e0a526',
  succeeded: '#1f9d74',
  reused: '#1f9d74',
  failed: '#d23c3c',
  cancelled: '#d23c3c',
  interrupted: '#d23c3c',
  skipped: '#a3a9b5',
  stopped: '#a3a9b5',
};

const WIDTH = 180;
const HEIGHT = 120;
/** Space around the drawing, in minimap pixels (React Flow's default). */
const OFFSET_SCALE = 5;

/** The nodes' bounds, as React Flow measures a node (its measured size, else the one it was given). */
function boundsOf(nodes: readonly Node[]): Rect | undefined {
  return nodes.reduce<Rect | undefined>((box, n) => {
    const here = { ...n.position, ...getNodeDimensions(n) };
    return box ? getBoundsOfRects(box, here) : here;
  }, undefined);
}

/** What part of the flow the canvas shows: one reading of the store per pan step, compared by value. */
const viewOf = (s: ReactFlowState) => ({ tx: s.transform[0], ty: s.transform[1], zoom: s.transform[2], width: s.width, height: s.height, panZoom: s.panZoom, extent: s.translateExtent });
const sameView = (a: ReturnType<typeof viewOf>, b: ReturnType<typeof viewOf>): boolean =>
  a.tx === b.tx && a.ty === b.ty && a.zoom === b.zoom && a.width === b.width && a.height === b.height && a.panZoom === b.panZoom && a.extent === b.extent;

/** One node's rectangle: drawn again only when it moves, resizes or changes colour. */
const MiniMapNode = memo(function MiniMapNode({ x, y, width, height, className, color }: { x: number; y: number; width: number; height: number; className: string; color: string }) {
  return <rect className={className} x={x} y={y} width={width} height={height} rx={5} ry={5} style={{ fill: color }} shapeRendering="crispEdges" />;
});

/**
 * The nodes' rectangles, gone over only when the nodes or the run's statuses change (a node coming
 * into view is measured, which makes a new node list: its rectangles stay as they were).
 */
const MiniMapNodes = memo(function MiniMapNodes({ nodes, runNodes }: { nodes: readonly Node[]; runNodes: Readonly<Record<string, NodeRun>> | undefined }) {
  return (
    <>
      {nodes.map((n) => {
        const status = runNodes?.[n.id]?.status;
        const { width, height } = getNodeDimensions(n);
        const className = `react-flow__minimap-node${n.selected ? ' selected' : ''}${status ? ` run-${status}` : ''}`;
        const color = status ? STATUS_COLORS[status] : (KIND_COLORS[n.type ?? ''] ?? '#888');
        return <MiniMapNode key={n.id} x={n.position.x} y={n.position.y} width={width} height={height} className={className} color={color} />;
      })}
    </>
  );
});

export function RunMiniMap({ pipeline, nodes }: { pipeline: string; nodes: readonly Node[] }) {
  const runNodes = storeFor(pipeline)((s) => (s.pipeline === pipeline ? s.nodes : undefined));
  const store = useStoreApi();
  const view = useStore(viewOf, sameView);
  const svg = useRef<SVGSVGElement>(null);
  const minimap = useRef<XYMinimapInstance | undefined>(undefined);
  const nodeBounds = useMemo(() => boundsOf(nodes), [nodes]);

  const viewBox: Rect = { x: -view.tx / view.zoom, y: -view.ty / view.zoom, width: view.width / view.zoom, height: view.height / view.zoom };
  const whole = nodeBounds ? getBoundsOfRects(nodeBounds, viewBox) : viewBox;
  const viewScale = Math.max(whole.width / WIDTH, whole.height / HEIGHT);
  const viewScaleNow = useRef(viewScale);
  viewScaleNow.current = viewScale;
  const offset = OFFSET_SCALE * viewScale;
  const x = whole.x - (viewScale * WIDTH - whole.width) / 2 - offset;
  const y = whole.y - (viewScale * HEIGHT - whole.height) / 2 - offset;
  const width = viewScale * WIDTH + offset * 2;
  const height = viewScale * HEIGHT + offset * 2;

  useEffect(() => {
    if (!svg.current || !view.panZoom) return undefined;
    const instance = XYMinimap({ domNode: svg.current, panZoom: view.panZoom, getTransform: () => store.getState().transform, getViewScale: () => viewScaleNow.current });
    minimap.current = instance;
    return () => instance.destroy();
  }, [view.panZoom, store]);
  useEffect(() => {
    minimap.current?.update({ translateExtent: view.extent, width: view.width, height: view.height, pannable: true, zoomable: true });
  }, [view.panZoom, view.extent, view.width, view.height]);

  // Two layers: the nodes' (painted again only when they or the drawing's bounds change) under
  // the view's frame (painted at each pan step). In one SVG, each step repainted every node.
  return (
    <Panel position="bottom-right" className="react-flow__minimap run-minimap" style={{ width: WIDTH, height: HEIGHT }} data-testid="rf__minimap">
      <svg width={WIDTH} height={HEIGHT} viewBox={`${x} ${y} ${width} ${height}`} className="react-flow__minimap-svg run-minimap-nodes" aria-hidden="true">
        <MiniMapNodes nodes={nodes} runNodes={runNodes} />
      </svg>
      <svg ref={svg} width={WIDTH} height={HEIGHT} viewBox={`${x} ${y} ${width} ${height}`} className="react-flow__minimap-svg run-minimap-view" role="img" aria-label="Minimap">
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${width + offset * 2}v${height + offset * 2}h${-width - offset * 2}z M${viewBox.x},${viewBox.y}h${viewBox.width}v${viewBox.height}h${-viewBox.width}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
}
