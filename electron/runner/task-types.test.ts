import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../shared/run/events.ts';
import { cli, logText, makeProject, processesWith, resume, run } from '../../test-support/runner.ts';

/**
 * A worker of a distributed group, as torch.distributed would be: rank 0 listens, the others
 * connect to it. It can only finish if the whole group runs at the same time and each worker
 * reads its rank and the master's address from config/distributed.json.
 */
const WORKER = String.raw`
import json, os, socket, sys, time
cfg = json.load(open(os.path.join(os.environ['VH_CONFIG_DIR'], 'distributed.json')))
me, count = cfg['config']['member_id'], cfg['config']['required_count']
print(json.dumps({'env': [os.environ.get('VH_DIST_' + k) for k in ('MEMBER_ID', 'MEMBER_INDEX', 'MEMBER_COUNT')] + [os.environ.get('VH_LOCAL_IP')]}))
master = [m for m in cfg['members'] if m['member_id'] == '0'][0]
rendezvous = cfg['config']['group_name'] + '-' + master['job_id'] + '.port'
if me == '0':
    server = socket.socket()
    server.bind((master['network']['local_ips'][0], 0))
    server.listen()
    with open(rendezvous + '.tmp', 'w') as f:
        f.write(str(server.getsockname()[1]))
    os.rename(rendezvous + '.tmp', rendezvous)
    joined = sorted(server.accept()[0].recv(16).decode() for _ in range(count - 1))
    os.remove(rendezvous)
    print(json.dumps({'joined': joined, 'self': cfg['self']['job_id']}))
else:
    deadline = time.time() + 5
    while not os.path.exists(rendezvous):
        if time.time() > deadline:
            sys.exit('worker ' + me + ': no master')
        time.sleep(0.02)
    client = socket.create_connection((master['network']['local_ips'][0], int(open(rendezvous).read())))
    client.send(me.encode())
    if me == os.environ.get('FAIL_RANK', '') and not os.path.exists('fixed'):
        time.sleep(0.3)
        print('worker ' + me + ' gives up', file=sys.stderr)
        sys.exit(7)
    print(json.dumps({'rank': int(me), 'self': cfg['self']['job_id']}))
`;

function project(count: number, env = ''): string {
  return makeProject(
    `- step:
    name: worker
    image: x
    command: python3 worker.py {parameters}
    parameters: [{name: lr, type: float, default: 0.1}]
    environment-variables: [{name: FAIL_RANK, default: "${env}"}]
- task:
    name: group
    step: worker
    type: distributed
    execution-count: ${count}
    parameters: []
- pipeline:
    name: p
    nodes: [{name: train, type: task, task: group}]
    edges: []
`,
    { 'worker.py': WORKER },
  );
}

const starts = (events: readonly RunEvent[]) => events.flatMap((e) => (e.type === 'execution:start' ? [e] : []));

