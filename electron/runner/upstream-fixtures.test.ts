/**
 * The upstream fixtures whose pipelines Pipewright can run here (steps defined in the file),
 * run end to end with stand-in commands: each step creates the outputs and prints the metadata
 * that the pipeline's edges expect of it, and input defaults point at a local file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture } from '../../test-support/fixtures.ts';
import { makeProject, run } from '../../test-support/runner.ts';
import { parseSocket } from '../../shared/valohai/model/edge.ts';
import { importValohaiYaml } from '../../shared/valohai/import.ts';

type Item = Record<string, Record<string, unknown>>;

function standIn(items: Item[]): Item[] {
  const produces = new Map<string, Set<string>>();
  const prints = new Map<string, Set<string>>();
  for (const item of items) {
    const pipeline = item['pipeline'] ?? item['blueprint'];
    if (!pipeline) continue;
    const nodes = (pipeline['nodes'] as Record<string, string>[]) ?? [];
    const stepOf = new Map(nodes.map((n) => [n['name'], n['step'] ?? n['task']]));
    for (const edge of (pipeline['edges'] as unknown[]) ?? []) {
      const source = Array.isArray(edge) ? edge[0] : (edge as Record<string, string>)['source'];
      const parsed = parseSocket(String(source));
      if (!parsed.ok) continue;
      const step = stepOf.get(parsed.socket.node) ?? '';
      const target = parsed.socket.type === 'output' ? produces : parsed.socket.type === 'metadata' ? prints : undefined;
      if (!target) continue;
      target.set(step, new Set([...(target.get(step) ?? []), parsed.socket.key]));
    }
  }
  const tasks = new Map(items.flatMap((i) => (i['task'] ? [[String(i['task']['name']), String(i['task']['step'])]] : [])));
  for (const [task, step] of tasks) for (const map of [produces, prints]) if (map.has(task)) map.set(step, new Set([...(map.get(step) ?? []), ...(map.get(task) ?? [])]));
  return items.map((item) => {
    const pipeline = item['pipeline'];
    if (pipeline) {
      // Overrides keep their parameters; their commands and input URLs get stand-ins too.
      const nodes = ((pipeline['nodes'] as Record<string, unknown>[]) ?? []).map((node) => {
        const override = node['override'] as Record<string, unknown> | undefined;
        if (!override) return node;
        const { command: _command, ...rest } = override;
        const inputs = ((rest['inputs'] as Record<string, unknown>[]) ?? []).map((i) => ({ ...i, default: 'stand-in-input.txt' }));
        return { ...node, override: { ...rest, ...(rest['inputs'] ? { inputs } : {}) } };
      });
      return { pipeline: { ...pipeline, nodes } };
    }
    const step = item['step'];
    if (!step) return item;
    const name = String(step['name']);
    const files = [...(produces.get(name) ?? [])].map((key) => key.replace(/\*+/g, 'x').replace(/^x$/, 'everything'));
    const metadata = Object.fromEntries([...(prints.get(name) ?? [])].map((key) => [key, 1]));
    const command = [
      `echo stand-in for ${name}`,
      ...files.map((f) => `mkdir -p "$(dirname "$VH_OUTPUTS_DIR/${f}")" && echo ${name} > "$VH_OUTPUTS_DIR/${f}"`),
      `echo '${JSON.stringify(metadata)}'`,
    ];
    const parameters = ((step['parameters'] as Record<string, unknown>[]) ?? []).map((p) => (p['default'] === undefined && p['type'] !== 'flag' ? { ...p, optional: true } : p));
    const inputs = ((step['inputs'] as Record<string, unknown>[]) ?? []).map((i) => ({ ...i, default: 'stand-in-input.txt', optional: true }));
    return { step: { ...step, command, parameters, inputs } };
  });
}

const runnable = fixtureNames().filter((name) => {
  const { config, diagnostics } = importValohaiYaml(readFixture(name));
  return config.pipelines.length > 0 && !diagnostics.some((d) => d.severity === 'error');
});

describe('upstream fixtures run end to end with stand-in commands', () => {
  it('finds the fixtures that define pipelines', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(12);
  });

  it.each(runnable)('%s', async (name) => {
    const items = standIn(parse(readFixture(name), { version: '1.1' }) as Item[]);
    const dir = makeProject(stringify(items));
    writeFileSync(join(dir, 'stand-in-input.txt'), 'input\n');
    const { config } = importValohaiYaml(stringify(items));
    for (const pipeline of config.pipelines) {
      const external = pipeline.nodes.some((n) => n.type !== 'deployment' && n.commit !== undefined);
      if (external) {
        // Steps from another commit or a library cannot run here; the runner says so up front.
        await expect(run(dir, pipeline.name)).rejects.toThrow(/not defined in this valohai\.yaml/);
        continue;
      }
      const result = await run(dir, pipeline.name, { jobs: 2 });
      expect(result.status, `${pipeline.name}: ${JSON.stringify(result.events.filter((e) => e.type === 'node:finish' || e.type === 'run:finish'))}`).toBe('succeeded');
      const executed = new Set(result.events.flatMap((e) => (e.type === 'node:finish' ? [e.node] : [])));
      expect(executed).toEqual(new Set(pipeline.nodes.map((n) => n.name)));
    }
  });
});
