/**
 * `npm start`: the desktop app where Electron's binary exists; otherwise (as on machines that
 * cannot download it) one line saying so, and the same app served to a browser on loopback.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveCommand } from './commands/serve.ts';
import { electronBinary } from './electron-binary.ts';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, project: { type: 'string' }, browser: { type: 'boolean' } },
});
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
