import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { cli, cliAsync, logText, makeProject, nodeStatuses, processesWith, resume, run } from '../../test-support/runner.ts';
import { openStore } from './stored-runs.ts';
import { RunStore } from './store/run-store.ts';

const steps = `
- step:
    name: score
    image: x
    command: printf '{"acc"':' %s}\\n' {parameter-value:acc}
    parameters: [{name: acc, type: float, default: 0.5}]
- step: {name: after, image: x, command: echo after}
- step: {name: fail, image: x, command: 'echo failing; exit 3'}
`;

const pipeline = (nodes: string, edges: string) => `${steps}- pipeline:\n    name: p\n    nodes:\n${nodes}    edges:\n${edges}`;

const finishes = (events: readonly RunEvent[]) => Object.fromEntries(events.flatMap((e) => (e.type === 'node:finish' ? [[e.node, e.status]] : [])));

describe('actions', () => {
  it("reads a loss Python printed as NaN or Infinity as that number: a diverged training can stop the pipeline", async () => {
    const diverge = `- step:\n    name: train\n    image: x\n    command: |\n      python3 -c "import json; print(json.dumps({'loss': float('nan'), 'epoch': 1})); print(json.dumps({'loss': float('inf'), 'epoch': 2}))"\n`;
    const yaml = `${diverge}- step: {name: after, image: x, command: echo after}\n- pipeline:\n    name: p\n    nodes:\n      - {name: t, type: execution, step: train, actions: [{when: node-complete, if: metadata.loss > 100, then: stop-pipeline}]}\n      - {name: next, type: execution, step: after}\n    edges: [[t.dependency.x, next.dependency.x]]\n`;
    const dir = makeProject(yaml);
    const result = await run(dir, 'p');
    expect(result.status).toBe('stopped');
    expect(finishes(result.events)).toEqual({ t: 'succeeded', next: 'skipped' });
    expect(result.events.filter((e) => e.type === 'node:metadata').map((e) => e.type === 'node:metadata' && e.values)).toEqual([
      { loss: 'NaN', epoch: 1 },
      { loss: 'Infinity', epoch: 2 },
    ]);
    expect(cli(['show', result.runId], dir).out).toMatch(/loss="Infinity" epoch=2/);
  });

  it('stops the pipeline when a node-complete condition on metadata holds', async () => {
    const yaml = pipeline(
      `      - name: s\n        type: execution\n        step: score\n        actions: [{when: node-complete, if: metadata.acc < 0.6, then: stop-pipeline}]\n      - {name: next, type: execution, step: after}\n`,
      '      - [s.dependency.x, next.dependency.x]\n',
    );
    const low = await run(makeProject(yaml), 'p');
    expect(low.status).toBe('stopped');
    expect(finishes(low.events)).toEqual({ s: 'succeeded', next: 'skipped' });
    // The run says which condition held, on what value.
    expect(low.events.find((e) => e.type === 'run:finish')).toMatchObject({ error: 'node "s" stopped the pipeline (its action\'s condition held: metadata.acc < 0.6, with metadata.acc = 0.5)' });
    const high = await run(makeProject(yaml), 'p', { planOptions: { pipelineParams: {}, nodeParams: { s: { acc: ['0.9'] } } } });
    expect(high.status).toBe('succeeded');
  });

  it('fails the pipeline with error-pipeline, and evaluates parameter conditions at node-starting', async () => {
    const yaml = pipeline(`      - name: s\n        type: execution\n        step: score\n        actions: [{when: node-starting, if: "parameter.acc > 0.4", then: error-pipeline}]\n`, '      []\n');
    const result = await run(makeProject(yaml), 'p');
    expect(result.status).toBe('failed');
    expect(result.events.some((e) => e.type === 'execution:start')).toBe(false);
    expect(result.events.find((e) => e.type === 'run:finish')).toMatchObject({ error: 'node "s" ended the pipeline as an error before starting (parameter.acc > 0.4, with parameter.acc = 0.5)' });
  });

  it('warns when a condition names metadata the node never printed', async () => {
    const yaml = pipeline(`      - name: s\n        type: execution\n        step: score\n        actions: [{when: node-complete, if: metadata.accuracy < 0.6, then: stop-pipeline}]\n`, '      []\n');
    const result = await run(makeProject(yaml), 'p');
    expect(result.status).toBe('succeeded');
    expect(result.events.find((e) => e.type === 'run:warning')).toMatchObject({ message: expect.stringContaining('"metadata.accuracy" has no value') as unknown });
  });
});

