/**
 * The bundled CLI (scripts/build-cli.ts) and how bin/pipewright.mjs picks it: the bundle answers
 * as the sources do, and one older than a source file never runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliManifest } from './build-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const node = (args: string[], cwd = ROOT) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });

describe('the bundled CLI', () => {
  it('is made from the sources and answers as they do', () => {
    const out = mkdtempSync(join(tmpdir(), 'pipewright-cli-bundle-'));
    const built = node(['scripts/build-cli.ts', '--out', out, '--verbose']);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as CliManifest;
    const paths = manifest.files.map(([path]) => path);
    expect(paths).toContain('electron/cli/main.ts');
    expect(paths).toContain('electron/runner/runner.ts');
    expect(paths.some((path) => path.startsWith('node_modules/yaml/'))).toBe(true);
    // The same help, from the bundle and from the sources.
    const ask = (from: string): string => node(['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(from)}); let said = ''; process.exitCode = await runCli(['--help'], { out: (t) => (said += t), err: (t) => (said += t), cwd: '.', color: false }); process.stdout.write(said);`]).stdout;
    const fromBundle = ask(join(out, manifest.entry));
    expect(fromBundle).toContain('pipewright run');
    expect(fromBundle).toBe(ask(join(ROOT, 'electron/cli/main.ts')));
  });

  it('runs only while no source file has changed since it was made; then the sources run', () => {
    // An installed copy whose "bundle" says where it came from, made from one source file.
    const home = mkdtempSync(join(tmpdir(), 'pipewright-cli-pick-'));
    mkdirSync(join(home, 'bin'));
    copyFileSync(join(ROOT, 'bin/pipewright.mjs'), join(home, 'bin/pipewright.mjs'));
    for (const part of ['electron', 'shared', 'package.json']) symlinkSync(join(ROOT, part), join(home, part));
    mkdirSync(join(home, 'node_modules/.cache/pipewright-cli'), { recursive: true });
    writeFileSync(
      join(home, 'node_modules/.cache/pipewright-cli/entry.mjs'),
      "export const endQuietlyOnClosedOutput = () => {};\nexport const warmSpawner = async () => {};\nexport const runCli = async (args, io) => (io.out('the bundle ran\\n'), 0);\n",
    );
    writeFileSync(join(home, 'source.ts'), 'export {};\n');
    const manifest = (): CliManifest => {
      const source = join(home, 'source.ts');
      const { size, mtimeMs } = statSync(source);
      return { entry: 'entry.mjs', files: [['source.ts', size, mtimeMs]], chunks: { 'entry.mjs': ['source.ts'] } };
    };
    writeFileSync(join(home, 'node_modules/.cache/pipewright-cli/manifest.json'), JSON.stringify(manifest()));
    const help = (): string => node([join(home, 'bin/pipewright.mjs'), '--help'], home).stdout;
    expect(help()).toBe('the bundle ran\n');
    // Edited since: the sources answer.
    utimesSync(join(home, 'source.ts'), new Date(), new Date(Date.now() + 5000));
    expect(help()).toContain('pipewright: edit and run Valohai pipelines on this workstation');
    // A manifest that cannot be read is no bundle either.
    writeFileSync(join(home, 'node_modules/.cache/pipewright-cli/manifest.json'), '{');
    expect(help()).toContain('pipewright: edit and run Valohai pipelines on this workstation');
  });
});

