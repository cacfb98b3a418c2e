/**
 * What CI cannot check, on a machine with NVIDIA GPUs: that `pipewright run` finds the real GPUs,
 * gives each GPU step its own (and CPU steps none) so that CUDA code in the step sees exactly that,
 * never gives one GPU to two executions or two runs at once, refuses a step needing more, keeps to
 * a `CUDA_VISIBLE_DEVICES` it was started with, and leaves no process holding GPU memory after a
 * cancel. Each check drives the real CLI on a project of its own; a step's probe reads its GPUs
 * through PyTorch when python3 has it, else through nvidia-smi.
 *
 *   node scripts/gpu-check.ts        exit 0: all held; 1: a check failed; 2: no NVIDIA GPU here
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../shared/run/events.ts';

const BIN = new URL('../bin/pipewright.mjs', import.meta.url).pathname;
const failures: string[] = [];

function check(what: string, ok: boolean, seen: unknown): void {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : `\n     seen: ${JSON.stringify(seen)}`}\n`);
  if (!ok) failures.push(what);
}

function smi(args: string[]): string {
  return execFileSync('nvidia-smi', args, { encoding: 'utf8' });
}

const PROBE = String.raw`
import json, os, subprocess, sys, time
t0 = time.time()
info = {"cvd": os.environ.get("CUDA_VISIBLE_DEVICES"), "order": os.environ.get("CUDA_DEVICE_ORDER")}
try:
    import torch
    info["seen"] = torch.cuda.device_count()
    if info["seen"] > 0:
        a = torch.randn(4096, 4096, device="cuda")
        info["matmul"] = bool(torch.isfinite(a @ a).all().item())
        info["device"] = torch.cuda.get_device_name(0)
except ImportError:
    info["seen"] = None
busy = sys.argv[2:3] == ["busy"] and bool(info["seen"])
if busy:
    # Keep the GPU busy: its utilization must show in the execution's usage readings.
    b = torch.randn(8192, 8192, device="cuda")
    t1 = time.time()
    while time.time() - t1 < float(sys.argv[1]):
        b = torch.tanh(b @ b)
        torch.cuda.synchronize()
if len(sys.argv) > 2 and sys.argv[2] == "fork":
    # A child that holds GPU memory too: cancel must end it with its parent.
    subprocess.Popen([sys.executable, "-c", "import torch, time; x = torch.ones(1 << 28, device='cuda'); print('child ready', flush=True); time.sleep(600)"])
    time.sleep(8)
    print(json.dumps({"ready": True}), flush=True)
if not busy:
    time.sleep(float(sys.argv[1]))
info["start"], info["end"] = t0, time.time()
print(json.dumps(info), flush=True)
`;

/** The projects the checks made, removed at the end. */
const made: string[] = [];

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-gpu-check-'));
  made.push(dir);
  writeFileSync(join(dir, 'probe.py'), PROBE);
  writeFileSync(join(dir, 'valohai.yaml'), yaml);
  return dir;
}

const step = (name: string, hold: number, extra: string, mode = ''): string => `- step:\n    name: ${name}\n    image: python:3.12\n    command: python3 probe.py ${hold} ${mode}\n${extra}`;
const GPU = (n: number): string => `    resources: {devices: {nvidia.com/gpu: ${n}}}\n`;
const pipeline = (nodes: string[]): string => `- pipeline:\n    name: p\n    nodes:\n${nodes.map((n) => `      - {name: ${n.split(':')[0]}, type: execution, step: ${n.split(':')[1]}}\n`).join('')}    edges: []\n`;

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const events = (out: string): RunEvent[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RunEvent);
const metadataOf = (all: RunEvent[], node: string): Record<string, unknown> =>
  Object.assign({}, ...all.flatMap((e) => (e.type === 'node:metadata' && e.node === node ? [e.values] : []))) as Record<string, unknown>;
const gpusOf = (all: RunEvent[], node: string): readonly number[] | undefined => all.flatMap((e) => (e.type === 'execution:start' && e.node === node ? [e.gpus] : []))[0];
const span = (m: Record<string, unknown>): [number, number] => [Number(m['start']), Number(m['end'])];
const apart = (a: [number, number], b: [number, number]): boolean => a[1] <= b[0] || b[1] <= a[0];

