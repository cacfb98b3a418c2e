/** Which executions of a `--container` run go into their step's image, and how (exec/container.ts). */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Mount } from '../../../shared/valohai/model/environment.ts';
import { containerName, containerPid, ensureImage, type ContainerExecution, type ContainerRuntime } from '../exec/container.ts';
import type { RunPlan } from '../../../shared/run/plan.ts';
import { recordUsage } from './usage-record.ts';
import { InputError } from '../files/inputs.ts';
import type { ChildContext } from './run-child.ts';
import type { PlannedFolder } from './prepare-execution.ts';

/** A step runs in its image when the run was asked to and it names one (else on this machine). */
export function inImage(container: ContainerRuntime | null, node: RunPlan['nodes'][number]): boolean {
  return container !== null && node.kind !== 'deployment' && node.step.image !== undefined && node.step.image !== '';
}

/** The mounts a container here can make: a folder of this machine bound in (not NFS and the like, which need Valohai's workers). */
export function bindable(mount: Mount): boolean {
  const kind = mount.form === 'long' ? mount.type : undefined;
  return (kind === undefined || kind === 'bind') && isAbsolute(mount.source) && existsSync(mount.source);
}

export function containerExecution(ctx: ChildContext, prepared: PlannedFolder, executionId: string, gpus: readonly number[]): ContainerExecution {
  const runtime = ctx.container;
  const image = ctx.node.step.image;
  if (runtime === null || image === undefined) throw new Error('not a container execution');
  const mounts = ctx.node.step.mounts.filter(bindable);
  const colon = [ctx.projectDir, prepared.dir, ...mounts.map((m) => m.source)].find((path) => path.includes(':'));
  if (colon !== undefined) throw new InputError(`${colon} has a ":" in its path, which a container runtime's -v cannot mount: move it to a path without one, or run without --container`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(prepared.env)) if (value !== undefined) env[name] = value;
  return {
    runtime,
    name: containerName(ctx.stateDir, executionId),
    image,
    projectDir: ctx.projectDir,
    dir: prepared.dir,
    env,
    gpus,
    mounts,
    limits: { memoryMb: ctx.node.step.resources?.memory.max, cpus: ctx.node.step.resources?.cpu.max },
    user: typeof process.getuid === 'function' && typeof process.getgid === 'function' ? { uid: process.getuid(), gid: process.getgid() } : null,
  };
}

/** Its image pulled first where the runtime lacks it (said), a cancel of the run ending the pull. */
export async function fetchImage(ctx: ChildContext, launch: ContainerExecution, say: (message: string) => void): Promise<void> {
  const stop = new AbortController();
  const unregister = ctx.registerCancel(() => stop.abort());
  try {
    await ensureImage(launch.runtime, launch.image, { ...ctx.baseEnv }, () => say(`pulling its image ${launch.image} with ${launch.runtime.kind}, which does not have it yet; its time limits start once it is here`), stop.signal);
  } finally {
    unregister();
  }
}

/** Reads what the container's processes use, once it runs (its client's group is not theirs); the returned function stops, saying the peak memory. */
export function recordContainerUsage(ctx: ChildContext, launch: ContainerExecution, executionId: string): () => number | null {
  let over = false;
  let stop: (() => number | null) | undefined;
  void containerPid(launch.runtime, launch.name, { ...ctx.baseEnv }, () => over).then((pgid) => {
    if (pgid !== null && !over) stop = recordUsage(ctx, { executionId, node: ctx.node.name, pgid, gpus: launch.gpus });
  });
  return () => {
    over = true;
    return stop?.() ?? null;
  };
}
