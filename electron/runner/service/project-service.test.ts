import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../shared/api/contract.ts';
import { cli, makeProject, step } from '../../../test-support/runner.ts';
import { ProjectService } from './project-service.ts';

const REASON = 'the editor was closed while the run went on; resume continues it';

function project(command: string): string {
  return makeProject(`${step('s', command)}- pipeline:
    name: p
    nodes:
      - {name: first, type: execution, step: s}
      - {name: gate, type: execution, step: s, actions: [{when: node-starting, then: require-approval}]}
    edges:
      - [first.output.*, gate.input.x]
`);
}

/** Starts the pipeline in an editor's service and waits for `until`. */
async function startUntil(dir: string, until: (e: ApiEvent) => boolean): Promise<ProjectService> {
  const service = new ProjectService(dir);
  const reached = new Promise<void>((done) => service.subscribe((e) => until(e) && done()));
  expect(await service.handle('run.start', { pipeline: 'p', parameters: {} })).toMatchObject({ ok: true, result: { runId: '1' } });
  await reached;
  return service;
}

const shown = (dir: string) => JSON.parse(cli(['show', '1', '--json'], dir).out) as { status: string; error: string; nodes: { name: string; status: string }[] };

describe('the editor closing', () => {
  it('leaves a run waiting for an approval as interrupted with the approval still pending: approving it in the editor opened again finishes it', async () => {
    const dir = project('echo done');
    const service = await startUntil(dir, (e) => e.kind === 'run' && e.event.type === 'node:awaiting-approval');
    service.close();
    await expect.poll(() => shown(dir)).toMatchObject({ status: 'interrupted', error: REASON });
    expect(shown(dir).nodes.find((n) => n.name === 'gate')?.status).toBe('awaiting-approval');
    // The editor opened again: approving there continues the run at once.
    const reopened = new ProjectService(dir);
    try {
      const finished = new Promise<unknown>((done) => reopened.subscribe((e) => e.kind === 'run' && e.event.type === 'run:finish' && done(e.event)));
      expect(await reopened.handle('run.decide', { runId: '1', node: 'gate', decision: 'approved', comment: '' })).toEqual({ ok: true, result: {} });
      expect(await finished).toMatchObject({ runId: '1', status: 'succeeded' });
      expect(cli(['logs', '1', 'gate'], dir).out).toBe('done\n');
    } finally {
      reopened.close();
    }
  });

  it('stops a run whose steps are running, saying the editor closed rather than that someone cancelled it', async () => {
    const dir = project('sleep 30');
    const service = await startUntil(dir, (e) => e.kind === 'run' && e.event.type === 'execution:start');
    const finished = new Promise<void>((done) => service.subscribe((e) => e.kind === 'run' && e.event.type === 'run:finish' && done()));
    service.close();
    await finished;
    expect(shown(dir)).toMatchObject({ status: 'cancelled', error: REASON });
  });
});

describe('a project that has never run', () => {
  it('opens in the editor without writing .pipewright/, and its first run shows in the list', async () => {
    const dir = project('echo done');
    const service = new ProjectService(dir);
    try {
      expect(await service.handle('project.open', {})).toMatchObject({ ok: true });
      expect(await service.handle('runs.list', { limit: 50 })).toEqual({ ok: true, result: { runs: [] } });
      expect(existsSync(join(dir, '.pipewright'))).toBe(false);
      const waiting = new Promise<void>((done) => service.subscribe((e) => e.kind === 'run' && e.event.type === 'node:awaiting-approval' && done()));
      expect(await service.handle('run.start', { pipeline: 'p', parameters: {} })).toMatchObject({ ok: true, result: { runId: '1' } });
      await waiting;
      expect(await service.handle('runs.list', { limit: 50 })).toMatchObject({ ok: true, result: { runs: [{ id: '1', pipeline: 'p' }] } });
    } finally {
      service.close();
    }
  });
});

