/**
 * The runner's side of the launcher (see launcher-source.ts): one per runner process, started at
 * the first execution, on Linux (elsewhere with `PIPEWRIGHT_SPAWN=launcher`). Where it cannot
 * start (no python3 ≥ 3.8, `PIPEWRIGHT_SPAWN=node`), or once it has died, executions are started
 * by Node itself (spawner.ts): slower, same behaviour.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { accessSync, constants as fsConstants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAUNCHER_BOOT, LAUNCHER_SOURCE } from './launcher-source.ts';
import type { OutputSink, Spawned, SpawnRequest, StreamName } from './spawner.ts';

type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface Entry {
  readonly sink: OutputSink;
  readonly started: (pid: number) => void;
  readonly failed: (why: string) => void;
  readonly exited: (exit: Exit) => void;
  pid: number | null;
  /** Streams still to end, plus one for the exit report: the entry goes at zero. */
  open: number;
  /** Its stream connections, once they have said whose they are. */
  readonly sockets: Socket[];
}

const START_TIMEOUT_MS = 10_000;

/** Where Linux keeps its own python3. */
export const SYSTEM_PYTHONS = ['/usr/bin/python3', '/bin/python3', '/usr/local/bin/python3'] as const;

/**
 * The system's own python3, where Linux has one: the launcher runs no user code and needs only the
 * standard library (3.8+), and a version manager's shim on PATH (pyenv's) is a shell script that
 * looks the version up first: 0.5 s of every run's start here, against 0.05 s. PATH's python3
 * otherwise (no system one: NixOS, a slim container).
 */
export function launcherPython(candidates: readonly string[] = SYSTEM_PYTHONS): string {
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here: the next
    }
  }
  return 'python3';
}

