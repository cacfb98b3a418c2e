/** A Mermaid flowchart of a pipeline, for pasting into docs. */
import type { Pipeline } from '../valohai/model/pipeline.ts';

function id(name: string, ids: Map<string, string>): string {
  let value = ids.get(name);
  if (!value) {
    value = `n${ids.size}`;
    ids.set(name, value);
  }
  return value;
}

/** A name as Mermaid shows it literally: its `"`, `<` and `>` as entities (labels are read as HTML). */
function escaped(text: string): string {
  return text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}

function label(html: string): string {
  return `"${html}"`;
}

export function pipelineToMermaid(pipeline: Pipeline): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  for (const node of pipeline.nodes) {
    const text = label(`${escaped(node.name)}<br/><small>${node.type}</small>`);
    const shape = node.type === 'task' ? `[[${text}]]` : node.type === 'deployment' ? `[/${text}/]` : `[${text}]`;
    lines.push(`  ${id(node.name, ids)}${shape}`);
  }
  for (const edge of pipeline.edges) {
    const arrow = edge.source.type === 'dependency' ? '-.->' : '-->';
    const text = edge.source.type === 'dependency' ? '' : `|${label(escaped(`${edge.source.type}:${edge.source.key} → ${edge.target.type}:${edge.target.key}`))}|`;
    lines.push(`  ${id(edge.source.node, ids)} ${arrow}${text} ${id(edge.target.node, ids)}`);
  }
  return `${lines.join('\n')}\n`;
}
