/**
 * Editor-only state (node positions) lives in `.pipewright/layout.json`, never in valohai.yaml,
 * so the file stays exactly what Valohai runs.
 */
import { z } from 'zod';

export const LAYOUT_FILE = '.pipewright/layout.json';

const position = z.object({ x: z.number().finite(), y: z.number().finite() });

export const layoutSchema = z.object({
  version: z.literal(1),
  pipelines: z.record(z.string(), z.object({ nodes: z.record(z.string(), position) })),
});
export type Layout = z.infer<typeof layoutSchema>;
export type Position = z.infer<typeof position>;

export const EMPTY_LAYOUT: Layout = { version: 1, pipelines: {} };

export type LayoutRead = { readonly ok: true; readonly layout: Layout } | { readonly ok: false; readonly message: string };

/** Reads layout.json text; a broken file is reported, and the caller falls back to auto-layout. */
export function parseLayout(text: string): LayoutRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `layout.json is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = layoutSchema.safeParse(data);
  if (!parsed.success) return { ok: false, message: `layout.json has an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, layout: parsed.data };
}

export function withNodePosition(layout: Layout, pipeline: string, node: string, at: Position): Layout {
  const current = layout.pipelines[pipeline]?.nodes ?? {};
  return { ...layout, pipelines: { ...layout.pipelines, [pipeline]: { nodes: { ...current, [node]: at } } } };
}

export function serializeLayout(layout: Layout): string {
  return `${JSON.stringify(layout, null, 2)}\n`;
}
