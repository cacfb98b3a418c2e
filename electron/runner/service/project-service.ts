/**
 * The engine side of the typed API (shared/api/contract.ts) for one open project. Both
 * transports call `handle()`: the loopback host (HTTP + WebSocket) and Electron's IPC. It checks
 * every request against the contract, turns expected failures into plain error data, and pushes
 * run events and on-disk changes of valohai.yaml to subscribers.
 */
import { availability, detectRuntime } from '../exec/container.ts';
import { createHash } from 'node:crypto';
import { realpathSync, watch, type FSWatcher } from 'node:fs';
import { chmod, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { API, type ApiError, type ApiEvent, type ApiMethod, type ApiParams, type ApiResult } from '../../../shared/api/contract.ts';
import { grouped } from '../../../shared/run/grouped-warnings.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { planDataAdd, runDataAdd } from '../data-add-run.ts';
import { previewRun, previewWarnings } from '../plan-preview.ts';
import { dotenvValues } from '../project-dotenv.ts';
import { exportArgo } from '../argo-export.ts';
import { decodeYamlBytes } from '../decode-yaml.ts';
import { readLayoutFile, writeLayoutFile } from '../layout-file.ts';
import { markInterrupted } from '../liveness.ts';
import { resumeRun, startRun, type RunRequest } from '../runner.ts';
import { RunnerError } from '../runner-error.ts';
import { decide, openStore, requestCancel } from '../stored-runs.ts';
import { hasRunDatabase, isStandIn, STATE_DIR } from '../store/database.ts';
import { namesGivenIn } from '../store/datum-index.ts';
import type { RunStore } from '../store/run-store.ts';
import { EndpointRefused, EndpointServers, type ServedFrom } from './endpoint-servers.ts';
import { projectScriptOutline, projectScripts } from './project-scripts.ts';
import { readOutput } from './output-preview.ts';
import { namedForInputs, runInputs } from './input-records.ts';
import { metadataSeries, nodeHistory, readRunLogs, runDetails, runExecutions, runOutputs, runSummary, usageSeries } from './run-queries.ts';

export type Handled = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: ApiError };

export const versionOf = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 20);

