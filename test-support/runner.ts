/** Helpers for runner tests: throwaway projects, and runs that record every event. */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { RunEvent, RunStatus } from '../shared/run/events.ts';
import { startRun, resumeRun, type RunRequest } from '../electron/runner/runner.ts';
import { openStore } from '../electron/runner/stored-runs.ts';
import { track } from './children.ts';

export const ROOT = resolve(import.meta.dirname, '..');

/**
 * The example project copied into `dir`, without the state its own runs left (`npm start` runs it
 * there): a test starts from the project as a clone has it.
 */
export function copyExampleProject(dir: string): void {
  cpSync(join(ROOT, 'resources/example-project'), dir, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes('.pipewright') });
}

export function makeProject(yaml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-run-'));
  writeFileSync(join(dir, 'valohai.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface Recorded {
  readonly runId: string;
  readonly status: RunStatus;
  readonly events: RunEvent[];
}

export async function run(projectDir: string, pipeline: string, options: Partial<Omit<RunRequest, 'projectDir' | 'pipeline' | 'onEvent'>> & { onEvent?: (e: RunEvent) => void } = {}): Promise<Recorded> {
  const events: RunEvent[] = [];
  const result = await startRun({
    projectDir,
    pipeline,
    planOptions: options.planOptions ?? { pipelineParams: {}, nodeParams: {} },
    cache: options.cache ?? false,
    reuse: options.reuse,
    jobs: options.jobs,
    container: options.container,
    onStarted: options.onStarted,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { ...result, events };
}

export async function resume(projectDir: string, runId: string, options: { onEvent?: (e: RunEvent) => void } = {}): Promise<Recorded> {
  const events: RunEvent[] = [];
  const result = await resumeRun({
    projectDir,
    runId,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { ...result, events };
}

export function logText(events: readonly RunEvent[], node?: string): string {
  return events
    .flatMap((e) => (e.type === 'node:log' && (!node || e.node === node) ? e.lines.map((l) => l.text) : []))
    .join('\n');
}

export function nodeStatuses(projectDir: string, runId: string): Record<string, string> {
  return Object.fromEntries(openStore(projectDir).getNodes(runId).map((n) => [n.name, n.status]));
}

/** The real `pipewright` command, as a separate process. */
export function cli(args: readonly string[], cwd: string, env: Record<string, string> = {}): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/pipewright.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** The real `pipewright` command, started and not awaited; killed after the test should it still run (children.ts). */
export function cliAsync(args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  return track(spawn(process.execPath, [join(ROOT, 'bin/pipewright.mjs'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }));
}

/** Pids of live processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const out = spawnSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter((line) => line.includes(marker) && !line.includes('ps -eo') && !/\sZ/.test(line.slice(0, 16)))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** A pipeline `p` with one execution node running `step`, to append after the step's YAML. */
export function onePipeline(step: string, node = step): string {
  return `- pipeline:\n    name: p\n    nodes: [{name: ${node}, type: execution, step: ${step}}]\n    edges: []\n`;
}

export function step(name: string, command: string, extra = ''): string {
  return `- step:\n    name: ${name}\n    image: busybox\n    command: ${JSON.stringify(command)}\n${extra}`;
}