describe('approval', () => {
  const gated = pipeline(
    `      - {name: s, type: execution, step: score}\n      - name: gate\n        type: execution\n        step: after\n        actions: [{when: node-starting, then: require-approval}]\n`,
    '      - [s.dependency.x, gate.dependency.x]\n',
  );

  it('waits for approval, which another process gives, and records who, when and why', async () => {
    const dir = makeProject(gated);
    const result = await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type === 'node:awaiting-approval') {
          expect(nodeStatuses(dir, e.runId)['gate']).toBe('awaiting-approval');
          setTimeout(() => expect(cli(['approve', e.runId, 'gate', '--comment', 'ship it', '--by', 'ada'], dir).code).toBe(0), 10);
        }
      },
    });
    expect(result.status).toBe('succeeded');
    expect(logText(result.events, 'gate')).toBe('after');
    const approval = openStore(dir).getApproval(result.runId, 'gate');
    expect(approval).toMatchObject({ status: 'approved', decidedBy: 'ada', comment: 'ship it' });
    expect(approval?.decidedAt).toBeGreaterThan(approval?.requestedAt ?? Infinity);
  });

  it('approve without NODE approves the one node waiting; with none waiting, says so', async () => {
    const dir = makeProject(gated);
    let said = '';
    const result = await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type === 'node:awaiting-approval') setTimeout(() => (said = cli(['approve', 'latest'], dir).err), 10);
      },
    });
    expect(result.status).toBe('succeeded');
    expect(said).toMatch(new RegExp(`^gate of run ${result.runId} approved by .+\n$`));
    expect(cli(['approve', result.runId], dir)).toMatchObject({ code: 1, err: `pipewright approve: no node of run ${result.runId} is waiting for approval\n` });
  });

  it('asks once per gate: a node gated before it starts and after it finishes waits twice', async () => {
    const dir = makeProject(
      pipeline(
        `      - name: gate\n        type: execution\n        step: after\n        actions: [{when: node-starting, then: require-approval}, {when: node-complete, then: require-approval}]\n`,
        '      []\n',
      ),
    );
    let asked = 0;
    const result = await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type === 'node:awaiting-approval') setTimeout(() => cli(['approve', e.runId, 'gate', '-m', `yes ${(asked += 1)}`], dir), 10);
      },
    });
    expect(result.status).toBe('succeeded');
    const order = result.events.flatMap((e) => (e.type === 'node:awaiting-approval' ? ['asked'] : e.type === 'execution:start' ? ['ran'] : e.type === 'node:approval' ? [e.comment] : []));
    expect(order).toEqual(['asked', 'yes 1', 'ran', 'asked', 'yes 2']);
  });

  it('stops the run when the approval is rejected', async () => {
    const dir = makeProject(gated);
    const result = await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type === 'node:awaiting-approval') setTimeout(() => cli(['reject', e.runId, 'gate', '-m', 'not yet'], dir), 10);
      },
    });
    expect(result.status).toBe('stopped');
    expect(finishes(result.events)['gate']).toBe('stopped');
    expect(result.events.some((e) => e.type === 'execution:start' && e.node === 'gate')).toBe(false);
    expect(cli(['approve', result.runId, 'gate'], dir)).toMatchObject({ code: 1, err: expect.stringMatching(new RegExp(`already rejected by .+ \\(pipewright resume ${result.runId} asks again\\)`)) as unknown });
    // Resuming the stopped run asks again, rather than stopping at once on the old "no".
    const resumed = await resume(dir, result.runId, {
      onEvent: (e) => {
        if (e.type === 'node:awaiting-approval') setTimeout(() => cli(['approve', e.runId, 'gate', '-m', 'now'], dir), 10);
      },
    });
    expect(resumed.status).toBe('succeeded');
    expect(resumed.events.filter((e) => e.type === 'node:approval').map((e) => e.type === 'node:approval' && [e.decision, e.comment])).toEqual([['approved', 'now']]);
  });

  it('survives the runner: a decision given while no runner runs is honoured by resume', async () => {
    const dir = makeProject(gated);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    let output = '';
    const runId = await new Promise<string>((resolve) => {
      runner.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const waiting = output.split('\n').find((line) => line.includes('"node:awaiting-approval"'));
        if (waiting) resolve((JSON.parse(waiting) as { runId: string }).runId);
      });
    });
    runner.kill('SIGKILL');
    await new Promise((resolve) => runner.on('exit', resolve));
    expect(cli(['show', runId, '--json'], dir).out).toContain('"awaiting-approval"');
    // "latest" names the newest run for every verb; what is printed names the run itself.
    expect(cli(['approve', 'latest', 'gate', '--by', 'grace'], dir)).toMatchObject({ code: 0, err: `gate of run ${runId} approved by grace; run ${runId} is interrupted, so it goes on only once resumed: pipewright resume ${runId}\n` });
    const resumed = cli(['resume', 'latest'], dir);
    expect(resumed.code).toBe(0);
    expect(nodeStatuses(dir, runId)).toEqual({ s: 'succeeded', gate: 'succeeded' });
    expect(openStore(dir).getApproval(runId, 'gate')).toMatchObject({ status: 'approved', decidedBy: 'grace' });
  });

  it('a CLI run sent SIGTERM while it waits for an approval is left waiting (exit 130, interrupted), not cancelled: approve, then resume', async () => {
    const dir = makeProject(gated);
    const runner = cliAsync(['run', '--pipeline', 'p', '--json'], dir);
    let output = '';
    await new Promise<void>((waiting) => {
      runner.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"node:awaiting-approval"')) waiting();
      });
    });
    const exited = new Promise<number | null>((done) => runner.once('exit', done));
    runner.kill('SIGTERM');
    expect(await exited).toBe(130);
    const shown = JSON.parse(cli(['show', '1', '--json'], dir).out) as { status: string; error: string };
    expect(shown).toMatchObject({ status: 'interrupted', error: 'the runner got SIGTERM; resume continues the run' });
    expect(cli(['approve', '1', 'gate'], dir).code).toBe(0);
    expect(cli(['resume', '1'], dir).code).toBe(0);
    expect(nodeStatuses(dir, '1')).toEqual({ s: 'succeeded', gate: 'succeeded' });
  });
});