class ApiFailure extends Error {
  readonly code: ApiError['code'];
  constructor(code: ApiError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export class ProjectService {
  readonly projectDir: string;
  private readonly yamlPath: string;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  /** The runs this process drives, with ways to cancel them and to leave them for a later resume. */
  private readonly active = new Map<string, { cancel: () => void; leave: (reason: string) => void }>();
  private readonly endpoints: EndpointServers;
  private store: RunStore | undefined;
  private watchers: FSWatcher[] = [];
  private knownVersion = '';
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(projectDir: string) {
    this.projectDir = projectDir;
    this.yamlPath = join(projectDir, 'valohai.yaml');
    this.endpoints = new EndpointServers(join(projectDir, STATE_DIR), this.yamlPath);
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    this.startWatching();
    return () => this.listeners.delete(listener);
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Tells subscribers when valohai.yaml changes on disk other than through `project.save`. */
  private startWatching(): void {
    if (this.watchers.length > 0) return;
    // The file's own folder too where valohai.yaml is a symbolic link: a change is made to its target.
    const places = new Map<string, Set<string>>([[this.projectDir, new Set(['valohai.yaml'])]]);
    try {
      const real = realpathSync(this.yamlPath);
      places.set(dirname(real), new Set([...(places.get(dirname(real)) ?? []), basename(real)]));
    } catch {
      // not there yet (a new project): its folder is watched
    }
    for (const [dir, names] of places) {
      try {
        const watcher = watch(dir, (_type, file) => {
          if (file !== null && !names.has(file)) return;
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.checkDisk(), 80);
        });
        watcher.on('error', () => undefined);
        this.watchers.push(watcher);
      } catch {
        // A folder that cannot be watched still works; only the reload prompt is lost.
      }
    }
  }

  private async checkDisk(): Promise<void> {
    const text = await readFile(this.yamlPath, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    const version = versionOf(text);
    if (version === this.knownVersion) return;
    this.knownVersion = version;
    this.emit({ kind: 'project-changed', version });
  }

  /**
   * The run store, with runs whose runner died since the last look marked interrupted: a run
   * started from the CLI and killed must not show as running in an open editor forever.
   */
  private runs(): RunStore {
    // A project that had not run when it was looked at reads as empty until its first run makes runs.db.
    if (this.store && isStandIn(this.store.db) && hasRunDatabase(this.projectDir)) {
      this.store.close();
      this.store = undefined;
    }
    if (this.store) markInterrupted(this.store);
    else this.store = openStore(this.projectDir); // (opening marks them too)
    return this.store;
  }

  async handle(method: string, params: unknown): Promise<Handled> {
    if (!Object.hasOwn(API, method)) return { ok: false, error: { code: 'not-found', error: `no API method "${method}"` } };
    const name = method as ApiMethod;
    const parsed = API[name].params.safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: { code: 'bad-request', error: `${name}: ${issue?.path.join('.') || 'params'}: ${issue?.message ?? 'invalid'}` } };
    }
    try {
      return { ok: true, result: await this.call(name, parsed.data as Record<string, unknown>) };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: { code: error.code, error: error.message } };
      if (error instanceof RunnerError) return { ok: false, error: { code: error.exitCode === 2 ? 'not-found' : 'refused', error: error.message } };
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { code: 'failed', error: message } };
    }
  }

  /** Params arrive checked against the contract (defaults filled in), so the casts below hold. */
  private async call(method: ApiMethod, p: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'project.open':
        return this.open();
      case 'project.scripts':
        return { scripts: await projectScripts(this.projectDir) };
      case 'script.outline': {
        // Asking of another file is no error (a step's command may run anything): nothing is read, and the note says why.
        const outline = await projectScriptOutline(this.projectDir, p['script'] as string, p['command'] as string | undefined);
        if (outline === undefined) return { step: null, image: null, parameters: [], inputs: [], environment: [], notes: [`${p['script'] as string} is not a Python script of this project (at its top or two folders down): nothing was read`], accepts: null, modules: [], commands: [] };
        return { ...outline, step: outline.step ?? null, image: outline.image ?? null, accepts: outline.accepts ?? null };
      }
      case 'project.save':
        return this.save(p['text'] as string, p['baseVersion'] as string, p['force'] as boolean);
      case 'layout.save':
        await writeLayoutFile(this.projectDir, p['layout'] as never);
        return {};
      case 'project.validate':
        return { diagnostics: importValohaiYaml(p['text'] as string).diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })) };
      case 'run.start':
        return this.launch((hooks) => startRun({ ...runChoices(this.projectDir, p), ...hooks }));
      case 'run.plan':
        return this.plan(p);
      case 'export.argo':
        return this.exportArgo(p['pipeline'] as string, p['parameters'] as Record<string, string[]>);
      case 'run.resume':
        return this.resume(p['runId'] as string);
      case 'run.cancel': {
        const id = p['runId'] as string;
        const local = this.active.get(id);
        if (local) local.cancel();
        else requestCancel(this.projectDir, id);
        return {};
      }
      case 'run.decide': {
        const { run } = decide(this.projectDir, p['runId'] as string, p['node'] as string, p['decision'] as 'approved' | 'rejected', `${userInfo().username} (ui)`, p['comment'] as string);
        // A run no runner drives (left when the editor closed, or its runner killed) goes on now, as deciding asks.
        if (run.status === 'interrupted' && !this.active.has(run.id)) await this.resume(run.id);
        return {};
      }
      case 'endpoint.serve':
        try {
          return await this.endpoints.serve(p['from'] as ServedFrom, p['endpoint'] as string, p['port'] as number | undefined);
        } catch (error) {
          if (error instanceof EndpointRefused) throw new ApiFailure('refused', error.message);
          throw error;
        }
      case 'endpoint.stop':
        this.endpoints.stop(p['from'] as ServedFrom, p['endpoint'] as string);
        return {};
      case 'endpoints.list':
        return { endpoints: this.endpoints.list() };
      case 'containers.runtime':
        return availability(await detectRuntime(process.env));
      case 'runs.list':
        return { runs: this.runs().listRuns(p['limit'] as number).map(runSummary) };
      case 'run.show':
        return runDetails(this.runs(), p['runId'] as string);
      case 'logs.read':
        return readRunLogs(this.runs(), this.projectDir, p['runId'] as string, p['node'] as string, p['limit'] as number);
      case 'metadata.series':
        return metadataSeries(this.runs(), p['runId'] as string, p['node'] as string);
      case 'usage.series':
        return usageSeries(this.runs(), p['runId'] as string, p['node'] as string);
      case 'executions.list':
        return runExecutions(this.runs(), p['runId'] as string, p['node'] as string);
      case 'executions.history':
        return nodeHistory(this.runs(), p['pipeline'] as string, p['node'] as string, p['limit'] as number);
      case 'output.read':
        return readOutput(this.runs(), { runId: p['runId'] as string, node: p['node'] as string, execution: p['execution'] as string, path: p['path'] as string });
      case 'outputs.list':
        return runOutputs(this.runs(), p['runId'] as string, p['node'] as string);
      case 'inputs.list':
        return runInputs(this.runs(), p['runId'] as string, p['node'] as string);
      case 'environment.given': {
        const file = dotenvValues(this.projectDir);
        const given = (p['names'] as string[]).flatMap((name): { name: string; from: 'shell' | '.env' }[] => (process.env[name] !== undefined ? [{ name, from: 'shell' }] : file[name] !== undefined ? [{ name, from: '.env' }] : []));
        return { given };
      }
      case 'data.list':
        return namedForInputs(this.runs());
      case 'data.add':
        return this.addData(p['name'] as string, p['paths'] as string[]);
    }
  }

  private async open(): Promise<ApiResult<'project.open'>> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.yamlPath);
    } catch (error) {
      // A folder without one opens as a new, empty file: the first save creates it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') bytes = Buffer.alloc(0);
      else throw new ApiFailure('not-found', `${this.projectDir} has no readable valohai.yaml`);
    }
    // Text that is not UTF-8 would be shown mangled, and saved back mangled: refused as it is.
    const decoded = decodeYamlBytes(bytes, true);
    if (!decoded.ok) throw new ApiFailure('refused', `valohai.yaml cannot be opened: ${decoded.message} (opened as it is, a save would change its bytes)`);
    const text = decoded.text;
    this.knownVersion = versionOf(text);
    const layout = await readLayoutFile(this.projectDir);
    return {
      dir: this.projectDir,
      path: this.yamlPath,
      text,
      version: this.knownVersion,
      layout: layout.ok ? layout.layout : { version: 1, pipelines: {} },
      layoutProblem: layout.ok ? null : layout.message,
      scripts: await projectScripts(this.projectDir),
    };
  }

  /** Writes atomically, refusing (unless forced) when the file changed on disk since `baseVersion`. */
  private async save(text: string, baseVersion: string, force: boolean): Promise<ApiResult<'project.save'>> {
    const disk = await readFile(this.yamlPath, 'utf8').catch(() => '');
    const diskVersion = versionOf(disk);
    if (!force && diskVersion !== baseVersion && disk !== text) return { saved: false, reason: 'changed-on-disk', diskText: disk, version: diskVersion };
    const version = versionOf(text);
    this.knownVersion = version;
    // Into the file the name leads to: a valohai.yaml that is a symbolic link stays one, and the
    // file keeps who may read and write it (a rename puts a new file in its place).
    const target = await realpath(this.yamlPath).catch(() => this.yamlPath);
    const mode = (await stat(target).catch(() => undefined))?.mode;
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, text);
    if (mode !== undefined) await chmod(temp, mode & 0o7777);
    await rename(temp, target);
    return { saved: true, version };
  }

  /** What `start` with the same choices would do, node by node; refused with the words a start would be. */
  private async plan(p: Record<string, unknown>): Promise<ApiResult<'run.plan'>> {
    const previewed = await previewRun(runChoices(this.projectDir, p));
    return { nodes: previewed.nodes.map((n) => ({ ...n, actions: n.actions ? [...n.actions] : undefined, takes: n.takes ? [...n.takes] : undefined, fetches: n.fetches ? [...n.fetches] : undefined })), warnings: grouped(previewWarnings(previewed.warnings)).map((w) => w.message) };
  }

  private async exportArgo(pipeline: string, pipelineParams: Record<string, string[]>): Promise<ApiResult<'export.argo'>> {
    const { yaml, warnings } = await exportArgo({ projectDir: this.projectDir, pipeline, planOptions: { pipelineParams, nodeParams: {} } });
    return { yaml, warnings: [...warnings], filename: `${pipeline.replace(/[^\w.-]+/g, '-')}.argo.yaml` };
  }

  /** Files of this machine given a name, as `pipewright data add` gives it; answers once its run has ended. */
  private async addData(name: string, paths: readonly string[]): Promise<ApiResult<'data.add'>> {
    const planned = await planDataAdd(this.projectDir, this.projectDir, name, paths);
    if (typeof planned === 'string') throw new ApiFailure('refused', planned);
    let runId: string | undefined;
    const ended = await runDataAdd(this.projectDir, planned, {
      onEvent: (event) => this.emit({ kind: 'run', event }),
      onStarted: ({ id, cancel, leave }) => {
        runId = id;
        this.active.set(id, { cancel: () => cancel(), leave });
      },
    }).finally(() => {
      if (runId !== undefined) this.active.delete(runId);
    });
    const store = this.runs();
    return { runId: ended.runId, status: ended.status, named: namesGivenIn(store.db, ended.runId), error: store.getRun(ended.runId)?.error ?? null };
  }

  private resume(runId: string): Promise<{ runId: string }> {
    return this.launch((hooks) => resumeRun({ projectDir: this.projectDir, runId, ...hooks }));
  }

  /** Answers once the run is under way (or could not start); the run goes on in this process. */
  private launch(begin: (hooks: Pick<RunRequest, 'onEvent' | 'onStarted'>) => Promise<{ runId: string }>): Promise<{ runId: string }> {
    return new Promise((resolveStart, rejectStart) => {
      let started = false;
      begin({
        onEvent: (event) => this.emit({ kind: 'run', event }),
        onStarted: ({ id, cancel, leave }) => {
          started = true;
          this.active.set(id, { cancel: () => cancel(), leave });
          resolveStart({ runId: id });
        },
      }).then(
        ({ runId }) => this.active.delete(runId),
        (error: unknown) => {
          if (!started) rejectStart(error);
        },
      );
    });
  }

  /** How many runs this service drives now (close() stops them, resumable). */
  runsGoing(): number {
    return this.active.size;
  }

  close(): void {
    this.endpoints.close();
    clearTimeout(this.debounce);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    // A run waiting for an approval keeps waiting (approve, then resume); one with steps running
    // stops, said as such, so it is not taken for one its user cancelled.
    for (const run of this.active.values()) run.leave('the editor was closed while the run went on; resume continues it');
    this.store = undefined;
  }
}

/** A `run.start` or `run.plan` request (checked, defaults filled in) as the runner takes a run's choices. */
function runChoices(projectDir: string, p: Record<string, unknown>) {
  const environment = p['environment'] as Record<string, string>;
  const reuse = p['reuse'] as ApiParams<'run.start'>['reuse'];
  return {
    projectDir,
    pipeline: p['pipeline'] as string,
    planOptions: { pipelineParams: p['parameters'] as Record<string, string[]>, nodeParams: {}, nodeInputs: givenInputs(p['inputs'] as Record<string, Record<string, string[]>>), ...(Object.keys(environment).length > 0 ? { environmentValues: environment } : {}) },
    cache: p['cache'] as boolean,
    container: p['container'] as boolean,
    ...(reuse ? { reuse: `${reuse.runId}:${reuse.nodes.join(',')}` } : {}),
  };
}

/** The editor's input files as the plan takes them: no files is `node.input=` (an optional input given none). */
function givenInputs(inputs: Record<string, Record<string, string[]>>): Record<string, Record<string, string[]>> {
  return Object.fromEntries(Object.entries(inputs).map(([node, byInput]) => [node, Object.fromEntries(Object.entries(byInput).map(([input, files]) => [input, files.length === 0 ? [''] : files]))]));
}
