import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject, run } from '../../test-support/runner.ts';
import { artifactPath } from './files/artifact-store.ts';
import { pruneRuns } from './prune.ts';
import { openStore } from './stored-runs.ts';

const PROJECT = `
- step:
    name: make
    image: x
    command: 'echo made-{parameter-value:n} > $VH_OUTPUTS_DIR/out.txt; echo log of {parameter-value:n}'
    parameters: [{name: n, type: integer, default: 1}]
- step: {name: slow, image: x, command: sleep 30}
- pipeline:
    name: p
    parameters: [{name: n, target: make.parameters.n, default: 1}]
    nodes: [{name: make, type: execution, step: make}]
    edges: []
- pipeline:
    name: other
    nodes: [{name: make, type: execution, step: make}]
    edges: []
- pipeline:
    name: long
    nodes: [{name: s, type: execution, step: slow}]
    edges: []
`;

const given = (n: number) => ({ planOptions: { pipelineParams: { n: [String(n)] }, nodeParams: {} } });

function stored(dir: string, runId: string): { folders: string[]; logs: string[]; artifacts: string[] } {
  const executions = openStore(dir).getExecutions(runId);
  const outputs = executions.flatMap((e) => openStore(dir).getOutputs(e.id).flatMap((o) => (o.sha256 ? [o.sha256] : [])));
  return {
    folders: executions.map((e) => e.dir),
    logs: executions.map((e) => join(dir, '.pipewright', 'logs', `${e.id}.log`)),
    artifacts: outputs.map((sha) => artifactPath(join(dir, '.pipewright'), sha)),
  };
}

