/**
 * `pipewright endpoint RUN NODE [ENDPOINT] [--port N]`: serves, in the foreground, an endpoint a
 * run's deployment node made ready (engine/deployment.ts), from its folder: its `server-command`
 * under /bin/sh, or its `wsgi` callable under Python's own WSGI server. Ctrl+C stops it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { choices } from '../../../shared/nearest-name.ts';
import { deploymentsDir, type ServedEndpoint } from '../../runner/engine/deployment.ts';
import { lookupRun, noRun, openStore } from '../../runner/runner.ts';
import { stateDir } from '../../runner/store/database.ts';
import { EXIT_FAILED, EXIT_USAGE, type Io } from '../output.ts';
import { projectDir } from '../project-dir.ts';

/** Serves `module:callable` (`application` when only the module is named) on 127.0.0.1. */
const WSGI_BOOT = `
import importlib, sys
from wsgiref.simple_server import make_server
sys.path.insert(0, '.')
module, _, name = sys.argv[1].partition(':')
app = getattr(importlib.import_module(module), name or 'application')
make_server('127.0.0.1', int(sys.argv[2]), app).serve_forever()
`;

export async function endpointCommand(options: { project: string; runId: string; node: string; endpoint: string; port: string | undefined }, io: Io): Promise<number> {
  const fail = (message: string, code = EXIT_USAGE): number => (io.err(`pipewright endpoint: ${message}\n`), code);
  const project = projectDir(options.project, io.cwd);
  if (!project.ok) return fail(project.message);
  const store = openStore(project.dir);
  const run = lookupRun(store, options.runId);
  if (!run) return store.close(), fail(noRun(options.runId));
  const deployments = store.getNodes(run.id).filter((n) => existsSync(deploymentsDir(stateDir(project.dir), run.id, n.name))).map((n) => n.name);
  store.close();
  if (deployments.length === 0) return fail(`run ${run.id} deployed nothing here (its deployment nodes make their endpoints ready when they run)`);
  if (!deployments.includes(options.node)) return fail(`run ${run.id} has no deployment node "${options.node}"${choices(options.node, deployments, 'deployment nodes')}`);
  const root = deploymentsDir(stateDir(project.dir), run.id, options.node);
  const ready = readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
  const name = options.endpoint || (ready.length === 1 ? (ready[0] as string) : '');
  if (name === '') return fail(`node "${options.node}" of run ${run.id} has ${ready.length} endpoints: say which (${ready.join(', ') || 'none'})`);
  if (!ready.includes(name)) return fail(`node "${options.node}" of run ${run.id} has no endpoint "${name}"${choices(name, ready, 'endpoints')}`);
  const served = JSON.parse(readFileSync(join(root, `${name}.json`), 'utf8')) as ServedEndpoint;
  const port = options.port === undefined ? served.port : Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`--port must be a port number (got "${options.port ?? ''}")`);
  if (!served.server) return fail(`endpoint ${name} has neither server-command nor wsgi, so there is nothing to run`, EXIT_FAILED);
  const [file, args] = served.server.kind === 'wsgi' ? ['python3', ['-c', WSGI_BOOT, served.server.module, String(port)]] : ['/bin/sh', ['-c', served.server.command.join(' && ')]];
  io.err(`serving endpoint ${name} of run ${run.id} at http://127.0.0.1:${port}/ from ${served.dir} (Ctrl+C stops it)\n`);
  const child = spawn(file, args, { cwd: served.dir, env: { ...process.env, PORT: String(port) }, stdio: 'inherit', detached: true });
  // Its whole process group goes with it: on Ctrl+C, and when this command is told to stop.
  const stop = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  return await new Promise<number>((done) => {
    child.once('error', (error) => done(fail(`${file} could not start: ${error.message}`, EXIT_FAILED)));
    child.once('exit', (code, signal) => done(signal ? 130 : code === 0 ? 0 : EXIT_FAILED));
  });
}