describe('on-error', () => {
  it('continue: downstream runs as if nothing failed; stop-next: skips only its downstream', async () => {
    const yaml = pipeline(
      `      - {name: f1, type: execution, step: fail, on-error: continue}\n      - {name: d1, type: execution, step: after}\n      - {name: f2, type: execution, step: fail, on-error: stop-next}\n      - {name: d2, type: execution, step: after}\n      - {name: other, type: execution, step: after}\n`,
      '      - [f1.dependency.x, d1.dependency.x]\n      - [f2.dependency.x, d2.dependency.x]\n',
    );
    const result = await run(makeProject(yaml), 'p');
    expect(finishes(result.events)).toEqual({ f1: 'failed', d1: 'succeeded', f2: 'failed', d2: 'skipped', other: 'succeeded' });
    expect(result.status).toBe('failed');
  });

  it('stop-all (the default) stops every other branch, which name the failed node (its error is said once)', async () => {
    const yaml = `${steps}- step: {name: long, image: x, command: sleep 20}\n- pipeline:\n    name: p\n    nodes:\n      - {name: f, type: execution, step: fail}\n      - {name: slow, type: execution, step: long}\n      - {name: next, type: execution, step: after}\n    edges: [[f.dependency.x, next.dependency.x]]\n`;
    const started = Date.now();
    const result = await run(makeProject(yaml), 'p', { jobs: 2 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(finishes(result.events)).toEqual({ f: 'failed', slow: 'cancelled', next: 'skipped' });
    const reasons = Object.fromEntries(result.events.flatMap((e) => (e.type === 'node:finish' ? [[e.node, e.error]] : [])));
    expect(reasons).toEqual({ f: 'exit code 3', slow: 'node "f" failed', next: 'node "f" failed' });
    expect(result.events.find((e) => e.type === 'run:finish')).toMatchObject({ status: 'failed', error: 'node "f" failed: exit code 3' });
  });

  it('retry: runs a failed node once more', async () => {
    const dir = makeProject(`
- step: {name: flaky, image: x, command: 'if [ -e tried ]; then echo ok; else touch tried; exit 1; fi'}
- pipeline:
    name: p
    nodes: [{name: f, type: execution, step: flaky, on-error: retry}]
    edges: []
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(openStore(dir).getExecutions(result.runId).map((e) => [e.attempt, e.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
  });

  it('retry of a task runs again only the children that failed', async () => {
    const dir = makeProject(`
- step:
    name: flaky
    image: x
    command: 'if [ {parameter-value:k} = 2 ] && [ ! -e tried ]; then touch tried; exit 1; fi; echo ok {parameter-value:k}'
    parameters: [{name: k, type: integer, default: 1}]
- task:
    name: sweep
    step: flaky
    # Its other children finish whatever one does (the default, stop-all-and-error, would stop a
    # child still running when child 2 fails, and the retry would rightly run that one again too).
    on-child-error: continue-and-error
    parameters: [{name: k, style: multiple, rules: {items: [1, 2, 3]}}]
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: sweep, on-error: retry}]
    edges: []
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const runs = openStore(dir)
      .getExecutions(result.runId)
      .map((e) => [JSON.parse(e.parametersJson).k as number, e.attempt, e.status])
      .sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
    expect(runs).toEqual([
      [1, 1, 'succeeded'],
      [2, 1, 'failed'],
      [2, 2, 'succeeded'],
      [3, 1, 'succeeded'],
    ]);
    // The retry's start says how many children it does not run again (the live table and the card count them done).
    expect(result.events.filter((e) => e.type === 'node:start').map((e) => (e.type === 'node:start' ? [e.children, e.done] : []))).toEqual([
      [3, undefined],
      [3, 2],
    ]);
  });
});

describe('stop-conditions', () => {
  it("stops a step early once its stop-condition holds on its metadata: finished, its outputs kept and passed on", async () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: 'for e in 1 2 3 4 5 6; do echo "weights $e" > $VH_OUTPUTS_DIR/model.txt; echo "{\\"epoch\\": $e}"; echo "{\\"loss\\": 0.$((6 - e))}"; sleep 0.2; done; sleep 30; echo finished'
    stop-condition: metadata.epoch >= 2 and loss < 0.3
- step: {name: use, image: x, command: 'cat $VH_INPUTS_DIR/model/model.txt', inputs: [{name: model}]}
- pipeline:
    name: p
    nodes: [{name: f, type: execution, step: fit}, {name: u, type: execution, step: use}]
    edges: [[f.output.model.txt, u.input.model]]
`);
    const started = Date.now();
    const result = await run(dir, 'p');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.status).toBe('succeeded');
    expect(finishes(result.events)).toEqual({ f: 'succeeded', u: 'succeeded' });
    expect(result.events.find((e) => e.type === 'run:warning')).toMatchObject({
      node: 'f',
      message: expect.stringMatching(/^execution \S+: its step's stop-condition `metadata\.epoch >= 2 and loss < 0\.3` held \(epoch=4, loss=0\.2\): stopped early, as on Valohai; it counts as finished and its outputs are kept$/) as unknown,
    });
    expect(logText(result.events, 'f')).not.toContain('finished');
    expect(logText(result.events, 'u')).toBe('weights 4');
  });

  it('says once when a stop-condition cannot be checked, and still stops once a later value meets it', async () => {
    const dir = makeProject(`
- step: {name: fit, image: x, command: 'echo "{\\"loss\\": \\"high\\"}"; echo "{\\"loss\\": \\"low\\"}"; echo finished; echo "{\\"loss\\": 0.05}"; sleep 30', stop-condition: loss < 0.1}
- pipeline: {name: p, nodes: [{name: f, type: execution, step: fit}], edges: []}
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const warnings = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(warnings).toEqual([
      expect.stringContaining('its stop-condition `loss < 0.1` could not be checked: cannot compare "high" < 0.1') as unknown,
      expect.stringContaining("its step's stop-condition `loss < 0.1` held (loss=0.05): stopped early") as unknown,
    ]);
    expect(logText(result.events, 'f')).toContain('finished');
  });

  it("a task's stop-condition, once a child's metadata meets it, starts no more children; the task succeeds", async () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: printf '{"k"':' %s}\\n' {parameter-value:k}
    parameters: [{name: k, type: integer, default: 0}]
- task: {name: many, step: fit, maximum-queued-executions: 1, stop-condition: k >= 2, parameters: [{name: k, style: multiple, rules: {items: [1, 2, 3, 4]}}]}
- step: {name: after, image: x, command: echo after}
- pipeline:
    name: p
    nodes: [{name: t, type: task, task: many}, {name: a, type: execution, step: after}]
    edges: [[t.dependency.x, a.dependency.x]]
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const ran = result.events.flatMap((e) => (e.type === 'execution:start' && e.node === 't' ? [(e.parameters as { k: number }).k] : []));
    expect(ran).toEqual([1, 2]);
    expect(finishes(result.events)).toEqual({ t: 'succeeded', a: 'succeeded' });
    expect(result.events.find((e) => e.type === 'run:warning')).toMatchObject({ message: 'node "t": its task\'s stop-condition `k >= 2` held (k=2): the 2 children not yet started will not run, as on Valohai' });
  });
});

