/**
 * `pipewright endpoint RUN NODE [ENDPOINT] [--port N]`: serves, in the foreground, an endpoint a
 * run's deployment node made ready (endpoint-server.ts); `pipewright endpoint NAME` serves an
 * endpoint of valohai.yaml from the project folder itself, as it is now. Ctrl+C stops it.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { choices } from '../../../shared/nearest-name.ts';
import { deploymentsDir } from '../../runner/engine/deployment.ts';
import { findEndpoint, findProjectEndpoint, listensBeyondThisMachine, missingFilesWarning, portNotApplied, startEndpoint, stopEndpoint } from '../../runner/endpoint-server.ts';
import { lookupRun, noRun, openStore } from '../../runner/stored-runs.ts';
import { stateDir } from '../../runner/store/database.ts';
import { EXIT_FAILED, EXIT_USAGE, type Io, refuse } from '../output.ts';
import { projectDir } from '../project-dir.ts';
import { importProjectFile, readProjectFile } from '../read-project.ts';
import type { ServedEndpoint } from '../../runner/engine/deployment.ts';

export function endpointCommand(options: { project: string; runId: string; node: string; endpoint: string; port: string | undefined }, io: Io): Promise<number> | number {
  const fail = (message: string, code = EXIT_USAGE): number => refuse(io, 'endpoint', message, code);
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return fail(project.message);
  const store = openStore(project.dir);
  const run = lookupRun(store, options.runId);
  if (!run) {
    const said = noRun(options.runId, store);
    store.close();
    return fail(said);
  }
  const deployments = store.getNodes(run.id).filter((n) => existsSync(deploymentsDir(stateDir(project.dir), run.id, n.name))).map((n) => n.name);
  store.close();
  if (deployments.length === 0) return fail(`run ${run.id} deployed nothing here (its deployment nodes make their endpoints ready when they run)`);
  if (!deployments.includes(options.node)) return fail(`run ${run.id} has no deployment node "${options.node}"${choices(options.node, deployments, 'deployment nodes')}`);
  const found = findEndpoint(stateDir(project.dir), run.id, options.node, options.endpoint);
  if (!found.ok) return fail(found.message);
  return serve(found.served, `of run ${run.id}`, [], options.port, project.dir, io);
}

/** `pipewright endpoint NAME`: an endpoint of valohai.yaml served from the project folder as it is (no run, no deployment's files). */
export function projectEndpointCommand(options: { project: string; endpoint: string; port: string | undefined }, io: Io): Promise<number> | number {
  const fail = (message: string, code = EXIT_USAGE): number => refuse(io, 'endpoint', message, code);
  const file = readProjectFile(options.project, io.cwd);
  if (!file.ok) return fail(file.message);
  const { config, diagnostics } = importProjectFile(file);
  if (config === undefined || diagnostics.some((d) => d.severity === 'error')) return fail(`${file.display} has errors; fix them first (pipewright validate says where)`, EXIT_FAILED);
  const dir = dirname(file.file);
  const found = findProjectEndpoint(dir, config.endpoints, options.endpoint);
  if (!found.ok) return fail(found.message);
  const warning = missingFilesWarning(found.missing);
  return serve(found.served, 'from valohai.yaml', warning === undefined ? [] : [warning], options.port, dir, io);
}

function serve(served: ServedEndpoint, from: string, warnings: readonly string[], portOption: string | undefined, projectFolder: string, io: Io): Promise<number> | number {
  const fail = (message: string, code = EXIT_USAGE): number => refuse(io, 'endpoint', message, code);
  const port = portOption === undefined ? served.port : Number(portOption);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`--port must be a port number (got "${portOption ?? ''}")`);
  if (!served.server) return fail(`endpoint ${served.name} has neither server-command nor wsgi, so there is nothing to run`, EXIT_FAILED);
  io.err(`serving endpoint ${served.name} ${from} at http://127.0.0.1:${port}/ from ${served.dir} (Ctrl+C stops it)\n`);
  for (const warning of [...warnings, listensBeyondThisMachine(served), portNotApplied(served, port)]) if (warning !== undefined) io.err(`  warning: ${warning}\n`);
  const child = startEndpoint(served, port, 'inherit', projectFolder);
  // Its whole process group goes with it: on Ctrl+C, and when this command is told to stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stopEndpoint(child));
  return new Promise<number>((done) => {
    child.once('error', (error) => done(fail(`the server could not start: ${error.message}`, EXIT_FAILED)));
    child.once('exit', (code, signal) => done(signal ? 130 : code === 0 ? 0 : EXIT_FAILED));
  });
}