function main(): Promise<number> | number {
  let listed: string[];
  const t0 = performance.now();
  try {
    listed = smi(['--query-gpu=index,uuid,name,memory.total', '--format=csv,noheader']).trim().split('\n');
  } catch {
    process.stdout.write('no NVIDIA GPU here (nvidia-smi absent or failing): nothing to check\n');
    return 2;
  }
  process.stdout.write(`nvidia-smi answered in ${(performance.now() - t0).toFixed(0)} ms:\n${listed.map((l) => `  ${l}`).join('\n')}\n`);
  const count = listed.length;
  const uuid0 = listed[0]?.split(',')[1]?.trim() ?? '';

  // One run: two GPU steps (by resources, by a Valohai GPU environment) and a CPU step, side by side.
  const dir = project(`${step('gpu', 4, GPU(1), 'busy')}${step('env-gpu', 2, '    environment: aws-eu-west-1-p3-2xlarge\n')}${step('cpu', 0, '')}${pipeline(['g1:gpu', 'g2:env-gpu', 'c:cpu'])}`);
  const first = cli(['run', '--pipeline', 'p', '--json', '--jobs', '4'], dir);
  const all = events(first.out);
  check('the run succeeds', first.code === 0, first.err.slice(-2000));
  const [g1, g2, c] = ['g1', 'g2', 'c'].map((n) => metadataOf(all, n)) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  check('a GPU step is given a real GPU and CUDA sees exactly one', gpusOf(all, 'g1')?.length === 1 && String(gpusOf(all, 'g1')?.[0]) === g1['cvd'] && (g1['seen'] === 1 || g1['seen'] === null), g1);
  check('its GPU indices are read in PCI bus order, as nvidia-smi numbers them', g1['order'] === 'PCI_BUS_ID', g1);
  check('CUDA code in the step computes on it', g1['seen'] === null || g1['matmul'] === true, g1);
  check('a step whose Valohai environment is a GPU machine gets one', gpusOf(all, 'g2')?.length === 1 && (g2['seen'] === 1 || g2['seen'] === null), g2);
  check('a CPU step sees no GPU', c['cvd'] === '' && (c['seen'] === 0 || c['seen'] === null), c);
  if (count === 1) check('with one GPU, the two GPU steps never run at once', apart(span(g1), span(g2)), [span(g1), span(g2)]);
  // What it used, read while it ran: its own GPU busy and holding memory, and no other GPU.
  const used = all.flatMap((e) => (e.type === 'execution:usage' && e.node === 'g1' ? [e.sample] : []));
  const gpu = used.flatMap((u) => u.gpus);
  check('its usage readings show its GPU busy and holding memory', gpu.every((g) => g.index === gpusOf(all, 'g1')?.[0]) && gpu.some((g) => (g.utilization ?? 0) > 30) && gpu.some((g) => (g.memoryMb ?? 0) > 300), used);
  check('show sums its GPU use up', cli(['show', 'latest'], dir).out.includes(`GPU ${gpusOf(all, 'g1')?.[0] ?? '?'} `), cli(['show', 'latest'], dir).out);

  // More GPUs than the machine has: refused before anything starts, by plan and run alike.
  const tooMany = project(`${step('big', 0, GPU(count + 1))}${pipeline(['big:big'])}`);
  const refused = cli(['run', '--pipeline', 'p'], tooMany);
  check(`a step needing ${count + 1} GPUs is refused before it starts`, refused.code === 1 && refused.err.includes(`needs ${count + 1} GPUs; this machine has ${count}`), refused);

  // CUDA_VISIBLE_DEVICES where pipewright starts: '' hides all, a UUID keeps that GPU.
  const one = project(`${step('gpu', 0, GPU(1))}${pipeline(['g:gpu'])}`);
  const hidden = cli(['plan', '--pipeline', 'p'], one, { CUDA_VISIBLE_DEVICES: '' });
  check('CUDA_VISIBLE_DEVICES= hides the GPUs, and the refusal says so', hidden.code === 1 && hidden.err.includes(`CUDA_VISIBLE_DEVICES= hides ${count} of this machine's ${count} GPU(s)`), hidden);
  const byUuid = cli(['run', '--pipeline', 'p', '--json'], one, { CUDA_VISIBLE_DEVICES: uuid0.slice(0, 12) });
  check('CUDA_VISIBLE_DEVICES=<UUID prefix> keeps to that GPU', byUuid.code === 0 && JSON.stringify(gpusOf(events(byUuid.out), 'g')) === '[0]', byUuid.err);

  return twoRunsAndCancel(count)
    .then(gpuUsedElsewhere)
    .then(() => (failures.length === 0 ? 0 : 1));
}