describe('what a local run does not do', () => {
  it('says at the start that pip install in a command installs into this machine\'s Python, unless a virtual environment is active', async () => {
    const dir = makeProject(`
- step: {name: fit, image: python:3.12, command: [pip install --help >/dev/null || true, echo ran]}
- pipeline: {name: p, nodes: [{name: f, type: execution, step: fit}], edges: []}
`);
    const warnings = async (env: Record<string, string | undefined>) => {
      const saved = { VIRTUAL_ENV: process.env['VIRTUAL_ENV'], CONDA_PREFIX: process.env['CONDA_PREFIX'] };
      Object.assign(process.env, env);
      for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
      try {
        const result = await run(dir, 'p');
        return result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
      } finally {
        for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    expect(await warnings({ VIRTUAL_ENV: undefined, CONDA_PREFIX: undefined })).toEqual([expect.stringContaining('node "f": its command runs pip install, which here installs into this machine\'s Python') as unknown]);
    expect(await warnings({ VIRTUAL_ENV: '/some/venv', CONDA_PREFIX: undefined })).toEqual([]);
  });

  it('says before the start that apt-get install (yum, apk…) in a command changes this machine, not a container', () => {
    const dir = makeProject(`
- step: {name: fit, image: ubuntu, command: ['apt-get -qq update && apt-get install -y python3-pip', echo ran]}
- step: {name: other, image: ubuntu, command: echo apt is a word here}
- pipeline: {name: p, nodes: [{name: f, type: execution, step: fit}, {name: o, type: execution, step: other}], edges: []}
`);
    const said = cli(['plan', '--pipeline', 'p'], dir).err;
    expect(said).toBe(
      'warning: node "f": its command runs apt-get update, which on Valohai changes the step\'s container; here it changes this machine\'s own system (as root), or fails without root: install what the step needs once, by hand\n',
    );
  });

  it("says at the start that a step's mounts are not made (no container here) and its variable groups not known, and runs it", async () => {
    const dir = makeProject(`
- step:
    name: fit
    image: x
    command: echo ran
    mounts: [{source: /data, destination: /solodata}, /scratch:/scratch]
    environment-variable-groups: [aws-secrets]
- pipeline: {name: p, nodes: [{name: f, type: execution, step: fit}], edges: []}
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(result.events.filter((e) => e.type === 'run:warning')).toEqual([
      expect.objectContaining({ node: 'f', message: 'node "f": its mounts (/data → /solodata, /scratch) are not made here: its command runs on this machine, not in a container, so it reads /solodata, /scratch as this machine has them' }),
      expect.objectContaining({ node: 'f', message: 'node "f": its environment-variable-groups (aws-secrets) live in a Valohai project, not here: the variables they hold reach the step only if this shell has them set' }),
    ]);
  });
});

describe('a failure of Pipewright itself', () => {
  it('ends the run as failed, saying why, with its other branches stopped (it neither hangs nor crashes)', async () => {
    // The store failing under the engine (a full disk, say): here, reading a node's metadata for its action.
    const failing = vi.spyOn(RunStore.prototype, 'latestMetadata').mockImplementation(() => {
      throw new Error('disk I/O error');
    });
    try {
      const yaml = `${steps}- step: {name: long, image: x, command: sleep 20}\n- pipeline:\n    name: p\n    nodes:\n      - {name: s, type: execution, step: score, actions: [{when: node-complete, if: metadata.acc > 0.1, then: stop-pipeline}]}\n      - {name: slow, type: execution, step: long}\n    edges: []\n`;
      const started = Date.now();
      const result = await run(makeProject(yaml), 'p', { jobs: 2 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.status).toBe('failed');
      expect(result.events.find((e) => e.type === 'run:finish')).toMatchObject({ error: 'Pipewright failed: disk I/O error' });
      expect(finishes(result.events)).toMatchObject({ slow: 'cancelled' });
    } finally {
      failing.mockRestore();
    }
  });

  it('ends the run as failed when runs.db cannot grow (a full disk), says to free space and resume, and leaves no process', async () => {
    const marker = `pw-full-${process.pid}-${Date.now()}`;
    // SQLite's own "database or disk is full", for real: the run's connection may not grow the file.
    const enable = RunStore.prototype.enableBatching;
    const capped = vi.spyOn(RunStore.prototype, 'enableBatching').mockImplementation(function (this: RunStore) {
      const { page_count: pages } = this.db.prepare('PRAGMA page_count').get() as { page_count: number };
      this.db.exec(`PRAGMA max_page_count = ${pages + 2}`);
      enable.call(this);
    });
    try {
      const chatty = `- step: {name: chatty, image: x, command: 'for i in $(seq 1 3000); do echo "{\\"i\\": $i, \\"pad\\": \\"${'x'.repeat(200)}\\"}"; done; sleep 30 # ${marker}'}\n`;
      const started = Date.now();
      const result = await run(makeProject(`${chatty}- step: {name: long, image: x, command: 'sleep 30 # ${marker}'}\n- pipeline:\n    name: p\n    nodes: [{name: c, type: execution, step: chatty}, {name: l, type: execution, step: long}]\n    edges: []\n`), 'p', { jobs: 2 });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.status).toBe('failed');
      const end = result.events.filter((e) => e.type === 'run:finish');
      expect(end).toHaveLength(1);
      expect(end[0]).toMatchObject({
        error: expect.stringMatching(/^Pipewright failed: the disk holding \.pipewright is full \(database or disk is full\): free some space on it, then continue the run with: pipewright resume \d+$/) as unknown,
      });
      await vi.waitFor(() => expect(processesWith(marker)).toEqual([]), { timeout: 5_000 });
    } finally {
      capped.mockRestore();
    }
  });
});
