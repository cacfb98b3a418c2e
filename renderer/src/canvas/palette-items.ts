/** What the palette offers, how a drag carries it, and adding it as a node. */
import { addNode, type NewNode } from '../../../shared/valohai/edit/document-edits.ts';
import type { Position } from '../../../shared/layout.ts';
import type { Pipeline } from '../../../shared/valohai/model/pipeline.ts';
import { useEditor } from '../store/editor-store.ts';
import { freeNodeName } from './names.ts';

export const PALETTE_MIME = 'application/x-pipewright-node';

export type PaletteItem =
  | { readonly type: 'execution'; readonly step: string }
  | { readonly type: 'task'; readonly task: string }
  | { readonly type: 'deployment'; readonly deployment: string };

/** Adds a node from the palette at a canvas position, under a free name, and selects it. */
export function addFromPalette(pipeline: Pipeline, item: PaletteItem, at: Position): void {
  const taken = new Set(pipeline.nodes.map((n) => n.name));
  const name = freeNodeName(item.type === 'execution' ? item.step : item.type === 'task' ? item.task : item.deployment, taken);
  const node: NewNode =
    item.type === 'execution' ? { type: 'execution', name, step: item.step } : item.type === 'task' ? { type: 'task', name, task: item.task } : { type: 'deployment', name, deployment: item.deployment };
  const { edit, layout } = useEditor.getState();
  const current = layout.pipelines[pipeline.name]?.nodes ?? {};
  edit((text) => addNode(text, pipeline.name, node), {
    layout: (l) => ({ ...l, pipelines: { ...l.pipelines, [pipeline.name]: { nodes: { ...current, [name]: at } } } }),
    select: { kind: 'nodes', names: [name] },
  });
}
