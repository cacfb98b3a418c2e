/** Reads and writes `.pipewright/layout.json` in a project; git-ignores `.pipewright/` itself. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EMPTY_LAYOUT, LAYOUT_FILE, parseLayout, serializeLayout, type Layout, type LayoutRead } from '../../shared/layout.ts';

export async function readLayoutFile(projectDir: string): Promise<LayoutRead> {
  let text: string;
  try {
    text = await readFile(join(projectDir, LAYOUT_FILE), 'utf8');
  } catch {
    return { ok: true, layout: EMPTY_LAYOUT };
  }
  return parseLayout(text);
}

/** Writes atomically (temp file + rename), so a crash never leaves half a layout. */
export async function writeLayoutFile(projectDir: string, layout: Layout): Promise<void> {
  const file = join(projectDir, LAYOUT_FILE);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(join(dirname(file), '.gitignore'), '# Pipewright state: runs, logs, artifacts, layout\n*\n');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, serializeLayout(layout));
  await rename(temp, file);
}
