/** A real HTTP server on 127.0.0.1 for a test: started by it, closed after it (or by it, to play a server gone). */
import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach } from 'vitest';

export interface TestServer {
  /** Serves `handler`; the server's base URL (http://127.0.0.1:PORT). */
  serve(handler: RequestListener): Promise<string>;
  /** Stops it now: what asks next finds nothing listening. */
  close(): Promise<void>;
}

/** Call at the top of a test file: each test may start one server. */
export function testServer(): TestServer {
  let server: Server | undefined;
  const close = async (): Promise<void> => {
    if (!server) return;
    const closing = server;
    server = undefined;
    closing.closeAllConnections();
    await new Promise((done) => closing.close(done));
  };
  afterEach(close);
  return {
    serve: async (handler) => {
      const started = createServer(handler);
      server = started;
      await new Promise<void>((done) => started.listen(0, '127.0.0.1', done));
      return `http://127.0.0.1:${(started.address() as { port: number }).port}`;
    },
    close,
  };
}