describe('pipewright prune', () => {
  it("removes all but the newest runs of each pipeline: their records, folders, logs and the stored outputs no one else has", async () => {
    const dir = makeProject(PROJECT);
    const oldest = await run(dir, 'p', given(1));
    const older = await run(dir, 'p', given(2));
    const newest = await run(dir, 'p', given(3));
    const lone = await run(dir, 'other'); // the newest of its own pipeline: it stays
    const gone = [stored(dir, oldest.runId), stored(dir, older.runId)];
    const staying = stored(dir, newest.runId);
    for (const files of [...gone, staying]) for (const path of [...files.folders, ...files.logs, ...files.artifacts]) expect(existsSync(path), path).toBe(true);

    expect(pruneRuns({ projectDir: dir, keep: 1, dryRun: true })).toEqual({ pruned: [oldest.runId, older.runId], kept: [], freedBytes: 0, downloadsBytes: 0 });
    for (const path of gone[0]?.folders ?? []) expect(existsSync(path)).toBe(true); // a dry run removes nothing

    const result = pruneRuns({ projectDir: dir, keep: 1, dryRun: false });
    expect(result.pruned).toEqual([oldest.runId, older.runId]);
    expect(openStore(dir).listRuns().map((r) => r.id)).toEqual([lone.runId, newest.runId]);
    for (const files of gone) for (const path of [...files.folders, ...files.logs]) expect(existsSync(path), path).toBe(false);
    // make's output of run 1 ("made-1") is also run "other"'s: that stored copy stays, run 2's goes.
    expect(existsSync(gone[0]?.artifacts[0] ?? '')).toBe(true);
    expect(existsSync(gone[1]?.artifacts[0] ?? '')).toBe(false);
    for (const path of [...staying.folders, ...staying.logs, ...staying.artifacts]) expect(existsSync(path), path).toBe(true);
    expect(cli(['logs', newest.runId, 'make'], dir).out).toBe('log of 3\n');
    expect(cli(['show', oldest.runId], dir).code).toBe(2);
    expect(readdirSync(join(dir, '.pipewright', 'executions'))).toHaveLength(2);
  });

  it("removes the code listings (kept for plan's \"which files changed\") that no kept run's cache keys name", async () => {
    const dir = makeProject(PROJECT, { 'code.py': 'v1' });
    await run(dir, 'p', { ...given(1), cache: true });
    writeFileSync(join(dir, 'code.py'), 'v2, longer');
    await run(dir, 'p', { ...given(2), cache: true });
    const listings = (): number => readdirSync(join(dir, '.pipewright', 'code')).length;
    expect(listings()).toBe(2);
    pruneRuns({ projectDir: dir, keep: 1, dryRun: false });
    expect(listings()).toBe(1);
    expect(cli(['plan', '--pipeline', 'p', '--cache', '--param', 'n=2'], dir).out).toMatch(/make: reuse/);
  });

  it('keeps a run whose results a kept run reuses, and says so', async () => {
    const dir = makeProject(PROJECT);
    const first = await run(dir, 'p', given(1));
    const second = await run(dir, 'p', { ...given(1), reuse: `${first.runId}:make` });
    expect(pruneRuns({ projectDir: dir, keep: 1, dryRun: false })).toMatchObject({ pruned: [], kept: [{ run: first.runId, why: `run ${second.runId} reuses its results` }] });
    expect(cli(['logs', second.runId, 'make'], dir).out).toBe('log of 1\n');
  });

  it('keeps a run whose output an unfinished run took as an input (its resume takes it again), until that run is done', async () => {
    const dir = makeProject(`${PROJECT}- step: {name: check, image: x, command: 'test -f ok && cat $VH_INPUTS_DIR/m/out.txt', inputs: [{name: m}]}\n`);
    const first = await run(dir, 'p', given(1));
    await run(dir, 'p', given(2));
    const address = `pipewright://${first.runId}/make/${first.runId}.1/outputs/out.txt`;
    expect(cli(['run', '--step', 'check', '--input', `m=${address}`], dir).code).toBe(1);
    expect(pruneRuns({ projectDir: dir, keep: 1, dryRun: true })).toMatchObject({ pruned: [], kept: [{ run: first.runId, why: 'run 3, which may be resumed, takes its outputs as inputs' }] });
    writeFileSync(join(dir, 'ok'), '');
    expect(cli(['resume', '3'], dir).code).toBe(0);
    expect(cli(['logs', '3'], dir).out).toContain('made-1'); // the pinned file, taken again
    expect(pruneRuns({ projectDir: dir, keep: 1, dryRun: true })).toMatchObject({ pruned: [first.runId], kept: [] });
  });

  it('takes --older-than in days, and removes nothing while a run is running', async () => {
    const dir = makeProject(PROJECT);
    const done = await run(dir, 'p');
    const day = 24 * 60 * 60 * 1000;
    expect(pruneRuns({ projectDir: dir, olderThanDays: 1, dryRun: true }).pruned).toEqual([]);
    expect(pruneRuns({ projectDir: dir, olderThanDays: 1, dryRun: true, now: Date.now() + 2 * day }).pruned).toEqual([done.runId]);
    let cancel = (): void => undefined;
    const long = run(dir, 'long', { onStarted: (r) => (cancel = r.cancel) });
    await new Promise((r) => setTimeout(r, 300));
    expect(() => pruneRuns({ projectDir: dir, keep: 0, dryRun: false })).toThrow(/is running: prune when no run of this project is/);
    cancel();
    await long;
    expect(pruneRuns({ projectDir: dir, keep: 0, dryRun: false }).pruned).toHaveLength(2);
  });

  it('says what it needs on the command line (exit 2), and what it did', async () => {
    const dir = makeProject(PROJECT);
    expect(cli(['prune'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('say what goes: --keep N') as unknown });
    expect(cli(['prune', '--keep', 'two'], dir)).toMatchObject({ code: 2, err: 'pipewright prune: --keep must be a whole number of at least 0 (got "two")\n' });
    await run(dir, 'p');
    await run(dir, 'p');
    expect(cli(['prune', '--keep', '1', '--dry-run'], dir).out).toBe('would remove 1 run (1); nothing removed (--dry-run)\n');
    expect(cli(['prune', '--keep', '1'], dir).out).toMatch(/^removed 1 run \(1\), \d+\.\d MiB freed\n$/);
    expect(JSON.parse(cli(['prune', '--keep', '0', '--json'], dir).out)).toMatchObject({ pruned: ['2'], kept: [], dryRun: false });
  });
});
