#!/usr/bin/env node
// Starts the pipewright CLI: the bundle `npm ci` makes (scripts/build-cli.ts) while it
// is current, else its TypeScript sources on Node's own type stripping (Node >= 22.18), so an edit
// runs at once and `npx pipewright` works without any build.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `pipewright needs Node 24 (this is Node ${process.versions.node}). Run it as "npx pipewright" ` +
      'or through "npm run", which use the Node 24 the project installs.\n',
  );
  process.exit(3);
}
// Cache the compiled (and type-stripped) modules between runs: later starts skip the TypeScript
// transform, start sooner and stay smaller, and a smaller process forks its children faster.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// The bundle `npm ci` made (scripts/build-cli.ts) where it is current, else the sources themselves.
const cli = (await bundled()) ?? (await fromSources());
// A closed pipe (`pipewright logs … | head`) ends the command quietly, with the exit code it came to.
cli.endQuietlyOnClosedOutput();
// The verbs that run executions start their process launcher first, so python3's start-up overlaps
// the loading of the rest (see warmSpawner).
if (process.argv[2] === 'run' || process.argv[2] === 'resume') await cli.warmSpawner();
const { runCli } = await cli.main();
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  color: process.stdout.isTTY === true,
});

/** The bundled CLI, if npm ci made one from the source files as they are now. */
async function bundled() {
  const { readFileSync, statSync } = await import('node:fs');
  const root = new URL('../', import.meta.url);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('node_modules/.cache/pipewright-cli/manifest.json', root), 'utf8'));
    for (const [path, size, mtimeMs] of manifest.files) {
      const stats = statSync(new URL(path, root), { throwIfNoEntry: false });
      if (stats?.size !== size || stats.mtimeMs !== mtimeMs) return undefined; // edited since: the sources run
    }
  } catch {
    return undefined; // none, or unreadable
  }
  const module = await import(new URL(`node_modules/.cache/pipewright-cli/${manifest.entry}`, root).href);
  return { endQuietlyOnClosedOutput: module.endQuietlyOnClosedOutput, warmSpawner: () => void module.warmSpawner(), main: async () => module };
}

async function fromSources() {
  const { endQuietlyOnClosedOutput } = await import('../electron/cli/closed-output.ts');
  return {
    endQuietlyOnClosedOutput,
    // (Started, not waited for.)
    warmSpawner: async () => void (await import('../electron/runner/exec/spawner.ts')).warmSpawner(),
    main: () => import('../electron/cli/main.ts'),
  };
}
