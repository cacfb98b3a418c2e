/**
 * The endpoints the editor serves (as `pipewright endpoint` does in a terminal): one server per
 * run, node and endpoint, answering on 127.0.0.1 before it is announced, stopped on request or
 * when the project closes.
 */
import type { ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { answering, findEndpoint, listensBeyondThisMachine, startEndpoint, stopEndpoint } from '../endpoint-server.ts';

export interface Serving {
  readonly runId: string;
  readonly node: string;
  readonly endpoint: string;
  readonly url: string;
}

/** A request that cannot be met, said as is. */
export class EndpointRefused extends Error {}

const TAIL = 20;

export class EndpointServers {
  private readonly servers = new Map<string, { serving: Serving; child: ChildProcess }>();
  private readonly stateDir: string;

  constructor(stateDir: string) {
    this.stateDir = stateDir;
  }

  list(): Serving[] {
    return [...this.servers.values()].map((s) => s.serving);
  }

  async serve(runId: string, node: string, endpoint: string, port: number | undefined): Promise<Serving> {
    const found = findEndpoint(this.stateDir, runId, node, endpoint);
    if (!found.ok) throw new EndpointRefused(found.message);
    const key = `${runId}/${node}/${found.served.name}`;
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
    const serving = { runId, node, endpoint: found.served.name, url: `http://127.0.0.1:${at}/`, exposure: listensBeyondThisMachine(found.served) ?? null };
    this.servers.set(key, { serving, child });
    child.once('exit', () => this.servers.delete(key));
    return serving;
  }

  stop(runId: string, node: string, endpoint: string): void {
    const key = `${runId}/${node}/${endpoint}`;
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
