/**
 * The endpoints the editor serves (as `pipewright endpoint` does in a terminal): one server per
 * run, node and endpoint, answering on 127.0.0.1 before it is announced, stopped on request or
 * when the project closes.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiParams, ApiResult } from '../../../shared/api/contract.ts';
import { importValohaiYaml } from '../../../shared/valohai/import.ts';
import { decodeYamlBytes } from '../decode-yaml.ts';
import { answering, findEndpoint, findProjectEndpoint, listensBeyondThisMachine, missingFilesWarning, startEndpoint, stopEndpoint, type Found } from '../endpoint-server.ts';

/** A run's deployment node, or the project folder as it is (valohai.yaml as saved): as the API says it. */
export type ServedFrom = ApiParams<'endpoint.serve'>['from'];

/** An endpoint served, and where: the API's answer. */
export type Serving = ApiResult<'endpoint.serve'>;

const keyOf = (from: ServedFrom, endpoint: string): string => (from.kind === 'run' ? `run/${from.runId}/${from.node}/${endpoint}` : `project/${endpoint}`);

/** A request that cannot be met, said as is. */
export class EndpointRefused extends Error {}

const TAIL = 20;

export class EndpointServers {
  private readonly servers = new Map<string, { serving: Serving; child: ChildProcess }>();
  private readonly stateDir: string;

  private readonly yamlPath: string;

  constructor(stateDir: string, yamlPath: string) {
    this.stateDir = stateDir;
    this.yamlPath = yamlPath;
  }

  /** The endpoint to serve: a run's, or valohai.yaml's as saved (an unsaved edit is not served). */
  private find(from: ServedFrom, endpoint: string): Found & { readonly missing?: readonly string[] } {
    if (from.kind === 'run') return findEndpoint(this.stateDir, from.runId, from.node, endpoint);
    let text: string;
    try {
      const decoded = decodeYamlBytes(readFileSync(this.yamlPath));
      if (!decoded.ok) return { ok: false, message: `valohai.yaml cannot be read: ${decoded.message}` };
      text = decoded.text;
    } catch {
      return { ok: false, message: 'valohai.yaml is not saved yet: save it (Ctrl+S) to serve its endpoints' };
    }
    const { config, diagnostics } = importValohaiYaml(text);
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, message: 'valohai.yaml as saved has errors: fix them (the Problems list says where) and save' };
    return findProjectEndpoint(dirname(this.yamlPath), config.endpoints, endpoint);
  }

  list(): Serving[] {
    return [...this.servers.values()].map((s) => s.serving);
  }

  async serve(from: ServedFrom, endpoint: string, port: number | undefined): Promise<Serving> {
    const found = this.find(from, endpoint);
    if (!found.ok) throw new EndpointRefused(found.message);
    const key = keyOf(from, found.served.name);
    const running = this.servers.get(key);
    if (running) return running.serving;
    const at = port ?? found.served.port;
    let child: ChildProcess;
    try {
      child = startEndpoint(found.served, at, 'pipe', dirname(this.stateDir));
    } catch (error) {
      throw new EndpointRefused(error instanceof Error ? error.message : String(error));
    }
    const lines: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      // Whole lines: a line can come in several writes (Python's traceback writes "Error", ": ", the message).
      let partial = '';
      const take = (text: string): void => {
        lines.push(...text.split('\n').filter((l) => l !== ''));
        lines.splice(0, Math.max(0, lines.length - TAIL));
      };
      stream?.on('data', (text: string) => {
        const end = (partial + text).lastIndexOf('\n');
        const joined = partial + text;
        partial = joined.slice(end + 1);
        take(joined.slice(0, end + 1));
      });
      stream?.on('end', () => take(partial));
    }
    child.on('error', () => undefined);
    try {
      await answering(child, at);
    } catch (error) {
      stopEndpoint(child);
      // Its exit can come before the last of what it printed: that is read first (a second at most).
      await new Promise<void>((read) => {
        const done = (): void => {
          clearTimeout(timer);
          read();
        };
        const timer = setTimeout(done, 1000);
        child.once('close', done);
        if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) done();
      });
      const why = error instanceof Error ? error.message : String(error);
      throw new EndpointRefused(`endpoint ${found.served.name} could not be served on port ${at}: ${why}${lines.length > 0 ? `; its last lines:\n${lines.join('\n')}` : ''}`);
    }
    const serving: Serving = { from, endpoint: found.served.name, url: `http://127.0.0.1:${at}/`, exposure: listensBeyondThisMachine(found.served) ?? null, missing: missingFilesWarning(found.missing) ?? null };
    this.servers.set(key, { serving, child });
    child.once('exit', () => this.servers.delete(key));
    return serving;
  }

  stop(from: ServedFrom, endpoint: string): void {
    const key = keyOf(from, endpoint);
    const running = this.servers.get(key);
    if (!running) return;
    this.servers.delete(key);
    stopEndpoint(running.child);
  }

  close(): void {
    for (const { child } of this.servers.values()) stopEndpoint(child);
    this.servers.clear();
  }
}
