/**
 * For the tests of `--container`: a working container runtime and an image of this machine's own
 * /bin/sh, cat, id and sleep (with their libraries), imported from a tar file, so no registry is
 * needed. Where no runtime can run it, the reason the tests are skipped.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectRuntimeNow, type RuntimeKind } from '../electron/runner/exec/container.ts';

export const TEST_IMAGE = 'localhost/pipewright-test:1';
/** This machine's own python3 and its standard library, as an image: the example project's steps need nothing else. */
export const PYTHON_IMAGE = 'localhost/pipewright-python:1';

export type ContainerSetup = { readonly ok: true; readonly kind: RuntimeKind; readonly env: Record<string, string> } | { readonly ok: false; readonly why: string };

const TOOLS = ['/bin/sh', '/bin/cat', '/usr/bin/id', '/bin/sleep'];

function libraries(binary: string): string[] {
  const out = spawnSync('ldd', [binary], { encoding: 'utf8' }).stdout ?? '';
  return [...out.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1] as string);
}

/** A file of this machine at the same path in the image's root (once; a link's target, as a file). */
function place(root: string, path: string): void {
  if (!existsSync(path) || existsSync(join(root, path))) return;
  mkdirSync(dirname(join(root, path)), { recursive: true });
  copyFileSync(realpathSync(path), join(root, path));
}

function rootfsTar(tools: readonly string[] = TOOLS, then: (root: string) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-image-'));
  const root = join(dir, 'root');
  for (const path of [...tools, ...tools.flatMap(libraries)]) place(root, path);
  for (const folder of ['tmp', 'valohai']) mkdirSync(join(root, folder), { recursive: true });
  then(root);
  const tar = join(dir, 'root.tar');
  spawnSync('tar', ['-C', root, '-cf', tar, '.']);
  return tar;
}

function works(kind: RuntimeKind, env: NodeJS.ProcessEnv): { ok: boolean; said: string } {
  const result = spawnSync(kind, ['run', '--rm', '--network', 'host', TEST_IMAGE, '/bin/sh', '-c', 'echo works'], { env, encoding: 'utf8', timeout: 60_000 });
  return { ok: result.stdout?.trim() === 'works', said: (result.stderr ?? '').trim().split('\n').at(-1) ?? '' };
}

/**
 * The runtime, and the environment it needs here. Podman in a VM whose cgroups are half v1, half
 * v2 (as on this project's CI machines) needs runc, cgroupfs and no default ulimits: a
 * containers.conf of the test's own says so when the plain run fails.
 */
export function containerSetup(): ContainerSetup {
  if (process.platform !== 'linux') return { ok: false, why: 'the image is built from this machine’s Linux binaries' };
  const found = detectRuntimeNow();
  if (!found.ok) return { ok: false, why: found.why };
  const kind = found.runtime.kind;
  // Made once: the runtime keeps it (made again each time, the old ones would pile up untagged).
  if (spawnSync(kind, ['image', 'inspect', TEST_IMAGE], { stdio: 'ignore' }).status !== 0) {
    const tar = rootfsTar();
    const imported = spawnSync(kind, ['import', tar, TEST_IMAGE], { encoding: 'utf8', timeout: 120_000 });
    rmSync(dirname(tar), { recursive: true, force: true });
    if (imported.status !== 0) return { ok: false, why: `${kind} import failed: ${(imported.stderr ?? '').trim()}` };
  }
  const plain = works(kind, process.env);
  if (plain.ok) return { ok: true, kind, env: {} };
  if (kind === 'podman') {
    const folder = mkdtempSync(join(tmpdir(), 'pipewright-podman-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const conf = join(folder, 'containers.conf');
    writeFileSync(conf, '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n');
    const env = { CONTAINERS_CONF: conf, PIPEWRIGHT_CONTAINER_RUNTIME: 'podman' };
    const tuned = works(kind, { ...process.env, ...env });
    if (tuned.ok) return { ok: true, kind, env };
    return { ok: false, why: `podman cannot run a container here: ${plain.said}; with runc and cgroupfs: ${tuned.said}` };
  }
  return { ok: false, why: `${kind} cannot run a container here: ${plain.said}` };
}

/**
 * PYTHON_IMAGE in the runtime `setup` found (made once; the runtime keeps it), or why it cannot be:
 * no python3 here. Its standard library is copied whole, its site-packages left out.
 */
export function pythonImage(setup: Extract<ContainerSetup, { ok: true }>): { ok: true } | { ok: false; why: string } {
  const env = { ...process.env, ...setup.env };
  if (spawnSync(setup.kind, ['image', 'inspect', PYTHON_IMAGE], { env, stdio: 'ignore' }).status === 0) return { ok: true };
  const asked = spawnSync('python3', ['-c', 'import sys, sysconfig; print(sys.executable); print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
  const [python, stdlib] = (asked.stdout ?? '').trim().split('\n');
  if (asked.status !== 0 || !python || !stdlib) return { ok: false, why: 'no python3 here to make an image of' };
  const binary = realpathSync(python);
  const tar = rootfsTar([...TOOLS, binary], (root) => {
    cpSync(stdlib, join(root, stdlib), { recursive: true, filter: (src) => !/(site|dist)-packages|__pycache__/.test(src) });
    // Its compiled modules' own libraries (zlib's libz, say), which the interpreter's list leaves out.
    const dynload = join(stdlib, 'lib-dynload');
    const modules = existsSync(dynload) ? readdirSync(dynload).filter((f) => f.endsWith('.so')) : [];
    for (const library of new Set(modules.flatMap((m) => libraries(join(dynload, m))))) place(root, library);
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    for (const name of ['python3', 'python']) if (!existsSync(join(root, 'usr/bin', name))) symlinkSync(binary, join(root, 'usr/bin', name));
  });
  const imported = spawnSync(setup.kind, ['import', tar, PYTHON_IMAGE], { env, encoding: 'utf8', timeout: 120_000 });
  rmSync(dirname(tar), { recursive: true, force: true });
  return imported.status === 0 ? { ok: true } : { ok: false, why: `${setup.kind} import failed: ${(imported.stderr ?? '').trim()}` };
}
