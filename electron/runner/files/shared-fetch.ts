/**
 * A fetch several executions wait for at once (a sweep's children asking for one URL): done once,
 * and given up only when every one waiting for it was cancelled. A cancelled execution stops
 * waiting at once, whatever the others do; the fetch itself stops with the last of them.
 */

/** What a fetch throws to an execution that was cancelled while it waited. */
export class FetchCancelled extends Error {
  constructor(url: string) {
    super(`cancelled while ${url} was fetched`);
  }
}

interface Shared<T> {
  readonly result: Promise<T>;
  readonly abort: AbortController;
  waiters: number;
}

export class SharedFetches<T> {
  private readonly inFlight = new Map<string, Shared<T>>();

  /** The result of `start` for `key`, started once for all who ask meanwhile; `signal`: this asker's cancel. */
  get(key: string, url: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new FetchCancelled(url));
    let shared = this.inFlight.get(key);
    if (!shared) {
      const abort = new AbortController();
      const result = start(abort.signal).finally(() => this.inFlight.delete(key));
      shared = { result, abort, waiters: 0 };
      this.inFlight.set(key, shared);
      // (An asker gone before it ends leaves its failure to nobody: it is not an unhandled rejection.)
      result.catch(() => undefined);
    }
    const held = shared;
    held.waiters += 1;
    if (!signal) return held.result;
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        held.waiters -= 1;
        if (held.waiters === 0) held.abort.abort();
        reject(new FetchCancelled(url));
      };
      signal.addEventListener('abort', leave, { once: true });
      held.result.then(
        (value) => (signal.removeEventListener('abort', leave), resolve(value)),
        (error: unknown) => (signal.removeEventListener('abort', leave), reject(signal.aborted ? new FetchCancelled(url) : error)),
      );
    });
  }
}
