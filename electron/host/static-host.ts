/**
 * Browser mode: the built renderer and the project API over HTTP on 127.0.0.1 only, behind a
 * random token (in the URL the user opens; the page then sends it as a header). Requests from
 * another Origin are refused, and only files inside the renderer build are served.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PROJECT_READ_PATH, type ProjectSnapshot } from '../../shared/api/project.ts';

export interface HostOptions {
  readonly rendererDir: string;
  readonly projectDir: string;
  readonly port: number;
  readonly token?: string;
}

export interface RunningHost {
  readonly url: string;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) return send(res, 403, 'text/plain', 'refused: foreign origin');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname.startsWith('/api/')) {
      const auth = req.headers.authorization;
      if (!sameToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, token)) return send(res, 401, 'text/plain', 'refused: missing or wrong token');
      if (url.pathname === PROJECT_READ_PATH) {
        const path = join(options.projectDir, 'valohai.yaml');
        const snapshot: ProjectSnapshot = { path, text: await readFile(path, 'utf8') };
        return send(res, 200, 'application/json', JSON.stringify(snapshot));
      }
      return send(res, 404, 'text/plain', 'no such api');
    }
    // Static files: the page itself is public (it holds no data); the API needs the token.
    const relativePath = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(options.rendererDir, relativePath));
    if (!file.startsWith(options.rendererDir + sep)) return send(res, 403, 'text/plain', 'refused: outside the app');
    try {
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', error instanceof Error ? error.message : 'error'));
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
    token,
    server,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
