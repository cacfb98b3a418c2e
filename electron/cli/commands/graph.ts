import { pipelineLevels } from '../../../shared/graph/levels.ts';
import { pipelineToMermaid } from '../../../shared/graph/mermaid.ts';
import { findByName, inEffect } from '../../../shared/valohai/model/config.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, formatDiagnostic, type Io, printJson, refuse } from '../output.ts';
import { unreadableErrors } from '../../../shared/valohai/diagnostic.ts';
import { importProjectFile, readProjectFile } from '../read-project.ts';
import { namedAlone } from '../../../shared/run/step-run.ts';

export type GraphFormat = 'text' | 'mermaid' | 'json';

export interface GraphOptions {
  readonly path: string;
  readonly pipeline: string | undefined;
  readonly format: GraphFormat;
}

export function graphCommand(options: GraphOptions, io: Io): number {
  const fail = (code: number, message: string): number => refuse(io, 'graph', message, code, code === EXIT_USAGE ? 'usage' : 'invalid');
  const project = readProjectFile(options.path, io.cwd);
  if (!project.ok) return fail(EXIT_USAGE, project.message);
  const imported = importProjectFile(project);
  if (!imported.config) {
    for (const d of imported.diagnostics) io.err(`${formatDiagnostic(project.display, d)}\n`);
    return fail(EXIT_FAILED, `${project.display} cannot be read`);
  }
  const config = inEffect(imported.config);
  if (unreadableErrors(imported.diagnostics).length > 0) {
    for (const d of imported.diagnostics.filter((x) => x.severity === 'error')) io.err(`${formatDiagnostic(project.display, d)}\n`);
    return fail(EXIT_FAILED, `${project.display} has errors that hide its pipelines`);
  }
  if (options.pipeline === undefined) {
    const pipelines = config.pipelines.map((p) => ({ name: p.name, nodes: p.nodes.length, edges: p.edges.length }));
    if (options.format === 'json') printJson(io, { pipelines });
    else if (pipelines.length === 0) {
      const steps = config.steps.map((s) => s.name);
      const tasks = config.tasks.map((t) => t.name);
      const alone = [steps.length > 0 && `its steps (${steps.join(', ')}) run alone with: pipewright run --step NAME`, tasks.length > 0 && `its tasks (${tasks.join(', ')}) with: pipewright run --task NAME`].filter((said) => said !== false);
      io.err(`${project.display} defines no pipelines${alone.length > 0 ? `; ${alone.join('; ')}` : ''}\n`);
    }
    else {
      io.err(`Pipelines in ${project.display} (pick one with --pipeline NAME):\n`);
      for (const p of pipelines) io.out(`${p.name}\t${p.nodes} nodes, ${p.edges} edges\n`);
    }
    return EXIT_OK;
  }
  const pipeline = findByName(config.pipelines, options.pipeline);
  if (!pipeline) {
    const names = config.pipelines.map((p) => `"${p.name}"`).join(', ') || 'none';
    const alone = namedAlone(config, options.pipeline);
    const instead = alone === undefined ? '' : `; "${options.pipeline}" is a ${alone}, which graph does not draw (plan --${alone} "${options.pipeline}" shows what a run of it does)`;
    return fail(EXIT_USAGE, `no pipeline named "${options.pipeline}" in ${project.display} (pipelines: ${names})${instead}`);
  }
  const { levels, cycles } = pipelineLevels(pipeline);
  if (options.format === 'json') {
    printJson(io, { pipeline: pipeline.name, levels, ...(cycles.length ? { cycles } : {}) });
  } else if (options.format === 'mermaid') {
    io.out(pipelineToMermaid(pipeline));
  } else {
    io.out(`${pipeline.name}: ${pipeline.nodes.length} nodes in ${levels.length} level(s); nodes on one level can run together\n`);
    levels.forEach((level, i) => io.out(`  ${i + 1}. ${level.join(', ')}\n`));
  }
  for (const cycle of cycles) io.err(`pipewright graph: cycle ${cycle.join(' → ')}: these nodes can never start\n`);
  return cycles.length > 0 ? EXIT_FAILED : EXIT_OK;
}
