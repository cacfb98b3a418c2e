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
    // (One its askers all left is stopping: a new asker starts afresh rather than take its cancel.)
    const current = this.inFlight.get(key);
    const held = current && !current.abort.signal.aborted ? current : this.begin(key, start);
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

  private begin(key: string, start: (signal: AbortSignal) => Promise<T>): Shared<T> {
    const abort = new AbortController();
    const shared: Shared<T> = {
      abort,
      waiters: 0,
      result: start(abort.signal).finally(() => {
        if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
      }),
    };
    this.inFlight.set(key, shared);
    // (An asker gone before it ends leaves its failure to nobody: it is not an unhandled rejection.)
    shared.result.catch(() => undefined);
    return shared;
  }
}