describe('a valohai.yaml that is a symbolic link', () => {
  it("is saved through, staying a link, with its file's permissions; a change made to the file it leads to is heard", async () => {
    const dir = project('echo done');
    mkdirSync(join(dir, 'config'));
    renameSync(join(dir, 'valohai.yaml'), join(dir, 'config', 'pipeline.yaml'));
    symlinkSync(join('config', 'pipeline.yaml'), join(dir, 'valohai.yaml'));
    chmodSync(join(dir, 'config', 'pipeline.yaml'), 0o640);
    const service = new ProjectService(dir);
    const changed = new Promise<void>((done) => service.subscribe((e) => e.kind === 'project-changed' && done()));
    try {
      const opened = await service.handle('project.open', {});
      if (!opened.ok) throw new Error('not opened');
      const { text, version } = opened.result as { text: string; version: string };
      expect(await service.handle('project.save', { text: `${text}# saved\n`, baseVersion: version })).toMatchObject({ ok: true, result: { saved: true } });
      expect(lstatSync(join(dir, 'valohai.yaml')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(dir, 'config', 'pipeline.yaml'), 'utf8')).toBe(`${text}# saved\n`);
      expect(statSync(join(dir, 'config', 'pipeline.yaml')).mode & 0o777).toBe(0o640);
      // Another program edits the file itself (in its own folder): the editor hears of it.
      writeFileSync(join(dir, 'config', 'pipeline.yaml'), `${text}# changed elsewhere\n`);
      await changed;
    } finally {
      service.close();
    }
  });
});

describe("the editor's plan of a run (run.plan)", () => {
  it('says what run.start with the same choices would do, and refuses as it would, starting nothing', async () => {
    const dir = project('echo done');
    const service = new ProjectService(dir);
    try {
      const planned = await service.handle('run.plan', { pipeline: 'p', parameters: {} });
      expect(planned).toMatchObject({ ok: true, result: { nodes: [{ node: 'first', fate: 'run' }, { node: 'gate', fate: 'run', actions: ['waits for approval before it starts'] }] } });
      expect(await service.handle('run.plan', { pipeline: 'nope', parameters: {} })).toMatchObject({ ok: false, error: { code: 'not-found', error: expect.stringContaining('no pipeline named "nope"') } });
      expect(await service.handle('run.plan', { pipeline: 'p', parameters: { nope: '1' } })).toMatchObject({ ok: false, error: { code: expect.any(String), error: expect.stringContaining('nope') } });
      expect(existsSync(join(dir, '.pipewright/executions'))).toBe(false);
    } finally {
      service.close();
    }
  });
});

describe('naming files of this machine from the editor (data.add)', () => {
  it('names them as pipewright data add does; one that failed, resumed from the editor, leaves no names file behind', async () => {
    const dir = makeProject(step('use', 'cat "$VH_INPUTS_DIR/labels/labels.csv"'), { 'local/labels.csv': 'a,b\n', 'bin/cp': '#!/bin/sh\n[ -e "$FAILED_ONCE" ] && exec /bin/cp "$@"\ntouch "$FAILED_ONCE"; echo "cp: no space left" >&2; exit 1\n' });
    chmodSync(join(dir, 'bin/cp'), 0o755);
    const leftovers = (): string[] => readdirSync(join(dir, '.pipewright')).filter((name) => name.startsWith('data-add-'));
    const service = new ProjectService(dir);
    // (A cp that fails once, as a full disk would: runs take this process's environment.)
    const saved = { PATH: process.env['PATH'], FAILED_ONCE: process.env['FAILED_ONCE'] };
    process.env['PATH'] = `${join(dir, 'bin')}:${saved.PATH ?? ''}`;
    process.env['FAILED_ONCE'] = join(dir, 'failed-once');
    try {
      expect(await service.handle('data.add', { name: 'dataset://labels', paths: ['local/labels.csv'] })).toMatchObject({ ok: false, error: { code: 'refused', error: expect.stringContaining('is not dataset://NAME/VERSION') as unknown } });
      const failed = await service.handle('data.add', { name: 'datum://labels', paths: ['local/labels.csv'] });
      expect(failed).toMatchObject({ ok: true, result: { status: 'failed', named: [] } });
      expect(leftovers()).toHaveLength(1);
      for (const name of leftovers()) utimesSync(join(dir, '.pipewright', name), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
      const runId = failed.ok ? (failed.result as { runId: string }).runId : '';
      expect(await service.handle('run.resume', { runId })).toMatchObject({ ok: true });
      await expect.poll(() => (JSON.parse(cli(['show', runId, '--json'], dir).out) as { status: string }).status, { timeout: 30_000 }).toBe('succeeded');
      await expect.poll(leftovers).toEqual([]);
      // A folder's files, named at once: what the answer says is what later runs take.
      expect(await service.handle('data.add', { name: 'dataset://tables/v1', paths: [join(dir, 'local')] })).toMatchObject({ ok: true, result: { status: 'succeeded', named: ['dataset://tables/v1: local/labels.csv of add'] } });
      expect(await service.handle('data.list', {})).toMatchObject({ ok: true, result: { names: expect.arrayContaining([expect.objectContaining({ url: 'datum://labels' })]) as unknown } });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      service.close();
    }
  });
});