async function twoRunsAndCancel(count: number): Promise<void> {
  // Two runs in two processes, as many GPU steps as GPUs each: each GPU is held by one at a time.
  const nodes = Array.from({ length: count }, (_, i) => `g${i}:gpu`);
  const dirs = [0, 1].map(() => project(`${step('gpu', 3, GPU(1))}${pipeline(nodes)}`));
  const both = await Promise.all(dirs.map((dir) => runAsync(['run', '--pipeline', 'p', '--json'], dir)));
  check('two runs side by side both finish', both.every((r) => r.code === 0), both.map((r) => r.err));
  const waited = both.flatMap((r) => events(r.out)).filter((e) => e.type === 'run:warning' && /waits for a GPU: GPU \d+ is used by run/.test(e.message));
  check('the run that waits for a GPU says which run holds it', waited.length >= 1, waited);
  const spans = both.flatMap((r) => nodes.map((n) => ({ gpu: gpusOf(events(r.out), n.split(':')[0] ?? '')?.[0], span: span(metadataOf(events(r.out), n.split(':')[0] ?? '')) })));
  const clash = spans.some((a, i) => spans.some((b, j) => i < j && a.gpu === b.gpu && !apart(a.span, b.span)));
  check('no GPU is used by two executions at once', !clash, spans);

  // Cancel a run whose GPU step forked a child that holds GPU memory: no process is left on the GPU.
  const before = { apps: computeApps(), used: memoryUsed() };
  const dir = project(`- step:\n    name: hold\n    image: x\n    command: python3 probe.py 600 fork\n${GPU(1)}${pipeline(['h:hold'])}`);
  const running = spawn(process.execPath, [BIN, 'run', '--pipeline', 'p', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve) =>
    running.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const seen = events(out.slice(0, out.lastIndexOf('\n') + 1));
      if (seen.some((e) => e.type === 'node:metadata' && e.values['ready'] === true)) resolve(seen[0]?.runId ?? '');
    }),
  );
  const runId = await Promise.race([ready, new Promise<string>((resolve) => setTimeout(() => resolve(''), 120_000))]);
  const during = { apps: computeApps().filter((p) => !before.apps.includes(p)), used: memoryUsed() };
  // The child alone holds 1 GiB; nvidia-smi may not list processes of another pid namespace.
  check('the step and its forked child hold GPU memory while running', runId !== '' && during.used - before.used >= 1000, { before, during });
  const held = JSON.parse(cli(['machine', '--json'], dir).out) as { gpus: { index: number; heldBy: { run: string } | null }[] };
  check('pipewright machine says which run holds the GPU', held.gpus.some((g) => g.heldBy?.run === runId), held);
  const cancelled = cli(['cancel', runId], dir);
  const code = await new Promise<number | null>((resolve) => running.on('close', resolve));
  check('cancel ends the run', cancelled.code === 0 && code === 130, { cancel: cancelled, code });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = { apps: computeApps().filter((p) => !before.apps.includes(p)), used: memoryUsed() };
  check('no process is left holding GPU memory after the cancel', after.apps.length === 0 && after.used - before.used < 100, { before, after });
  const freed = JSON.parse(cli(['machine', '--json'], dir).out) as { gpus: { heldBy: unknown }[] };
  check('and that it is free once the run ended', freed.gpus.every((g) => g.heldBy === null), freed);
}

/** A program outside Pipewright holding GPU memory: a step given that GPU is told so as it starts. */
async function gpuUsedElsewhere(): Promise<void> {
  const holder = spawn('python3', ['-c', "import torch, time; x = torch.ones(3 << 30, device='cuda'); print('held', flush=True); time.sleep(120)"], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CUDA_VISIBLE_DEVICES: '0' } });
  await new Promise<void>((resolve) => {
    holder.stdout.on('data', () => resolve());
    holder.on('close', () => resolve());
  });
  const dir = project(`${step('gpu', 0, GPU(1))}${pipeline(['g:gpu'])}`);
  const told = cli(['run', '--pipeline', 'p'], dir);
  holder.kill('SIGKILL');
  check('a step given a GPU another program holds memory on is told so', told.code === 0 && /GPU 0 already has \d+\.\d GiB of its \d+\.\d GiB in use by a program outside Pipewright/.test(told.err), told.err);
}

function computeApps(): string[] {
  return smi(['--query-compute-apps=pid', '--format=csv,noheader']).split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

/** MiB in use on all GPUs together. */
function memoryUsed(): number {
  return smi(['--query-gpu=memory.used', '--format=csv,noheader,nounits']).split('\n').reduce((sum, s) => sum + (Number(s.trim()) || 0), 0);
}

function runAsync(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const code = await main();
for (const dir of made) rmSync(dir, { recursive: true, force: true });
process.stdout.write(failures.length === 0 ? (code === 0 ? 'all GPU checks held\n' : '') : `${failures.length} check(s) failed\n`);
process.exit(code);
