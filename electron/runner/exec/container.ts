/**
 * Running a step in its `image` (`pipewright run --container`): the execution's folders mounted
 * where Valohai puts them (`/valohai/repository`, `/valohai/inputs`, `/valohai/outputs`,
 * `/valohai/config`), the step's variables and the `VH_*` ones set inside, nothing of this
 * machine's environment. Docker or Podman, whichever answers (`PIPEWRIGHT_CONTAINER_RUNTIME`
 * chooses one); each is driven through its CLI, which is the same for what is used here.
 *
 * The runtime's client is the execution's process: its output is the step's, its exit code the
 * step's (125–127: the runtime could not start it). Killing the client does not stop a container,
 * so every stop (cancel, a time limit, a stop-condition) removes it by name too.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Mount } from '../../../shared/valohai/model/environment.ts';

export type RuntimeKind = 'docker' | 'podman';

export interface ContainerRuntime {
  readonly kind: RuntimeKind;
  /** Its program, found on PATH (executions are started without a PATH search). */
  readonly path: string;
  /** `docker version`'s or `podman version`'s server line, for the run's first message. */
  readonly version: string;
}

export type Detected = { readonly ok: true; readonly runtime: ContainerRuntime } | { readonly ok: false; readonly why: string };

/** The folders as a step in a container sees them, as on Valohai. */
export const CONTAINER_FOLDERS = {
  repository: '/valohai/repository',
  inputs: '/valohai/inputs',
  outputs: '/valohai/outputs',
  config: '/valohai/config',
} as const;

const PROBE_TIMEOUT_MS = 15_000;

