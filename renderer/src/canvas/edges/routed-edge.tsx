/**
 * The canvas's edge: React Flow's bezier, or, where that would pass behind a card, a detour
 * around the cards in its way (route-around.ts), on a lane of its own beside the others
 * (edge-lanes.ts). The lanes come from EdgeLanes, which the canvas works out only when its nodes
 * move or its edges change, so panning redraws nothing here.
 */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, useMemo } from 'react';
import { detourPath, type Detour } from './route-around.ts';

/** Each detouring edge's lane, by edge id; undefined where edges are left as plain curves (a large pipeline). */
export const EdgeLanes = createContext<ReadonlyMap<string, Detour> | undefined>(undefined);

export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps) {
  const {
    id,
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    label,
    labelStyle,
    labelShowBg,
    labelBgStyle,
    labelBgPadding,
    labelBgBorderRadius,
    style,
    markerEnd,
    markerStart,
    interactionWidth,
  } = props;
  const detour = useContext(EdgeLanes)?.get(id);
  const [path, labelX, labelY] = useMemo((): [string, number, number] => {
    const s = { x: sourceX, y: sourceY };
    const t = { x: targetX, y: targetY };
    // (Worked out from where the cards say their handles are: drawn from where React Flow has them, should they differ by a pixel.)
    if (detour && t.x - s.x > 0) {
      const around = detourPath(s, t, detour);
      return [around.path, around.labelX, around.labelY];
    }
    const [bezier, x, y] = getBezierPath({
      sourceX,
      sourceY,
      sourcePosition,
      targetX,
      targetY,
      targetPosition,
    });
    return [bezier, x, y];
  }, [detour, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition]);
  return (
    <BaseEdge
      id={id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={label}
      labelStyle={labelStyle}
      labelShowBg={labelShowBg}
      labelBgStyle={labelBgStyle}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      style={style}
      markerEnd={markerEnd}
      markerStart={markerStart}
      interactionWidth={interactionWidth}
    />
  );
});

export const EDGE_TYPES = { default: RoutedEdge };
