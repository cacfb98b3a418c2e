/**
 * Bundles the CLI into node_modules/.cache/pipewright-cli/ (run by `npm ci` through `prepare`, and
 * by `npm run build:cli`): it lives and goes with node_modules, as other tools' caches do.
 *
 * Why: run from its TypeScript sources, every `pipewright` command first has Node's module loader
 * find, read and link some 200 files: 0.19 s for `--help` here, against 0.07 s for Node itself.
 * The bundle is a few files. bin/pipewright.mjs takes it only while it is current: the manifest
 * written beside it names each source file it was made from with its size and time, and a file
 * changed since (an edit, a checkout) sends the command back to the sources, so a stale bundle
 * never runs. This script never fails the install: where it cannot bundle, the sources run.
 */
import { statSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** Where bin/pipewright.mjs looks for it (`--out DIR` elsewhere, as its test does). */
const given = process.argv[process.argv.indexOf('--out') + 1];
const OUT = process.argv.includes('--out') && given !== undefined ? resolve(given) : resolve(ROOT, 'node_modules/.cache/pipewright-cli');

/** What bin/pipewright.mjs checks: each input's path (from the project root), size and time; and which modules each file of the bundle holds. */
export interface CliManifest {
  readonly entry: string;
  readonly files: readonly (readonly [path: string, size: number, mtimeMs: number])[];
  readonly chunks: Readonly<Record<string, readonly string[]>>;
}

async function bundle(): Promise<string> {
  const { build } = await import('rolldown');
  rmSync(OUT, { recursive: true, force: true });
  const built = await build({
    input: resolve(ROOT, 'electron/cli/bundle-entry.ts'),
    platform: 'node',
    // main.ts also runs as a script of its own (`node electron/cli/main.ts`); inside the bundle it is a module.
    transform: { define: { 'import.meta.main': 'false' } },
    external: [/^node:/, 'electron'],
    output: { dir: OUT, format: 'esm', entryFileNames: 'pipewright.mjs', chunkFileNames: '[name]-[hash].mjs' },
    logLevel: 'warn',
  });
  const inputs = new Set<string>();
  const chunks: Record<string, string[]> = {};
  for (const item of built.output) {
    if (item.type !== 'chunk') continue;
    const own = item.moduleIds.filter((id) => !id.startsWith('\0') && id.startsWith(ROOT + sep));
    for (const id of own) inputs.add(id);
    chunks[item.fileName] = own.map((id) => relative(ROOT, id));
  }
  const files = [...inputs].sort().map((path) => {
    const stats = statSync(path);
    return [relative(ROOT, path), stats.size, stats.mtimeMs] as const;
  });
  const manifest: CliManifest = { entry: 'pipewright.mjs', files, chunks };
  writeFileSync(resolve(OUT, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  return `${files.length} source files`;
}

try {
  const made = await bundle();
  if (process.argv.includes('--verbose')) console.log(`${relative(ROOT, OUT)}: the CLI bundled from ${made}`);
} catch (error) {
  rmSync(OUT, { recursive: true, force: true });
  console.warn(`pipewright: the CLI was not bundled (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); it runs from its sources, only slower to start`);
}