const signalNames = new Map<number, NodeJS.Signals>(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

export class Launcher {
  private readonly entries = new Map<string, Entry>();
  private next = 0;
  private broken = false;
  private buffered = '';

  private readonly child: ChildProcess;
  private readonly server: Server;
  private readonly token: Buffer;
  private readonly folder: string;

  private constructor(child: ChildProcess, server: Server, token: Buffer, folder: string) {
    this.child = child;
    this.server = server;
    this.token = token;
    this.folder = folder;
    server.on('connection', (socket) => this.route(socket));
    child.stdout?.setEncoding('latin1');
    child.stdout?.on('data', (text: string) => this.read(text));
    child.stdin?.on('error', () => undefined);
    child.on('exit', () => this.lost());
    this.idle();
  }

  /** Starts the launcher; null where it cannot run here. */
  static async start(): Promise<Launcher | null> {
    // Linux's libuv forks the whole runner for each child; macOS's already uses posix_spawn (and
    // its /usr/bin/python3 may be a stub that asks to install developer tools), so there Node
    // starts executions unless asked otherwise.
    const mode = process.env['PIPEWRIGHT_SPAWN'];
    if (mode === 'node' || (process.platform !== 'linux' && mode !== 'launcher')) return null;
    let folder: string;
    try {
      folder = mkdtempSync(join(tmpdir(), 'pipewright-')); // 0700: only this user can connect
    } catch {
      return null; // no writable temp folder: Node starts the executions
    }
    const address = join(folder, 'launcher.sock');
    const server = createServer();
    const token = randomBytes(18);
    let child: ChildProcess | undefined;
    let ready = false;
    // Its socket's folder goes with this process (closing a server removes only the socket), and
    // so does a python3 still starting (a slow shim) when the command ends before needing it.
    const cleanUp = (): void => {
      if (!ready && child?.pid !== undefined) killQuietly(-child.pid);
      rmSync(folder, { recursive: true, force: true });
    };
    process.once('exit', cleanUp);
    try {
      // python3 starts while the socket is set up (and while the caller goes on loading): it
      // connects only when the first execution starts.
      const listening = new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address, resolve);
      });
      // The source travels in the environment, so `ps` shows a short, recognisable command line.
      const launched = spawn(launcherPython(), ['-I', '-S', '-c', LAUNCHER_BOOT, 'pipewright-launcher', address], {
        detached: true, // its own group: a terminal's ^C reaches the runner, which decides
        stdio: ['pipe', 'pipe', 'ignore'],
        env: { ...process.env, PIPEWRIGHT_LAUNCHER_TOKEN: token.toString('base64url'), PIPEWRIGHT_LAUNCHER_SOURCE: LAUNCHER_SOURCE },
      });
      child = launched;
      // Starting keeps nothing alive (the caller that waits for it does): a command that ends
      // before its first execution (a usage error) is not held by a slow python3.
      holdNothing(launched, server);
      const answered = new Promise<boolean>((resolve) => {
        // A python3 that does not answer (a broken shim, a hung interpreter) must not hold the run.
        const timer = setTimeout(() => resolve(false), START_TIMEOUT_MS);
        timer.unref();
        const settle = (ok: boolean): void => {
          clearTimeout(timer);
          resolve(ok);
        };
        launched.once('error', () => settle(false));
        launched.once('exit', () => settle(false));
        launched.stdout?.once('data', (chunk: Buffer) => settle(chunk.toString('latin1').startsWith('r\n')));
      });
      await listening;
      ready = await answered;
      if (!ready) throw new Error('the launcher did not start');
      return new Launcher(launched, server, Buffer.from(token.toString('base64url')), folder);
    } catch {
      process.off('exit', cleanUp);
      cleanUp();
      server.close();
      return null;
    }
  }

  get usable(): boolean {
    return !this.broken;
  }

  spawn(request: SpawnRequest): Promise<Spawned> {
    const id = `e${(this.next += 1)}`;
    return new Promise((resolve, reject) => {
      let settle: (exit: Exit) => void = () => undefined;
      const exited = new Promise<Exit>((done) => (settle = done));
      const sockets: Socket[] = [];
      this.entries.set(id, {
        sink: request.sink,
        pid: null,
        open: 3,
        sockets,
        // (Each ends its stream as it closes: see route.)
        started: (pid) => resolve({ pid, exited, detach: () => sockets.forEach((socket) => socket.destroy()) }),
        failed: (why) => reject(new Error(why)),
        exited: settle,
      });
      this.busy();
      // Lone surrogates become U+FFFD, as Node's own spawn makes them, so both ways start the same.
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.env)) if (value !== undefined) env[key.toWellFormed()] = value.toWellFormed();
      const args = [request.file, ...request.args].map((arg) => arg.toWellFormed());
      this.child.stdin?.write(`${JSON.stringify({ id, file: request.file.toWellFormed(), args, cwd: request.cwd, env })}\n`);
    });
  }

  private read(text: string): void {
    const lines = (this.buffered + text).split('\n');
    this.buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, id = '', a = '', ...rest] = line.split(' ');
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (kind === 's') {
        entry.pid = Number(a);
        entry.started(entry.pid);
      } else if (kind === 'f') {
        this.entries.delete(id);
        this.release();
        entry.failed(parseWhy([a, ...rest].join(' ')));
      } else if (kind === 'x') {
        const signal = rest[0] === '-' ? null : (signalNames.get(Number(rest[0])) ?? 'SIGKILL');
        entry.exited({ code: a === '-' ? null : Number(a), signal });
        this.settled(id, entry);
      }
    }
  }

  /** A stream connection: its first line names the execution and the stream, the rest is output. */
  private route(socket: Socket): void {
    let head: Buffer = Buffer.alloc(0);
    let target: { id: string; entry: Entry; stream: StreamName } | null = null;
    let ended = false;
    const end = (): void => {
      if (ended || !target) return;
      ended = true;
      if (this.entries.get(target.id) !== target.entry) return;
      target.entry.sink.end(target.stream);
      this.settled(target.id, target.entry);
    };
    socket.on('data', (chunk: Buffer) => {
      if (target) {
        if (this.entries.get(target.id) === target.entry) target.entry.sink.data(target.stream, chunk);
        return;
      }
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const newline = head.indexOf(10);
      if (newline < 0) {
        if (head.length > 200) socket.destroy();
        return;
      }
      const [token = '', id = '', stream = ''] = head.subarray(0, newline).toString('latin1').split(' ');
      const entry = this.entries.get(id);
      const given = Buffer.from(token);
      if (!entry || given.length !== this.token.length || !timingSafeEqual(given, this.token) || (stream !== 'o' && stream !== 'e')) {
        socket.destroy();
        return;
      }
      target = { id, entry, stream: stream === 'o' ? 'stdout' : 'stderr' };
      entry.sockets.push(socket);
      const rest = head.subarray(newline + 1);
      if (rest.length > 0) entry.sink.data(target.stream, rest);
    });
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', () => undefined);
  }

  private settled(id: string, entry: Entry): void {
    if (this.entries.get(id) !== entry) return; // it failed to start; its streams mean nothing
    entry.open -= 1;
    if (entry.open > 0) return;
    this.entries.delete(id);
    this.release();
  }

  /** The launcher died under us: what it ran goes too, and later executions start from Node. */
  private lost(): void {
    this.broken = true;
    for (const [id, entry] of this.entries) {
      if (entry.pid === null) {
        this.entries.delete(id);
        this.release();
        entry.failed('the launcher stopped');
        continue;
      }
      killQuietly(-entry.pid);
      entry.exited({ code: null, signal: 'SIGKILL' });
      this.settled(id, entry);
    }
    this.server.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  // While executions are out, the launcher's pipe keeps the process alive; idle, it does not.
  private inFlight = 0;
  private busy(): void {
    if ((this.inFlight += 1) === 1) {
      (this.child.stdout as Socket | null)?.ref();
      this.child.ref();
    }
  }

  private release(): void {
    if ((this.inFlight -= 1) <= 0) this.idle();
  }

  private idle(): void {
    this.inFlight = 0;
    holdNothing(this.child, this.server);
  }
}

/** The launcher, its pipes and its socket stop keeping this process alive. */
function holdNothing(child: ChildProcess, server: Server): void {
  child.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  server.unref();
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function parseWhy(text: string): string {
  try {
    return String(JSON.parse(text));
  } catch {
    return text;
  }
}
