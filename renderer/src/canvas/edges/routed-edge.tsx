/**
 * The canvas's edge: React Flow's bezier, or, where that would pass behind a card, a detour
 * around the cards in its way (route-around.ts). The cards come from CardBoxes, which the
 * canvas fills only when its nodes move, so panning redraws nothing here.
 */
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, useMemo } from 'react';
import { detourPath, routeAround, type Box } from './route-around.ts';

/** The cards on the canvas, or undefined where edges are left as plain curves (a large pipeline). */
export const CardBoxes = createContext<readonly Box[] | undefined>(undefined);

export const RoutedEdge = memo(function RoutedEdge(props: EdgeProps) {
  const {
    id,
    source,
    target,
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
  const boxes = useContext(CardBoxes);
  const [path, labelX, labelY] = useMemo((): [string, number, number] => {
    const s = { x: sourceX, y: sourceY };
    const t = { x: targetX, y: targetY };
    const detour = boxes && routeAround(s, t, boxes, [source, target]);
    if (detour) {
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
  }, [boxes, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition]);
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
