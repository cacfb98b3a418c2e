/**
 * `pipewright serve [PATH] [--port N]`: the editor in a browser, served on 127.0.0.1 with a token
 * in the URL. On a remote GPU box: `ssh -L 8080:127.0.0.1:N box`, then open the printed URL with
 * the port changed to 8080. Runs until Ctrl+C.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { startHost } from '../../host/app-host.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, refuse } from '../output.ts';
import { editableProjectDir, instead, projectAbove } from '../project-dir.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const BUILT = resolve(ROOT, 'out/renderer');
const BUILDER = resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');

/** The built renderer (`npm run build`); PIPEWRIGHT_RENDERER_DIR points elsewhere (tests, packaging). */
const rendererDir = (): string => resolve(process.env['PIPEWRIGHT_RENDERER_DIR'] || BUILT);

/** In a checkout where the app was never built, build it once (as `npm run build` would). */
function buildOnce(io: Io): boolean {
  if (!existsSync(BUILDER)) return false;
  io.err('pipewright serve: building the app once (about 10 s)…\n');
  const result = spawnSync(process.execPath, [BUILDER, 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) io.err(result.stderr);
  return result.status === 0;
}

export async function serveCommand(options: { path: string; port: string; json: boolean; stop?: Promise<void> }, io: Io): Promise<number> {
  const project = editableProjectDir(options.path, io.cwd);
  if (!project.ok) return refuse(io, 'serve', project.message, EXIT_USAGE);
  if (project.fresh) {
    const above = projectAbove(project.dir);
    const near = instead(project.dir, io.cwd);
    const hint = near?.kind === 'alike' ? ` (it has ${near.name}, but Valohai and Pipewright look for valohai.yaml: to edit that one, rename it)` : near ? ` (to edit ${near.dirs.length === 1 ? 'the one in' : 'one of those in'} ${near.dirs.join(', ')} instead: pipewright serve ${near.dirs[0]})` : above ? ` (to edit the project above it instead: pipewright serve ${relative(io.cwd, above) || '.'})` : '';
    io.err(`pipewright serve: ${project.dir} has no valohai.yaml yet; the editor starts one, written when you save${hint}\n`);
  }
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65535) return refuse(io, 'serve', `--port must be a number from 0 to 65535 (got "${options.port}")`, EXIT_USAGE);
  const renderer = rendererDir();
  const built = (): boolean => existsSync(resolve(renderer, 'index.html'));
  if (!built() && renderer === BUILT) buildOnce(io);
  if (!built()) {
    return io.err('pipewright serve: the app is not built yet; run "npm run build" first\n'), EXIT_FAILED;
  }
  let host;
  try {
    host = await startHost({ rendererDir: renderer, projectDir: project.dir, port, token: process.env['PIPEWRIGHT_TOKEN'] || undefined });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is already in use; pick another with --port` : error instanceof Error ? error.message : String(error);
    return refuse(io, 'serve', why, EXIT_FAILED);
  }
  if (options.json) io.out(`${JSON.stringify({ url: host.url, project: project.dir })}\n`);
  else io.out(`Pipewright is open at ${host.url}\nProject: ${project.dir}. Press Ctrl+C to stop.\n`);
  const stop =
    options.stop ??
    new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      process.once('SIGHUP', done); // its terminal closed
    });
  await stop;
  await host.close();
  return EXIT_OK;
}
