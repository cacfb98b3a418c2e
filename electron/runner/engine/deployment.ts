/**
 * A deployment node, run here: each endpoint it lists gets a folder ready to serve,
 * `.pipewright/deployments/<run>/<node>/<endpoint>/`, holding the project's files (linked) and
 * the files its `output→file` edges deliver at their `path`, as Valohai places them in the
 * endpoint's working folder. `pipewright endpoint RUN NODE` then serves it on this machine (its
 * `server-command`, or its `wsgi` callable). Nothing is served by the run itself: a server has no
 * end, and a run must have one.
 */
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedDeployment, RunPlan } from '../../../shared/run/plan.ts';
import type { Endpoint } from '../../../shared/valohai/model/endpoint.ts';
import type { RunStore } from '../store/run-store.ts';
import { outputFiles, upstreamExecutions } from './upstream.ts';
import { findByName } from '../../../shared/valohai/model/config.ts';

/** What `pipewright endpoint` reads to serve one, written beside its folder. */
export interface ServedEndpoint {
  readonly name: string;
  readonly port: number;
  readonly server: NonNullable<Endpoint['server']> | null;
  readonly dir: string;
}

/** A run's deployments: one folder per deployment node, one per endpoint in it. */
export function runDeploymentsDir(stateDir: string, runId: string): string {
  return join(stateDir, 'deployments', runId);
}

export function deploymentsDir(stateDir: string, runId: string, node: string): string {
  return join(runDeploymentsDir(stateDir, runId), node);
}

/** Makes each endpoint's folder; returns what to warn of (a file it lacks, volumes not mounted here). */
export function prepareDeployment(plan: RunPlan, node: PlannedDeployment, ctx: { store: RunStore; runId: string; projectDir: string; stateDir: string }): string[] {
  const said: string[] = [];
  const root = deploymentsDir(ctx.stateDir, ctx.runId, node.name);
  rmSync(root, { recursive: true, force: true });
  for (const name of node.endpoints) {
    const spec = findByName(node.endpointSpecs, name);
    if (!spec) {
      said.push(`deployment node "${node.name}": endpoint ${name} is not defined in this file, so there is nothing of it to serve here`);
      continue;
    }
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    linkProject(ctx.projectDir, dir);
    for (const edge of plan.edges.filter((e) => e.target.node === node.name && e.target.type === 'file' && e.target.key.startsWith(`${name}.`))) {
      const fileName = edge.target.key.slice(name.length + 1);
      const file = spec.files.find((f) => f.name === fileName);
      if (!file) {
        said.push(`deployment node "${node.name}": endpoint ${name} declares no file "${fileName}" (it has: ${spec.files.map((f) => f.name).join(', ') || 'none'}), so the edge from ${edge.source.node} places nothing`);
        continue;
      }
      const found = outputFiles(edge, upstreamExecutions(ctx.store, ctx.runId, edge.source.node), ctx.runId);
      const first = found[0];
      if (!first) {
        said.push(`deployment node "${node.name}": no output of ${edge.source.node} matches ${edge.source.key}, so endpoint ${name} has no ${file.path}`);
        continue;
      }
      if (found.length > 1) said.push(`deployment node "${node.name}": ${found.length} outputs of ${edge.source.node} match ${edge.source.key}; endpoint ${name}'s ${file.path} is ${first.path}`);
      placeFile(dir, file.path, first.absolutePath);
    }
    const volumes = [...spec.sharedVolumes.map((v) => `${v.pvcName} at ${v.mountPath}`), ...(spec.workspaceVolume ? [`a workspace volume at ${spec.workspaceVolume.mountPath}`] : [])];
    if (volumes.length > 0) said.push(`deployment node "${node.name}": endpoint ${name} mounts ${volumes.join(', ')} on Valohai (Kubernetes volumes); served here, nothing is mounted there, so those paths are this machine's own`);
    const served: ServedEndpoint = { name, port: spec.port, server: spec.server ?? null, dir };
    writeFileSync(join(root, `${name}.json`), `${JSON.stringify(served, null, 2)}\n`);
    // (Where it is and how to serve it is no warning: `run` lists it with the outputs, the editor's node has ▶ Serve.)
  }
  return said;
}

/** Links each of the project's top-level entries (its code) into the endpoint's folder. */
function linkProject(projectDir: string, dir: string): void {
  for (const entry of readdirSync(projectDir)) {
    if (entry === '.pipewright' || entry === '.git') continue;
    symlinkSync(join(projectDir, entry), join(dir, entry));
  }
}

/**
 * Puts `source` at `path` in the folder: each folder on the way that is a link into the project
 * becomes a real folder of links (the project's own folder is never written into).
 */
function placeFile(dir: string, path: string, source: string): void {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new Error(`endpoint file path "${path}" must name a file inside the endpoint's folder`);
  let at = dir;
  for (const part of parts.slice(0, -1)) {
    at = join(at, part);
    const info = lstatSync(at, { throwIfNoEntry: false });
    if (info?.isSymbolicLink()) {
      const target = readlinkSync(at);
      unlinkSync(at);
      mkdirSync(at);
      if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) for (const entry of readdirSync(target)) symlinkSync(join(target, entry), join(at, entry));
    } else if (!info) mkdirSync(at);
  }
  const to = join(dir, ...parts);
  rmSync(to, { recursive: true, force: true }); // a link to the project's own file of that name
  try {
    linkSync(source, to);
  } catch {
    copyFileSync(source, to); // another file system
  }
}
