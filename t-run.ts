import { startRun } from './electron/runner/runner.ts';
const r = await startRun({ projectDir: process.argv[2]!, pipeline: process.argv[3]!, planOptions: { pipelineParams: {}, nodeParams: {} }, cache: process.argv[4] === 'cache', onEvent: (e) => { if (e.type === 'node:log') for (const l of e.lines) console.log(`  [${e.node}] ${l.text}`); else console.log(JSON.stringify(e)); } });
console.log(r);
