/**
 * A fetch several executions wait for at once (a sweep's children asking for one URL): done once,
 * and given up only when every one waiting for it was cancelled. A cancelled execution stops
 * waiting at once, whatever the others do; the fetch itself stops with the last of them. Each one
 * waiting hears how far it has come (a late asker first hears where it stands).
 */
import type { RunCheck } from './kept-copy.ts';

/** What a fetch throws to an execution that was cancelled while it waited. */
export class FetchCancelled extends Error {
  constructor(url: string) {
    super(`cancelled while ${url} was fetched`);
  }
}

/** How far a fetch has come, in bytes; `total` null where it is not known. */
export interface FetchProgress {
  readonly received: number;
  readonly total: number | null;
  readonly done: boolean;
}

export type OnProgress = (progress: FetchProgress) => void;

/** How often at most a fetch says how far it has come. */
export const PROGRESS_EVERY_MS = 250;

/** Bytes counted as they come and said to `report`: at once when the size is set, then at most every PROGRESS_EVERY_MS, and once done. */
export function progressTally(report: OnProgress, total: number | null = null) {
  let received = 0;
  let said = Date.now();
  const say = (): void => report({ received, total, done: false });
  return {
    /** The size in all, once known (null: not said), with what an earlier fetch already brought (said in the same word). */
    size(length: number | null, already = 0): void {
      total = length;
      received += already;
      say();
    },
    add(bytes: number): void {
      received += bytes;
      if (Date.now() - said < PROGRESS_EVERY_MS) return;
      said = Date.now();
      say();
    },
    done(): void {
      report({ received, total: received, done: true });
    },
  };
}

/** How an execution asks for a URL's files (download.ts, bucket-fetch.ts). */
export interface FetchOptions {
  /** Its cancel (FetchCancelled). */
  readonly signal?: AbortSignal;
  /** Hears how far the fetch has come, while it comes. */
  readonly onProgress?: OnProgress;
  /**
   * The run's check of what downloads/ keeps (kept-copy.ts). Without it a kept copy is used as it
   * is, a single bucket object too, and a bucket wildcard is listed again.
   */
  readonly check?: RunCheck;
}

/** What a fetch is given: its cancel, and where to say how far it has come. */
export interface FetchControl {
  readonly signal: AbortSignal;
  readonly report: OnProgress;
}

interface Shared<T> {
  readonly result: Promise<T>;
  readonly abort: AbortController;
  readonly listeners: Set<OnProgress>;
  /** What it said last, for one who asks later. */
  readonly said: { last?: FetchProgress };
  waiters: number;
}

export class SharedFetches<T> {
  private readonly inFlight = new Map<string, Shared<T>>();

  /**
   * The result of `start` for `key`, started once for all who ask meanwhile; `signal`: this
   * asker's cancel; `onProgress`: where this asker hears how far it has come.
   */
  get(key: string, url: string, start: (control: FetchControl) => Promise<T>, signal?: AbortSignal, onProgress?: OnProgress): Promise<T> {
    if (signal?.aborted) return Promise.reject(new FetchCancelled(url));
    // (One its askers all left is stopping: a new asker starts afresh rather than take its cancel.)
    const current = this.inFlight.get(key);
    const held = current && !current.abort.signal.aborted ? current : this.begin(key, start);
    held.waiters += 1;
    if (onProgress) {
      held.listeners.add(onProgress);
      if (held.said.last) onProgress(held.said.last);
      const stop = (): void => void held.listeners.delete(onProgress);
      held.result.then(stop, stop);
      signal?.addEventListener('abort', stop, { once: true });
    }
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

  private begin(key: string, start: (control: FetchControl) => Promise<T>): Shared<T> {
    const abort = new AbortController();
    const listeners = new Set<OnProgress>();
    const said: { last?: FetchProgress } = {};
    // (A fetch may report before `start` returns: what it uses exists before it is called.)
    const report: OnProgress = (progress) => {
      said.last = progress;
      for (const listener of listeners) listener(progress);
    };
    const shared: Shared<T> = {
      abort,
      listeners,
      said,
      waiters: 0,
      result: start({ signal: abort.signal, report }).finally(() => {
        if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
      }),
    };
    this.inFlight.set(key, shared);
    // (An asker gone before it ends leaves its failure to nobody: it is not an unhandled rejection.)
    shared.result.catch(() => undefined);
    return shared;
  }
}
