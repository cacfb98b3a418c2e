/** Steps that misbehave: output escapes, binary output, floods, giant metadata lines. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, logText, makeProject, run, onePipeline, step } from '../../test-support/runner.ts';
import { readLogFile } from './exec/log-file.ts';
import { openStore } from './stored-runs.ts';

/** Runs `work` while sampling this process's resident memory; returns the peak growth in MiB. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; mib: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    return { result, mib: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile steps', () => {
  it('keeps no output that escapes outputs/ through a symlink or ..', async () => {
    const dir = makeProject(`
- step:
    name: sneaky
    image: x
    command:
      - echo fine > $VH_OUTPUTS_DIR/fine.txt
      - ln -s /etc $VH_OUTPUTS_DIR/etc-link
      - ln -s ../../../../../../../../etc/passwd $VH_OUTPUTS_DIR/passwd
      - mkdir -p $VH_OUTPUTS_DIR/sub && ln -s .. $VH_OUTPUTS_DIR/sub/up
- step:
    name: take
    image: x
    command: 'find $VH_INPUTS_DIR -type f -o -type l | sort'
    inputs: [{name: all, optional: true}, {name: dotdot, optional: true}]
- pipeline:
    name: p
    nodes:
      - {name: s, type: execution, step: sneaky}
      - {name: t, type: execution, step: take}
    edges:
      - [s.output.*, t.input.all]
      - [s.output.../../*, t.input.dotdot]
      - [s.output.etc-link/*, t.input.dotdot]
`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const [sneaky] = openStore(dir).getExecutions(result.runId);
    expect(openStore(dir).getOutputs(sneaky?.id ?? '').map((o) => o.path)).toEqual(['fine.txt']);
    const warnings = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(warnings.filter((w) => w.includes('symbolic link'))).toHaveLength(3);
    expect(logText(result.events, 't').split('\n').map((line) => line.slice(line.indexOf('/inputs/')))).toEqual(['/inputs/all/fine.txt']);
  });

  it('keeps nothing from an outputs/ or inputs/ folder replaced by a link, and never takes over a file linked in from elsewhere', async () => {
    const dir = makeProject(
      `
- step:
    name: swap
    image: x
    command:
      - rmdir $VH_OUTPUTS_DIR && ln -s "$PWD/private" $VH_OUTPUTS_DIR
      - rmdir $VH_INPUTS_DIR/none && ln -s "$PWD/private" $VH_INPUTS_DIR/none
    inputs: [{name: none, optional: true}]
- step:
    name: pass
    image: x
    command: ln "$PWD/data/big.csv" $VH_OUTPUTS_DIR/big.csv
- step:
    name: take
    image: x
    command: 'find $VH_INPUTS_DIR -type f | sort'
    inputs: [{name: out, optional: true}, {name: in, optional: true}, {name: big, optional: true}]
- pipeline:
    name: p
    nodes:
      - {name: s, type: execution, step: swap}
      - {name: l, type: execution, step: pass}
      - {name: t, type: execution, step: take}
    edges:
      - [s.output.*, t.input.out]
      - [s.input.none, t.input.in]
      - [l.output.*, t.input.big]
`,
      { 'private/key': 'secret\n', 'data/big.csv': 'a,b\n' },
    );
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const warnings = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message] : []));
    expect(warnings).toContainEqual(expect.stringMatching(/^execution \d+\.1: output folder outputs was replaced by a symbolic link \(to .*\/private\); nothing in it is kept$/));
    expect(logText(result.events, 't').split('\n').map((line) => line.slice(line.indexOf('/inputs/')))).toEqual(['/inputs/big/big.csv']);
    // The user's files are as they were: writable, one link each.
    for (const file of ['private/key', 'data/big.csv']) {
      const { mode, nlink } = statSync(join(dir, file));
      expect([file, mode & 0o222, nlink]).toEqual([file, 0o222 & statSync(join(dir, 'valohai.yaml')).mode, 1]);
    }
  });

  it("survives a step that removes Pipewright's logs folder under it: its log is still kept", async () => {
    const dir = makeProject(`${step('wipe', 'rm -rf .pipewright/logs; echo after the wipe')}${onePipeline('wipe')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    expect(cli(['logs', result.runId, 'wipe'], dir)).toMatchObject({ code: 0, out: 'after the wipe\n' });
  });

  it('stops the run, saying why and what to do, when a step removes the whole state folder (git clean -xfd)', async () => {
    const dir = makeProject(`${step('clean', 'rm -rf .pipewright')}${step('next', 'echo next')}- pipeline:\n    name: p\n    nodes: [{name: clean, type: execution, step: clean, on-error: continue}, {name: next, type: execution, step: next}]\n    edges: [[clean.dependency.x, next.dependency.x]]\n`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('failed');
    expect(result.events.find((e) => e.type === 'run:finish')).toMatchObject({
      error: expect.stringMatching(/^execution \d+\.1 removed \.pipewright \(Pipewright's record of runs, this one's too\) while it ran, so the run stops here: keep \.pipewright out of what the step deletes \(git clean -e \.pipewright\)$/) as unknown,
    });
    expect(result.events.filter((e) => e.type === 'execution:start').map((e) => e.node)).toEqual(['clean']);
  });

  it('reports a step that writes into its input in place, and stops serving the changed output from the cache', async () => {
    const dir = makeProject(`
- step: {name: make, image: x, command: "echo original > $VH_OUTPUTS_DIR/model.txt"}
- step:
    name: spoil
    image: x
    command: "chmod u+w $VH_INPUTS_DIR/model/model.txt; echo spoiled >> $VH_INPUTS_DIR/model/model.txt"
    inputs: [{name: model}]
- pipeline:
    name: p
    reuse-executions: true
    nodes: [{name: make, type: execution, step: make}, {name: spoil, type: execution, step: spoil}]
    edges: [[make.output.model.txt, spoil.input.model]]
`);
    const first = await run(dir, 'p');
    expect(first.status).toBe('succeeded');
    const warning = first.events.find((e) => e.type === 'run:warning' && e.node === 'spoil');
    expect(warning && 'message' in warning && warning.message).toMatch(
      /^execution \d+\.2 changed its input model\/model\.txt in place: it is one file with \.pipewright\/executions\/\d+\.1\/outputs\/model\.txt, which changed with it; what made it is no longer reused from the cache\./,
    );
    // The next run with the cache on makes the output again instead of reusing the spoiled one.
    const second = await run(dir, 'p');
    expect(second.events.filter((e) => e.type === 'node:reused').map((e) => e.node)).not.toContain('make');
    const made = openStore(dir).getExecutions(second.runId, 'make')[0];
    expect(made?.sourceExecution ?? null).toBeNull();
    expect(logText(second.events, 'spoil')).toBe('');
  });

  it('keeps non-UTF-8 and binary output without crashing', async () => {
    const dir = makeProject(String.raw`
- step:
    name: noisy
    image: x
    command:
      - 'printf "caf\351 latin-1\n"'
      - head -c 200000 /dev/urandom
      - 'printf "\n{\"after\": 1}\n"'
${onePipeline('noisy', 'n')}`);
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const store = openStore(dir);
    const execution = store.getExecutions(result.runId)[0]?.id ?? '';
    expect(store.latestMetadata(execution)).toEqual({ after: 1 });
    const lines = readLogFile(join(dir, '.pipewright/logs', `${execution}.log`));
    expect(lines[0]).toMatchObject({ text: 'caf\uFFFD latin-1', binary: true });
    expect(lines.some((l) => l.binary && l.text.length > 0)).toBe(true);
  });

  it('captures a 1 GB log with bounded memory, keeping the first 256 MiB', { timeout: 120_000 }, async () => {
    const dir = makeProject(`
- step:
    name: flood
    image: x
    command: 'yes "a log line that repeats" | head -c 1073741824; echo "{\\"done\\": true}"'
${onePipeline('flood', 'f')}`);
    const { result, mib } = await peakGrowth(() => run(dir, 'p'));
    expect(result.status).toBe('succeeded');
    expect(mib).toBeLessThan(200);
    const execution = openStore(dir).getExecutions(result.runId)[0]?.id ?? '';
    const size = statSync(join(dir, '.pipewright/logs', `${execution}.log`)).size;
    expect(size).toBeGreaterThan(256 * 1024 * 1024 - 1024 * 1024);
    expect(size).toBeLessThan(260 * 1024 * 1024);
    const live = result.events.flatMap((e) => (e.type === 'node:log' ? e.lines : []));
    expect(live.some((l) => l.text.includes('not shown live'))).toBe(true);
  });

  it('skips a 10 MB metadata line with a warning, with bounded memory, and keeps reading metadata after it', { timeout: 60_000 }, async () => {
    const dir = makeProject(`
- step:
    name: big
    image: x
    command: 'printf "{\\"x\\": \\""; head -c 10485760 /dev/zero | tr "\\\\0" a; printf "\\"}\\\\n"; echo "{\\"ok\\": 1}"'
${onePipeline('big', 'b')}`);
    const { result, mib } = await peakGrowth(() => run(dir, 'p'));
    expect(result.status).toBe('succeeded');
    expect(mib).toBeLessThan(100);
    const store = openStore(dir);
    expect(store.latestMetadata(store.getExecutions(result.runId)[0]?.id ?? '')).toEqual({ ok: 1 });
    expect(result.events.find((e) => e.type === 'run:warning')).toMatchObject({ message: expect.stringMatching(/a metadata line of 104857\d\d bytes is longer than 1048576/) as unknown });
  });

  it("reads no oversized, malformed or escaping output metadata file: each is said, none names a file, and none is an output", async () => {
    const script = [
      'cd "$VH_OUTPUTS_DIR" && echo m > model.pkl && echo d > data.csv && echo r > report.txt',
      'head -c 5242880 /dev/zero > model.pkl.metadata.json',
      "echo 'not json' > data.csv.metadata.json",
      `printf '{"valohai.alias": "ok-name"}' > report.txt.metadata.json`,
      `printf '%s\\n' '{"file": "../../../etc/passwd", "metadata": {"valohai.alias": "stolen"}}' '{"file": "data.csv", "metadata": {"valohai.alias": "../bad"}}' 'garbage' > valohai.metadata.jsonl`,
    ].join('\n');
    const dir = makeProject(`${step('odd', 'sh odd.sh')}\n${onePipeline('odd', 'o')}`, { 'odd.sh': script });
    const result = await run(dir, 'p');
    expect(result.status).toBe('succeeded');
    const said = result.events.flatMap((e) => (e.type === 'run:warning' ? [e.message.replace(/^execution [\w.]+: output metadata: /, '')] : []));
    expect(said).toEqual(expect.arrayContaining([
      'model.pkl.metadata.json is not read (larger than 4 MiB, still growing, or unreadable)',
      'data.csv.metadata.json is not a JSON object',
      'valohai.metadata.jsonl line 1 describes ../../../etc/passwd, which the execution did not write',
      'valohai.metadata.jsonl line 3 is not {"file": PATH, "metadata": {…}}',
      'data.csv: "valohai.alias" "../bad" is not an alias (letters, digits, -, _ and .)',
    ]));
    const shown = JSON.parse(cli(['show', result.runId, '--json'], dir).out) as { nodes: { executions: { outputs: { path: string; names: string[] }[] }[] }[] };
    // Only the well-formed alias names a file; the metadata files are no outputs.
    expect(shown.nodes[0]?.executions[0]?.outputs).toEqual([
      expect.objectContaining({ path: 'data.csv', names: [] }),
      expect.objectContaining({ path: 'model.pkl', names: [] }),
      expect.objectContaining({ path: 'report.txt', names: ['datum://ok-name'] }),
    ]);
    expect(cli(['plan', '--step', 'odd'], dir).code).toBe(0);
  });

  it('takes 200 000 metadata lines: actions read the latest value and show shows it', { timeout: 60_000 }, async () => {
    const dir = makeProject(`
- step: {name: chatty, image: x, command: "seq 200000 | sed 's/.*/{\\"step\\": &}/'"}
- pipeline:
    name: p
    nodes:
      - {name: c, type: execution, step: chatty, actions: [{when: node-complete, if: metadata.step >= 200000, then: stop-pipeline}]}
    edges: []
`);
    const result = await run(dir, 'p');
    // It overflowed the stack merging the values (Object.assign with one argument per line).
    expect(result.status).toBe('stopped');
    const shown = cli(['show', result.runId], dir);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('step=200000');
  });
});
