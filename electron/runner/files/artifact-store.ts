/**
 * The content-addressed store of finished outputs: `.pipewright/artifacts/sha256/ab/cdef…`, each
 * a hard link to an output file (no bytes copied), so identical outputs are stored once, a cache
 * key can name an input by its content, and inputs.json can carry checksums as Valohai's does.
 */
import { existsSync } from 'node:fs';
import { chmod, link, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { linkOrClone, sha256File, type ListedFile } from './file-ops.ts';

export function artifactPath(stateDir: string, sha256: string): string {
  return join(stateDir, 'artifacts', 'sha256', sha256.slice(0, 2), sha256.slice(2));
}

/**
 * Hashes each output and files it in the store; returns the files with their hashes. Each file
 * is then made read-only: the output, its stored copy and every input that will receive it are
 * one inode, so a step that wrote into its input in place would change the upstream's output and
 * the cache under everyone's feet. It gets "Permission denied" instead (as DVC protects its
 * linked cache), and copies the file first if it means to change it.
 */
export async function storeOutputs(stateDir: string, outputsDir: string, files: readonly ListedFile[]): Promise<(ListedFile & { sha256: string })[]> {
  const stored: (ListedFile & { sha256: string })[] = [];
  for (const file of files) {
    const source = join(outputsDir, file.path);
    const sha256 = await sha256File(source);
    const target = artifactPath(stateDir, sha256);
    if (!existsSync(target)) {
      await mkdir(join(target, '..'), { recursive: true });
      await link(source, target).catch(() => linkOrClone(source, target));
    }
    for (const path of [source, target]) {
      const { mode } = await stat(path);
      if ((mode & 0o222) !== 0) await chmod(path, mode & 0o7555);
    }
    stored.push({ ...file, sha256 });
  }
  return stored;
}
