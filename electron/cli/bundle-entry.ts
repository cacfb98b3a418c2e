/** What bin/pipewright.mjs takes from the bundled CLI (scripts/build-cli.ts): the same modules it loads from source. */
export { endQuietlyOnClosedOutput } from './closed-output.ts';
export { runCli } from './main.ts';
export { warmSpawner } from '../runner/exec/spawner.ts';
