import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerArgs, containerName, detectRuntime, detectRuntimeNow, runtimeOf, type ContainerExecution, type ContainerRuntime } from './container.ts';

const podman: ContainerRuntime = { kind: 'podman', path: '/usr/bin/podman', version: '4.3.1' };
const docker: ContainerRuntime = { kind: 'docker', path: '/usr/bin/docker', version: '28.2.2' };

function execution(over: Partial<ContainerExecution> = {}): ContainerExecution {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-exec-'));
  mkdirSync(join(dir, 'config'));
  return {
    runtime: podman,
    name: 'pipewright-abc-1.1',
    image: 'python:3.12',
    projectDir: '/home/ada/project',
    dir,
    env: { VH_OUTPUTS_DIR: '/valohai/outputs', TOKEN: 'secret value' },
    gpus: [],
    mounts: [],
    user: { uid: 0, gid: 0 },
    limits: {},
    ...over,
  };
}

describe('a step run in its image', () => {
  it('mounts the project and the execution folders where Valohai puts them, and works in /valohai/repository', () => {
    const run = execution();
    const { file, args } = containerArgs(run, ['/bin/sh', '-c', 'python train.py']);
    expect(file).toBe('/usr/bin/podman');
    expect(args.slice(0, 4)).toEqual(['run', '--rm', '--name', 'pipewright-abc-1.1']);
    const volumes = args.flatMap((a, i) => (a === '-v' ? [args[i + 1]] : []));
    expect(volumes).toEqual([
      '/home/ada/project:/valohai/repository',
      `${run.dir}/inputs:/valohai/inputs`,
      `${run.dir}/outputs:/valohai/outputs`,
      `${run.dir}/config:/valohai/config`,
    ]);
    expect(args[args.indexOf('-w') + 1]).toBe('/valohai/repository');
    expect(args.slice(-4)).toEqual(['python:3.12', '/bin/sh', '-c', 'python train.py']);
  });

  it('sets its variables from a file only its user reads, never on the command line where ps shows them', () => {
    const run = execution();
    const { args } = containerArgs(run, ['/bin/sh', '-c', 'true']);
    const file = args[args.indexOf('--env-file') + 1] as string;
    expect(readFileSync(file, 'utf8')).toBe('VH_OUTPUTS_DIR=/valohai/outputs\nTOKEN=secret value\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(args.join(' ')).not.toContain('secret value');
    // A value with a line break cannot be a line of that file: it goes as -e.
    const multi = containerArgs(execution({ env: { KEY: 'line 1\nline 2' } }), ['/bin/sh', '-c', 'true']).args;
    expect(multi[multi.indexOf('-e') + 1]).toBe('KEY=line 1\nline 2');
  });

  it("gives a rootful Docker this user's ids (so this user owns the outputs) and rootless Podman keep-id", () => {
    const asAda = { uid: 1000, gid: 1000 };
    const viaDocker = containerArgs(execution({ runtime: docker, user: asAda }), ['true']).args;
    expect(viaDocker[viaDocker.indexOf('--user') + 1]).toBe('1000:1000');
    const viaPodman = containerArgs(execution({ user: asAda }), ['true']).args;
    expect(viaPodman[viaPodman.indexOf('--userns') + 1]).toBe('keep-id');
    // A home it can write, for pip's per-user installs, unless the step sets one.
    const ada = execution({ user: asAda });
    const file = containerArgs(ada, ['true']).args.find((a) => a.endsWith('container.env')) as string;
    expect(readFileSync(file, 'utf8')).toContain('HOME=/tmp\n');
    const own = execution({ user: asAda, env: { HOME: '/work' } });
    expect(readFileSync(containerArgs(own, ['true']).args.find((a) => a.endsWith('container.env')) as string, 'utf8')).toBe('HOME=/work\n');
    expect(containerArgs(execution(), ['true']).args).not.toContain('--user');
  });

  it('hands it exactly its GPUs: Docker by --gpus, Podman by their CDI names', () => {
    const viaDocker = containerArgs(execution({ runtime: docker, gpus: [1, 3] }), ['true']).args;
    expect(viaDocker[viaDocker.indexOf('--gpus') + 1]).toBe('"device=1,3"');
    const viaPodman = containerArgs(execution({ gpus: [2] }), ['true']).args;
    expect(viaPodman[viaPodman.indexOf('--device') + 1]).toBe('nvidia.com/gpu=2');
    expect(containerArgs(execution(), ['true']).args.join(' ')).not.toMatch(/--gpus|--device/);
  });

  it("limits it to its resources' maxima, as Valohai's Kubernetes does", () => {
    const limited = containerArgs(execution({ limits: { memoryMb: 512, cpus: 1.5 } }), ['true']).args;
    expect(limited.slice(limited.indexOf('--memory'), limited.indexOf('--memory') + 4)).toEqual(['--memory', '512m', '--cpus', '1.5']);
    expect(containerArgs(execution(), ['true']).args.join(' ')).not.toMatch(/--memory|--cpus/);
  });

  it('binds in the step’s own mounts, read-only where they say so', () => {
    const run = execution({ mounts: [{ form: 'long', path: [], source: '/data', destination: '/mnt/data', readonly: true, options: {} }] });
    expect(containerArgs(run, ['true']).args).toContain('/data:/mnt/data:ro');
  });

  it('refuses a folder with a colon in its path, which -v cannot say, with the reason', () => {
    expect(() => containerArgs(execution({ projectDir: '/home/ada/a:b' }), ['true'])).toThrow(/has a ":" in it/);
  });
});

describe('the container runtime', () => {
  it('is named once per execution of a project, the same after a crash', () => {
    expect(containerName('/p/.pipewright', '3.12')).toBe(containerName('/p/.pipewright', '3.12'));
    expect(containerName('/p/.pipewright', '3.12')).not.toBe(containerName('/q/.pipewright', '3.12'));
    expect(containerName('/p/.pipewright', '3.12')).toMatch(/^pipewright-[0-9a-f]{10}-3\.12$/);
  });

  it("is read back from a run's recorded options, for its resume", () => {
    expect(runtimeOf('{"cache":false,"container":"podman"}')).toBe('podman');
    expect(runtimeOf('{"cache":false,"container":null}')).toBeNull();
    expect(runtimeOf('{"cache":false}')).toBeNull();
    expect(runtimeOf('not json')).toBeNull();
  });

  it('says why there is none: a runtime named wrongly, or one not installed, or one that cannot run containers', async () => {
    expect(await detectRuntime({ ...process.env, PIPEWRIGHT_CONTAINER_RUNTIME: 'lxc' })).toEqual({ ok: false, why: 'PIPEWRIGHT_CONTAINER_RUNTIME must be docker or podman (it is "lxc")' });
    const none = { ok: false, why: 'running steps in their images needs Docker or Podman: docker is not installed' };
    expect(await detectRuntime({ PATH: '/nonexistent', PIPEWRIGHT_CONTAINER_RUNTIME: 'docker' })).toEqual(none);
    expect(detectRuntimeNow({ PATH: '/nonexistent', PIPEWRIGHT_CONTAINER_RUNTIME: 'docker' })).toEqual(none);
    // A runtime that says why it cannot (a daemon not running): its first words.
    const bin = mkdtempSync(join(tmpdir(), 'pipewright-bin-'));
    writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon. Is it running?" >&2\nexit 1\n', { mode: 0o755 });
    const refused = { ok: false, why: 'running steps in their images needs Docker or Podman: docker cannot run containers here: Cannot connect to the Docker daemon. Is it running?' };
    expect(await detectRuntime({ PATH: bin, PIPEWRIGHT_CONTAINER_RUNTIME: 'docker' })).toEqual(refused);
    expect(detectRuntimeNow({ PATH: bin, PIPEWRIGHT_CONTAINER_RUNTIME: 'docker' })).toEqual(refused);
    // One that answers with its version, and is on PATH.
    writeFileSync(join(bin, 'podman'), '#!/bin/sh\necho 4.9.0\n', { mode: 0o755 });
    expect(await detectRuntime({ PATH: bin })).toEqual({ ok: true, runtime: { kind: 'podman', path: join(bin, 'podman'), version: '4.9.0' } });
  });
});
