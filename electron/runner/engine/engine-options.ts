/** What a run engine is given: the project, its store, the machine, how it runs and reports. */
import type { RunEvent } from '../../../shared/run/events.ts';
import type { ContainerRuntime } from '../exec/container.ts';
import type { Machine } from '../resources.ts';
import type { RunStore } from '../store/run-store.ts';
import type { CodeEntry } from '../project-code.ts';

export interface EngineOptions {
  readonly projectDir: string;
  readonly stateDir: string;
  readonly store: RunStore;
  readonly machine: Machine;
  /** Reuse any earlier execution with the same cache key (`reuse-executions` or `--cache`). */
  readonly cache: boolean;
  /** Steps with an image run in it (`--container`); null: every command runs on this machine. */
  readonly container: ContainerRuntime | null;
  /** Nodes whose results come from an earlier run (`--reuse RUN:a,b`). */
  readonly reuse?: { readonly runId: string; readonly nodes: ReadonlySet<string> };
  readonly onEvent: (event: RunEvent) => void;
  /** The environment every execution's starts from: the runner's as the run started (runner.ts: runEnvironment). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** What to say as the run ends, before its run:finish (project-writes.ts); null: nothing. */
  readonly closingWords?: () => Promise<string | null>;
  /** The project's code as the run started (project-writes.ts), for the cache keys' fingerprint: not listed twice. */
  readonly codeAtStart?: Promise<readonly CodeEntry[] | null>;
  /** How often approvals and cancel requests from other processes are read. */
  readonly pollMs?: number;
}
