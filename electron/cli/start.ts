/**
 * `npm start`: the desktop app where Electron's binary exists; otherwise (as on machines that
 * cannot download it) one line saying so, and the same app served to a browser on loopback.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { serveCommand } from './commands/serve.ts';
import { electronBinary } from './electron-binary.ts';
import { parseOptions, UsageError } from './parse-options.ts';

const root = resolve(import.meta.dirname, '../..');
const USAGE = `Usage: npm start -- [PATH | --project PATH] [--port N] [--browser]

Opens Pipewright on a project folder (one holding valohai.yaml; the example project when none is
given): the desktop app where Electron is installed, else the same app served to a browser on
127.0.0.1 (the address, with its access token, is printed).

  PATH, --project PATH   the project folder
  --port N               the port to serve on in browser mode (default: a free one)
  --browser              serve to a browser even where Electron is installed
  -h, --help             this text
`;
if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
let values: { port: string; project?: string; browser?: boolean };
try {
  const parsed = parseOptions('npm start --', process.argv.slice(2), { port: { type: 'string', default: '0' }, project: { type: 'string' }, browser: { type: 'boolean' } });
  // A folder given bare is the project, as `serve PATH` takes it.
  if (parsed.positionals.length > 1 || (parsed.positionals.length === 1 && parsed.values.project !== undefined)) {
    throw new UsageError(`npm start opens one project: --project PATH (got "${parsed.positionals.join(' ')}" too)`);
  }
  values = { ...parsed.values, ...(parsed.positionals[0] !== undefined ? { project: parsed.positionals[0] } : {}) };
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`pipewright: ${error.message}\n`);
  process.exit(2);
}
const projectDir = resolve(values.project ?? resolve(root, 'resources/example-project'));

const electron = values.browser ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit', env: { ...process.env, PIPEWRIGHT_PROJECT: projectDir } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!values.browser) console.log('Electron is not installed on this machine; serving Pipewright in browser mode instead.');
  const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), cwd: process.cwd(), color: false };
  process.exitCode = await serveCommand({ path: projectDir, port: values.port, json: false }, io);
}
