import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layer table of DESIGN.md is enforced by lint; a planted import must fail `npm test`. */
describe('layer rules', () => {
  const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
  const errorsFor = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
  };

  it("fails a shared/ file that imports 'node:fs'", async () => {
    expect(await errorsFor('shared/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([
      expect.stringContaining('shared/ is the pure model') as unknown,
    ]);
  });

  it('fails a runner file that imports electron', async () => {
    expect(await errorsFor('electron/runner/planted.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([
      expect.stringContaining('never imports electron') as unknown,
    ]);
  });

  it('fails a renderer file that reaches into the runner', async () => {
    expect(await errorsFor('renderer/src/planted.ts', "import { readLayoutFile } from '../../electron/runner/layout-file.ts';\nexport const x = readLayoutFile;\n")).toHaveLength(1);
  });

  it('lets the preload import shared/ types only', async () => {
    expect(await errorsFor('electron/preload/planted.ts', "import type { ProjectSnapshot } from '../../shared/api/contract.ts';\nexport type X = ProjectSnapshot;\n")).toEqual([]);
    expect(await errorsFor('electron/preload/planted.ts', "import { API_EVENTS_PATH } from '../../shared/api/contract.ts';\nexport const x = API_EVENTS_PATH;\n")).toHaveLength(1);
  });

  it('passes shared/ importing the pure yaml package', async () => {
    expect(await errorsFor('shared/planted.ts', "import { parseDocument } from 'yaml';\nexport const x = parseDocument;\n")).toEqual([]);
  });
});
