/**
 * Fitting the view to nodes. React Flow's own fitView waits until every node has been measured,
 * which on a large canvas that draws only what is in view never happens; node sizes are known
 * here before drawing, so the viewport is computed directly.
 */
import { getNodesBounds, getViewportForBounds, useReactFlow, type Node } from '@xyflow/react';
import { useCallback } from 'react';

export interface FitOptions {
  /** Only these node ids (default: all). */
  readonly ids?: readonly string[];
  readonly duration?: number;
}

export function useFit(): (options?: FitOptions) => void {
  const { getNodes, setViewport } = useReactFlow();
  return useCallback(
    (options: FitOptions = {}) => {
      const pane = document.querySelector('.react-flow');
      const all = getNodes();
      const wanted = options.ids ? new Set(options.ids) : undefined;
      const nodes: Node[] = wanted ? all.filter((n) => wanted.has(n.id)) : all;
      if (!pane || nodes.length === 0) return;
      const { width, height } = pane.getBoundingClientRect();
      const viewport = getViewportForBounds(getNodesBounds(nodes), width, height, 0.05, 1.1, 0.06);
      void setViewport(viewport, { duration: options.duration ?? 0 });
    },
    [getNodes, setViewport],
  );
}
