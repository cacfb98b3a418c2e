#!/usr/bin/env node
// Starts the pipewright CLI. Its TypeScript runs on Node's own type stripping (Node >= 22.18),
// so there is no build step: `npx pipewright` works right after `npm ci`.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `pipewright needs Node 24 (this is Node ${process.versions.node}). Run it as "npx pipewright" ` +
      'or through "npm run", which use the Node 24 the project installs.\n',
  );
  process.exit(3);
}
// Cache the compiled (and type-stripped) modules between runs: later starts skip the TypeScript
// transform, start sooner and stay smaller, and a smaller process forks its children faster. First,
// before any .ts is imported: one module stripped outside the cache loads Node's TypeScript
// stripper (amaro, WebAssembly), 0.1 s of every command here (`--help` 0.19 s, against 0.09 s).
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// A closed pipe (`pipewright logs … | head`) ends the command quietly, with the exit code it came to.
const { endQuietlyOnClosedOutput } = await import('../electron/cli/closed-output.ts');
endQuietlyOnClosedOutput();
// The verbs that run executions start their process launcher first, so python3's start-up overlaps
// the loading of the rest (see warmSpawner).
if (process.argv[2] === 'run' || process.argv[2] === 'resume') {
  const { warmSpawner } = await import('../electron/runner/exec/spawner.ts');
  void warmSpawner();
}
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color: process.stdout.isTTY === true,
});
