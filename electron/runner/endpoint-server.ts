/**
 * How an endpoint a deployment node made ready (engine/deployment.ts) is served on this machine,
 * for `pipewright endpoint` and for the editor: its `wsgi` callable under Python's own WSGI server
 * on 127.0.0.1, or its `server-command` under /bin/sh with `$PORT` set, in the endpoint's folder.
 * It is served at the root, so `VH_DEFAULT_PREFIX` (the path Valohai serves it under, which apps
 * strip or pass as a base path: `--server.baseUrlPath=$VH_DEFAULT_PREFIX`) is empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Endpoint } from '../../shared/valohai/model/endpoint.ts';
import { findByName } from '../../shared/valohai/model/config.ts';
import { choices } from '../../shared/nearest-name.ts';
import { deploymentsDir, type ServedEndpoint } from './engine/deployment.ts';
import { guardGroup, killGroup, unguardGroup } from './exec/process-group.ts';
import { projectEnvironment } from './project-venv.ts';

/**
 * Serves `module:callable` (`application` when only the module is named). What it cannot serve
 * (no such module in the folder, no such callable in it, the port taken) it says in one line,
 * with the folder it looked in (argv[3]: what that folder is, when it is a deployment's); an
 * error inside the app's own code keeps its traceback, which is the app's to read.
 */
const WSGI_BOOT = `
import errno, importlib, os, sys
from wsgiref.simple_server import make_server
sys.path.insert(0, '.')
spec, port, about = sys.argv[1], int(sys.argv[2]), sys.argv[3]
module, _, name = spec.partition(':')
name = name or 'application'
try:
    loaded = importlib.import_module(module)
except ModuleNotFoundError as error:
    if error.name is None or not (module == error.name or module.startswith(error.name + '.')):
        raise  # a module the app imports is missing: its traceback says which
    path = module.replace('.', '/')
    sys.exit('wsgi %s: no module "%s" in %s (neither %s.py nor %s/ is there)%s' % (spec, module, os.getcwd(), path, path, about))
app = getattr(loaded, name, None)
if not callable(app):
    sys.exit('wsgi %s: %s has no function "%s" (the WSGI callable wsgi names after the colon)' % (spec, getattr(loaded, '__file__', None) or module, name))
try:
    server = make_server('127.0.0.1', port, app)
except OSError as error:
    taken = ' (another program holds that port)' if error.errno == errno.EADDRINUSE else ''
    sys.exit('wsgi %s: cannot listen on 127.0.0.1:%d: %s%s' % (spec, port, error.strerror or error, taken))
server.serve_forever()
`;

/** What the folder an endpoint is served from is, when it is a deployment's copy and not the project itself. */
function folderNote(served: ServedEndpoint, projectDir: string): string {
  return served.dir === projectDir ? '' : "; that folder is the deployment's: it links the project's files and folders that were there when its run deployed it, so one added since is not there: run the pipeline again to deploy it";
}

export type Found = { readonly ok: true; readonly served: ServedEndpoint } | { readonly ok: false; readonly message: string };

/** The endpoints of a run's deployment node made ready here, by name (none for a run or node that names a path). */
export function readyEndpoints(stateDir: string, runId: string, node: string): string[] {
  if (![runId, node].every((part) => part !== '' && part !== '.' && part !== '..' && !/[\\/\0]/.test(part))) return [];
  const root = deploymentsDir(stateDir, runId, node);
  return existsSync(root) ? readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)) : [];
}

/** One endpoint of a run's deployment node; `endpoint` may be left empty when it has one. */
export function findEndpoint(stateDir: string, runId: string, node: string, endpoint: string): Found {
  const ready = readyEndpoints(stateDir, runId, node);
  const name = endpoint || (ready.length === 1 ? (ready[0] as string) : '');
  if (name === '') return { ok: false, message: `node "${node}" of run ${runId} has ${ready.length} endpoints: say which (${ready.join(', ') || 'none'})` };
  if (!ready.includes(name)) return { ok: false, message: `node "${node}" of run ${runId} has no endpoint "${name}" (it has: ${ready.join(', ') || 'none'})` };
  return { ok: true, served: JSON.parse(readFileSync(join(deploymentsDir(stateDir, runId, node), `${name}.json`), 'utf8')) as ServedEndpoint };
}

