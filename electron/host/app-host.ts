/**
 * The app served to a browser (browser mode, `pipewright serve`, the Playwright tests): the built
 * renderer plus the typed API, HTTP calls and a WebSocket of events, on 127.0.0.1 only. Every API
 * request needs the random token (the page gets it from the URL fragment, which never reaches a
 * server log); requests from another Origin, or addressed to another Host (DNS rebinding), are
 * refused; every call is checked against the contract by the project service.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_CALL_PREFIX, API_EVENTS_PATH, TOKEN_PROTOCOL_PREFIX } from '../../shared/api/contract.ts';
import { ProjectService } from '../runner/service/project-service.ts';
import { send, serveStatic } from './static-files.ts';

export interface HostOptions {
  readonly rendererDir: string;
  readonly projectDir: string;
  readonly port: number;
  readonly token?: string;
}

export interface RunningHost {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;
const MAX_BODY = 6 * 1024 * 1024;
/** How much of a body too large is read and dropped so that its sender sees the 413. */
const DRAIN_LIMIT = 256 * 1024 * 1024;
const STATUS = { 'bad-request': 400, 'not-found': 404, refused: 409, failed: 500 } as const;

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      // Too large: stop reading; the caller answers 413 and then closes the connection.
      req.pause();
      resolveBody(undefined);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const service = new ProjectService(resolve(options.projectDir));
  let origin = '';

  /** Why a request must be refused before anything else is looked at, if it must. */
  const refusal = (req: IncomingMessage): string | undefined => {
    // Any port (an SSH tunnel may map it), but only loopback names: a page on some other name
    // that resolves here (DNS rebinding) is refused.
    const host = req.headers.host ?? '';
    if (!LOOPBACK_HOST.test(host)) return 'refused: wrong Host';
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== `http://${host}`) return 'refused: foreign origin';
    return undefined;
  };

  const handleCall = async (req: IncomingMessage, res: ServerResponse, method: string): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');
    const auth = req.headers.authorization;
    if (!sameToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, token)) return send(res, 401, 'application/json', JSON.stringify({ code: 'refused', error: 'missing or wrong token' }));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'application/json', JSON.stringify({ code: 'bad-request', error: 'send the params as a JSON body with content-type: application/json' }));
    const declared = Number(req.headers['content-length'] ?? 0);
    const body = declared > MAX_BODY ? undefined : await readBody(req);
    if (body === undefined) {
      // The rest of the body is read and dropped (a client still sending would otherwise see its
      // connection reset before it reads this answer), up to a limit; then the connection closes.
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        if ((drained += chunk.length) > DRAIN_LIMIT) req.socket.destroy();
      });
      req.resume();
      res.setHeader('connection', 'close');
      return send(res, 413, 'application/json', JSON.stringify({ code: 'bad-request', error: `request too large (at most ${MAX_BODY / 1024 / 1024} MiB)` }));
    }
    let params: unknown;
    try {
      params = body === '' ? {} : JSON.parse(body);
    } catch {
      return send(res, 400, 'application/json', JSON.stringify({ code: 'bad-request', error: 'the body is not JSON' }));
    }
    const handled = await service.handle(method, params);
    if (handled.ok) return send(res, 200, 'application/json', JSON.stringify(handled.result));
    return send(res, STATUS[handled.error.code], 'application/json', JSON.stringify(handled.error));
  };

  const server = createServer((req, res) => {
    const why = refusal(req);
    if (why) return send(res, 403, 'text/plain', why);
    const url = new URL(req.url ?? '/', origin);
    const work = url.pathname.startsWith(API_CALL_PREFIX)
      ? handleCall(req, res, url.pathname.slice(API_CALL_PREFIX.length))
      : url.pathname.startsWith('/api/')
        ? Promise.resolve(send(res, 404, 'text/plain', 'no such api'))
        : req.method === 'GET' ? serveStatic(res, rendererDir, url.pathname) : Promise.resolve(send(res, 405, 'text/plain', 'method not allowed'));
    work.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', error instanceof Error ? error.message : 'error');
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: () => 'pipewright' });
  server.on('upgrade', (req, socket, head) => {
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const given = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (refusal(req) || path !== API_EVENTS_PATH || !sameToken(given, token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const unsubscribe = service.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      });
      // The page only listens; anything it sends is ignored.
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    server,
    close: async () => {
      service.close();
      for (const client of sockets.clients) client.terminate();
      const closed = new Promise<void>((done) => server.close(() => done()));
      // A page that polls keeps its keep-alive connection busy, so close() alone could wait
      // forever for it to go idle (it did, once in CI): end every connection now.
      server.closeAllConnections();
      await closed;
    },
  };
}