describe('task types', () => {
  it('runs a distributed task as one group: every worker at once, each knowing its rank and the others', async () => {
    const dir = project(3);
    const result = await run(dir, 'p', { jobs: 3 });
    expect(result.status).toBe('succeeded');
    const ids = starts(result.events).map((e) => e.executionId);
    expect(ids).toHaveLength(3);
    const lines = logText(result.events, 'train').split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual({ joined: ['1', '2'], self: ids[0] });
    // The group as Valohai's variables tell it, for code that reads them rather than the file.
    for (const rank of [0, 1, 2]) expect(lines).toContainEqual({ env: [String(rank), String(rank), '3', '127.0.0.1'] });
    // valohai-utils reads these fields (valohai.distributed): the group, the member, every member's address.
    type Member = { member_id: string; job_id: string; network: { local_ips: string[] } };
    const config = JSON.parse(readFileSync(join(dir, '.pipewright', 'executions', ids[1] as string, 'config', 'distributed.json'), 'utf8')) as { config: unknown; members: Member[]; self: Member };
    expect(config.config).toEqual({ group_name: `task-${result.runId}-train`, member_id: '1', required_count: 3 });
    expect(config.members.map((m) => [m.member_id, m.job_id, m.network.local_ips])).toEqual(ids.map((id, rank) => [String(rank), id, ['127.0.0.1']]));
    expect(config.self).toEqual(config.members[1]);
    expect(readFileSync(join(dir, '.pipewright', 'executions', ids[1] as string, 'config', 'distributed.yaml'), 'utf8')).toContain('member_id: "1"');
  });

  it('refuses, before it starts, a group that cannot run at once within the run\'s cores, and says how to let it', () => {
    const dir = project(3);
    for (const verb of ['plan', 'run']) {
      const refused = cli([verb, '--pipeline', 'p', '--jobs', '2'], dir);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('node "train" (step "worker") is a distributed task whose 3 workers run at the same time, so together it needs 3 CPU cores; 2 are available (--jobs 3');
    }
    expect(cli(['plan', '--pipeline', 'p', '--jobs', '3'], dir).out).toContain('train (3 executions): run');
  });

  it('stops the group when one worker fails (the others would wait for it), and a resume runs the whole group again', async () => {
    // Rank 2 gives up at once: rank 0, waiting for it, is stopped with it.
    const stuck = project(3, '2');
    writeFileSync(join(stuck, 'worker.py'), WORKER.replace("if me == '0':", "if me == os.environ['FAIL_RANK']:\n    sys.exit(7)\nif me == '0':"));
    const failed = await run(stuck, 'p', { jobs: 3 });
    expect(failed.status).toBe('failed');
    expect(failed.events.filter((e) => e.type === 'node:finish')).toEqual([expect.objectContaining({ node: 'train', status: 'failed', error: 'exit code 7' })]);
    const [master] = starts(failed.events);
    expect(failed.events).toContainEqual(expect.objectContaining({ type: 'execution:finish', executionId: master?.executionId, status: 'cancelled' }));
    expect(processesWith('worker.py')).toEqual([]);
    // Rank 1 fails after rank 0 has finished well. Fixed, the group runs again whole: rank 1
    // alone would find no master.
    const dir = project(2, '1');
    const partly = await run(dir, 'p', { jobs: 2 });
    expect(partly.status).toBe('failed');
    expect(partly.events).toContainEqual(expect.objectContaining({ type: 'execution:finish', status: 'succeeded' }));
    writeFileSync(join(dir, 'fixed'), '');
    const resumed = await resume(dir, partly.runId);
    expect(logText(resumed.events)).not.toContain('no master');
    expect(resumed.status).toBe('succeeded');
    expect(starts(resumed.events)).toHaveLength(2);
  });

  it('runs a random search as execution-count children, each with its own draw', async () => {
    const dir = makeProject(`- step:
    name: train
    image: x
    command: 'echo {parameter-value:lr} {parameter-value:depth}'
    parameters: [{name: lr, type: float, default: 0.1}, {name: depth, type: integer, default: 1}]
- task:
    name: search
    step: train
    type: random_search
    execution-count: 5
    parameters:
      - {name: lr, style: random, rules: {min: 0.01, max: 0.02, seed: 1}}
      - {name: depth, style: multiple, rules: {items: [2, 3]}}
- pipeline:
    name: p
    nodes: [{name: search, type: task, task: search}]
    edges: []
`);
    const result = await run(dir, 'p', { jobs: 2 });
    expect(result.status).toBe('succeeded');
    const values = starts(result.events).map((e) => e.parameters as { lr: number; depth: number });
    expect(values).toHaveLength(5);
    expect(new Set(values.map((v) => v.lr)).size).toBe(5);
    expect(values.every((v) => v.lr >= 0.01 && v.lr <= 0.02 && [2, 3].includes(v.depth))).toBe(true);
  });

  it("reuses a task's earlier children with reuse-children: true, as --cache does, and only that task's", async () => {
    const dir = makeProject(`- step:
    name: train
    image: x
    command: 'echo {parameter-value:lr}'
    parameters: [{name: lr, type: float, default: 0.1}]
- task:
    name: sweep
    step: train
    reuse-children: true
    parameters: [{name: lr, style: multiple, rules: {items: [0.1, 0.2]}}]
- pipeline:
    name: p
    nodes: [{name: sweep, type: task, task: sweep}, {name: single, type: execution, step: train}]
    edges: []
`);
    expect((await run(dir, 'p')).status).toBe('succeeded');
    const again = await run(dir, 'p');
    expect(again.events.filter((e) => e.type === 'node:reused').map((e) => e.type === 'node:reused' && e.node)).toEqual(['sweep', 'sweep']);
    expect(again.events).toContainEqual(expect.objectContaining({ type: 'node:finish', node: 'sweep', status: 'reused' }));
    expect(again.events).toContainEqual(expect.objectContaining({ type: 'node:finish', node: 'single', status: 'succeeded' }));
    expect(cli(['plan', '--pipeline', 'p'], dir).out).toContain('sweep: reuse — cache: same step, command, parameters and code');
  });

  it('runs a Bayesian task as Valohai does: 20 random draws, then each child as TPE proposes from the scores so far', async () => {
    const dir = makeProject(`- step:
    name: fit
    image: x
    command: sh fit.sh {parameter-value:x}
    parameters: [{name: x, type: float, default: 0.5}]
- task:
    name: tune
    step: fit
    type: bayesian_tpe
    execution-count: 26
    maximum-queued-executions: 1
    optimization-target-metric: loss
    parameters: [{name: x, style: random, rules: {min: 0, max: 1, seed: 5}}]
- pipeline:
    name: p
    nodes: [{name: tune, type: task, task: tune}]
    edges: []
`,
      { 'fit.sh': 'awk -v x="$1" \'BEGIN { printf "{\\"loss\\": %f}\\n", (x - 0.3) ^ 2 }\'\n' },
    );
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(result.events).toContainEqual(expect.objectContaining({ type: 'run:warning', message: expect.stringContaining("each later one takes the values TPE proposes from the finished children's loss, toward the lowest") }));
    const xs = starts(result.events).sort((a, b) => a.child - b.child).map((e) => (e.parameters as { x: number }).x);
    expect(xs).toHaveLength(26);
    // Random draws first; then proposals, which differ from the draws they replace.
    const { blueprintChildren } = await import('../../shared/run/blueprint-children.ts');
    const { importValohaiYaml } = await import('../../shared/valohai/import.ts');
    const draws = blueprintChildren(importValohaiYaml(readFileSync(join(dir, 'valohai.yaml'), 'utf8')).config.tasks[0]!).children.map((c) => c['x']);
    expect(xs.slice(0, 20)).toEqual(draws.slice(0, 20));
    expect(xs.slice(20).every((x, i) => x !== draws[20 + i] && x >= 0 && x <= 1)).toBe(true);
  });
});