/**
 * An endpoint of valohai.yaml served from the project folder itself, as it is: no run, no
 * deployment. `missing`: the files its `files` name that a deployment would place and the folder lacks.
 */
export function findProjectEndpoint(projectDir: string, endpoints: readonly Endpoint[], name: string): Found & { readonly missing?: readonly string[] } {
  const names = endpoints.map((e) => e.name);
  const spec = findByName(endpoints, name || (names.length === 1 ? names[0] ?? '' : ''));
  if (spec === undefined) {
    const elsewhere = "to serve what a run's deployment node made ready: pipewright endpoint RUN NODE [ENDPOINT]";
    if (names.length === 0) return { ok: false, message: `valohai.yaml declares no endpoint; ${elsewhere}` };
    if (name === '') return { ok: false, message: `valohai.yaml has ${names.length} endpoints: say which (${names.join(', ')})` };
    return { ok: false, message: `valohai.yaml has no endpoint "${name}"${choices(name, names, 'endpoints')} (${elsewhere})` };
  }
  const missing = spec.files.filter((f) => !existsSync(join(projectDir, f.path))).map((f) => `${f.name} (${f.path})`);
  return { ok: true, served: { name: spec.name, port: spec.port, server: spec.server ?? null, dir: projectDir }, missing };
}

/** What to say of the files a deployment would place that the project folder lacks. */
export function missingFilesWarning(missing: readonly string[] | undefined): string | undefined {
  if (!missing || missing.length === 0) return undefined;
  return `its files ${missing.join(', ')} are not in the project folder: a deployment places them (a pipeline's deployment node; then pipewright endpoint RUN NODE)`;
}

/**
 * Starts the server in a process group of its own, with the project's virtual environment
 * (project-venv.ts), as its steps run (`stdio`: inherited by a terminal, or piped),
 * which the watchdog kills should this process die first (even by SIGKILL): no server is left behind.
 */
export function startEndpoint(served: ServedEndpoint, port: number, stdio: 'inherit' | 'pipe', projectDir: string): ChildProcess {
  if (!served.server) throw new Error(`endpoint ${served.name} has neither server-command nor wsgi, so there is nothing to run`);
  const [file, args] = served.server.kind === 'wsgi' ? ['python3', ['-c', WSGI_BOOT, served.server.module, String(port), folderNote(served, projectDir)]] : ['/bin/sh', ['-c', served.server.command.join(' && ')]];
  const child = spawn(file, args, { cwd: served.dir, env: { ...projectEnvironment(projectDir, process.env).env, PORT: String(port), VH_DEFAULT_PREFIX: '' }, stdio, detached: true });
  const pid = child.pid;
  if (pid !== undefined) {
    guardGroup(pid);
    child.once('exit', () => {
      killGroup(pid, 'SIGKILL'); // what it started goes with it
      unguardGroup(pid);
    });
  }
  return child;
}

/**
 * What to say of a server-command that listens on every address of the machine (`--host 0.0.0.0`,
 * as files written for Valohai's containers do): here that reaches beyond this machine.
 */
export function listensBeyondThisMachine(served: ServedEndpoint): string | undefined {
  if (served.server?.kind !== 'server-command') return undefined;
  const command = served.server.command.join(' && ');
  const everywhere = /(^|[\s='"])(0\.0\.0\.0|::|\[::\])(?=[\s:'"]|$)/.exec(command)?.[2];
  return everywhere === undefined ? undefined : `its server-command listens on ${everywhere}, every address of this machine, so other machines on your network can reach it too; write 127.0.0.1 there to keep it to this one`;
}

/** What to say when --port is given to a server-command that does not read $PORT: it listens where it says. */
export function portNotApplied(served: ServedEndpoint, port: number): string | undefined {
  if (served.server?.kind !== 'server-command' || port === served.port) return undefined;
  const command = served.server.command.join(' && ');
  return /\$\{?PORT\b/.test(command) ? undefined : `its server-command does not name $PORT: unless its program reads PORT itself, it listens where it says (port ${served.port} by the file), not on ${port}`;
}

/** Stops a server and whatever it started. */
export function stopEndpoint(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Resolves once 127.0.0.1:port takes a connection; rejects if the process ends first or `ms` pass. */
export async function answering(child: ChildProcess, port: number, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server ended before it answered (exit ${child.exitCode ?? child.signalCode})`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`nothing answered on port ${port} within ${ms / 1000} s`);
}
