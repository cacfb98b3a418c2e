/**
 * `npm start`: the desktop app where Electron's binary exists; otherwise (as on machines that
 * cannot download it) one line saying so, and the same app served to a browser on loopback.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from '../host/static-host.ts';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, project: { type: 'string' }, browser: { type: 'boolean' } },
});
const projectDir = resolve(values.project ?? resolve(root, 'resources/example-project'));

function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = values.browser ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit', env: { ...process.env, PIPEWRIGHT_PROJECT: projectDir } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!values.browser) console.log('Electron is not installed on this machine; serving Pipewright in browser mode instead.');
  const rendererDir = resolve(root, 'out/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error('The app is not built yet: run "npm run build" first.');
    process.exit(1);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535 (got "${values.port}")`);
    process.exit(2);
  }
  const host = await startHost({ rendererDir, projectDir, port, token: process.env['PIPEWRIGHT_TOKEN'] });
  console.log(`Pipewright is open at ${host.url}`);
  console.log(`Project: ${projectDir}. Press Ctrl+C to stop.`);
}