/** What `KIND version` answered. */
interface Answer {
  readonly error?: Error;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const VERSION_ARGS = ['version', '--format', '{{.Server.Version}}'];

function verdict(kind: RuntimeKind, answer: Answer): { ok: true; version: string } | { ok: false; why: string } {
  if (answer.error) {
    const code = (answer.error as NodeJS.ErrnoException).code;
    return { ok: false, why: code === 'ENOENT' ? `${kind} is not installed` : `${kind} did not answer (${answer.error.message})` };
  }
  const version = answer.stdout.trim();
  if (answer.status !== 0 || version === '') {
    const said = (answer.stderr || answer.stdout).trim().split('\n').find((l) => l.trim() !== '') ?? `exit code ${String(answer.status)}`;
    return { ok: false, why: `${kind} cannot run containers here: ${said}` };
  }
  return { ok: true, version };
}

function onPath(program: string, env: NodeJS.ProcessEnv): string | null {
  for (const folder of (env['PATH'] ?? '').split(delimiter)) {
    if (folder === '') continue;
    const path = join(folder, program);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}

/** Which runtimes to ask, in turn, with what each answered: the detection, whether its asking waits or not. */
function* detection(env: NodeJS.ProcessEnv): Generator<RuntimeKind, Detected, Answer> {
  const chosen = env['PIPEWRIGHT_CONTAINER_RUNTIME'];
  if (chosen !== undefined && chosen !== '' && chosen !== 'docker' && chosen !== 'podman') {
    return { ok: false, why: `PIPEWRIGHT_CONTAINER_RUNTIME must be docker or podman (it is "${chosen}")` };
  }
  const kinds: RuntimeKind[] = chosen === 'docker' || chosen === 'podman' ? [chosen] : ['docker', 'podman'];
  const whys: string[] = [];
  for (const kind of kinds) {
    const found = verdict(kind, yield kind);
    if (!found.ok) {
      whys.push(found.why);
      continue;
    }
    const path = onPath(kind, env);
    if (path) return { ok: true, runtime: { kind, path, version: found.version } };
    whys.push(`${kind} answered, but is not on PATH`);
  }
  return { ok: false, why: `running steps in their images needs Docker or Podman: ${whys.join('; ')}` };
}

/** The runtime `--container` uses: the one `PIPEWRIGHT_CONTAINER_RUNTIME` names, or Docker if its daemon answers, or Podman. */
export async function detectRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Detected> {
  const steps = detection(env);
  let step = steps.next();
  while (!step.done) {
    const kind = step.value;
    const answer = await new Promise<Answer>((done) =>
      execFile(kind, VERSION_ARGS, { env, encoding: 'utf8', timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) => done({ ...(error && !('code' in error && typeof error.code === 'number') ? { error } : {}), status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })),
    );
    step = steps.next(answer);
  }
  return step.value;
}

/** What a detection says to a person or the editor: the runtime and its version, or why there is none. */
export type RuntimeAvailability = { readonly available: true; readonly runtime: RuntimeKind; readonly version: string } | { readonly available: false; readonly why: string };

export function availability(found: Detected): RuntimeAvailability {
  return found.ok ? { available: true, runtime: found.runtime.kind, version: found.runtime.version } : { available: false, why: found.why };
}

/** The same, waited for: for a test's set-up, which must know before its tests are declared. */
export function detectRuntimeNow(env: NodeJS.ProcessEnv = process.env): Detected {
  const steps = detection(env);
  let step = steps.next();
  while (!step.done) {
    const result = spawnSync(step.value, VERSION_ARGS, { env, encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
    step = steps.next({ ...(result.error ? { error: result.error } : {}), status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' });
  }
  return step.value;
}

/** One name per execution of a project's state folder: known again after a crash, to remove what is left. */
export function containerName(stateDir: string, executionId: string): string {
  const project = createHash('sha256').update(stateDir).digest('hex').slice(0, 10);
  return `pipewright-${project}-${executionId.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}

export interface ContainerExecution {
  readonly runtime: ContainerRuntime;
  readonly name: string;
  readonly image: string;
  readonly projectDir: string;
  /** The execution's folder: its inputs/, outputs/ and config/ are mounted. */
  readonly dir: string;
  /** The variables set inside (the step's, the VH_* ones): nothing else of this machine's. */
  readonly env: Readonly<Record<string, string>>;
  readonly gpus: readonly number[];
  readonly mounts: readonly Mount[];
  /** The step's `resources` maxima, which Valohai's Kubernetes enforces as limits: so do they here. */
  readonly limits: { readonly memoryMb?: number; readonly cpus?: number };
  /** This process's user: a rootful Docker writes outputs as it, so this machine's user owns them. */
  readonly user: { readonly uid: number; readonly gid: number } | null;
}

/** A bind mount as `-v` takes it: a path with a colon in it cannot be said that way. */
function volume(source: string, target: string, readonly = false): string {
  if (source.includes(':')) throw new Error(`${source} has a ":" in it, which ${'`-v`'} cannot mount; move the project to a path without one`);
  return `${source}:${target}${readonly ? ':ro' : ''}`;
}

function gpuFlags(runtime: ContainerRuntime, gpus: readonly number[]): string[] {
  if (gpus.length === 0) return [];
  // Docker through the NVIDIA container toolkit; Podman through its CDI names. Inside, the GPUs
  // given are the only ones, numbered from 0: CUDA_VISIBLE_DEVICES is not set.
  if (runtime.kind === 'docker') return ['--gpus', `"device=${gpus.join(',')}"`];
  return gpus.flatMap((gpu) => ['--device', `nvidia.com/gpu=${gpu}`]);
}

/**
 * The client's argv up to the command, and the variables file it reads (values stay off the
 * command line, where any user of the machine could read them in `ps`).
 */
export function containerArgs(run: ContainerExecution, command: readonly string[]): { file: string; args: string[] } {
  const envFile = join(run.dir, 'container.env');
  const lines: string[] = [];
  const inline: string[] = [];
  const asUser = run.user !== null && run.user.uid !== 0;
  // As this user, the image's home is not its own: a writable one lets `pip install` fall back to
  // installing for the user, as pip does where site-packages is not writable.
  const env = asUser && run.env['HOME'] === undefined ? { ...run.env, HOME: '/tmp' } : run.env;
  for (const [name, value] of Object.entries(env)) {
    // The file holds one line per variable; a value with a line break goes on the command line.
    if (/[\r\n]/.test(value)) inline.push('-e', `${name}=${value}`);
    else lines.push(`${name}=${value}`);
  }
  writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  const user = run.user && asUser ? (run.runtime.kind === 'docker' ? ['--user', `${run.user.uid}:${run.user.gid}`] : ['--userns', 'keep-id']) : [];
  const mounts = run.mounts.flatMap((m) => ['-v', volume(m.source, m.destination, m.readonly)]);
  const limits = [...(run.limits.memoryMb !== undefined ? ['--memory', `${run.limits.memoryMb}m`] : []), ...(run.limits.cpus !== undefined ? ['--cpus', String(run.limits.cpus)] : [])];
  const args = [
    'run',
    '--rm',
    '--name',
    run.name,
    '--label',
    'pipewright=execution',
    '--network',
    'host',
    '-w',
    CONTAINER_FOLDERS.repository,
    '-v',
    volume(run.projectDir, CONTAINER_FOLDERS.repository),
    '-v',
    volume(join(run.dir, 'inputs'), CONTAINER_FOLDERS.inputs),
    '-v',
    volume(join(run.dir, 'outputs'), CONTAINER_FOLDERS.outputs),
    '-v',
    volume(join(run.dir, 'config'), CONTAINER_FOLDERS.config),
    ...mounts,
    '--env-file',
    envFile,
    ...inline,
    ...user,
    ...limits,
    ...gpuFlags(run.runtime, run.gpus),
    run.image,
    ...command,
  ];
  return { file: run.runtime.path, args };
}

/** Images being fetched or found here, once per runtime and image for every execution that needs one. */
const images = new Map<string, Promise<void>>();

/**
 * Pulls the image first when the runtime does not have it, so a step's time limit and
 * no-output-timeout count its command, not the download (as on Valohai). Best effort: if the pull
 * fails, the run itself tries again and fails with the runtime's own words in the log.
 * `pulling` is told once, when a pull starts; `signal` ends a pull for a cancelled run.
 */
export function ensureImage(runtime: ContainerRuntime, image: string, env: NodeJS.ProcessEnv, pulling: () => void, signal: AbortSignal): Promise<void> {
  const key = `${runtime.path}\0${image}`;
  let found = images.get(key);
  if (!found) {
    found = (async () => {
      if ((await exitCode(runtime.path, ['image', 'inspect', image], env)) === 0) return;
      pulling();
      if ((await exitCode(runtime.path, ['pull', image], env, signal)) !== 0) images.delete(key);
    })();
    images.set(key, found);
  }
  return found;
}

function exitCode(program: string, args: readonly string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(program, args, { env, stdio: 'ignore', ...(signal ? { signal } : {}) });
    child.on('error', () => done(null));
    child.on('close', (code) => done(code));
  });
}

/**
 * The pid, on this machine, of the container's first process once it runs (null if it never
 * does within `ms`): it leads the process group of everything the command starts, which is what
 * machine use is read from.
 */
export async function containerPid(runtime: ContainerRuntime, name: string, env: NodeJS.ProcessEnv, isOver: () => boolean, ms = 30_000): Promise<number | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !isOver()) {
    const said = await new Promise<string>((done) => {
      const child = spawn(runtime.path, ['inspect', '--format', '{{.State.Pid}}', name], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', () => done(''));
      child.on('close', () => done(out));
    });
    const pid = Number(said.trim());
    if (Number.isInteger(pid) && pid > 0) return pid;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return null;
}

/** How long a container's processes have after SIGTERM before SIGKILL, as an execution here has. */
const STOP_GRACE_SECONDS = 3;

function quietly(program: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done) => {
    const child = spawn(program, args, { env, stdio: 'ignore' });
    child.on('error', () => done());
    child.on('close', () => done());
  });
}

/** Stops the container (SIGTERM, SIGKILL after a grace) and removes it: the client's end does neither. Quietly nothing when it is gone. */
export async function removeContainer(runtime: ContainerRuntime, name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await quietly(runtime.path, ['stop', '-t', String(STOP_GRACE_SECONDS), name], env);
  await quietly(runtime.path, ['rm', '--force', name], env);
}

/** Kills and removes it at once, waited for: for a run found dead, before it is resumed. */
export function removeContainerNow(runtime: RuntimeKind, name: string): void {
  // (Podman's rm --force would give it ten seconds to stop first; Docker's kills it.)
  const args = runtime === 'podman' ? ['rm', '--force', '--time', '0', name] : ['rm', '--force', name];
  spawnSync(runtime, args, { stdio: 'ignore', timeout: PROBE_TIMEOUT_MS });
}

/** The runtime a run's recorded options name (`{"container": "podman"}`), if it ran steps in their images. */
export function runtimeOf(optionsJson: string): RuntimeKind | null {
  try {
    const kind = (JSON.parse(optionsJson) as { container?: unknown }).container;
    return kind === 'docker' || kind === 'podman' ? kind : null;
  } catch {
    return null;
  }
}

/** What an exit code of the client means when the runtime, not the command, chose it. */
export function runtimeExitNote(code: number | null, memoryMb?: number): string | undefined {
  if (code === 137 && memoryMb !== undefined) return `killed: most likely it needed more than its resources.memory.max of ${memoryMb} MB, the container's limit (on Valohai's Kubernetes it would be OOMKilled too)`;
  if (code === 125) return 'the container runtime could not start the container (its log says why: an image it cannot pull, a bad option)';
  if (code === 126) return 'the command in the image could not be run (not executable)';
  if (code === 127) return 'the command was not found in the image (does it have /bin/sh?)';
  return undefined;
}
