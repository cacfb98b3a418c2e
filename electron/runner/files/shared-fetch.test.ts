import { describe, expect, it } from 'vitest';
import { FetchCancelled, SharedFetches, type FetchControl, type FetchProgress } from './shared-fetch.ts';

/** A fetch that ends when told, or rejects when its signal aborts. */
function controllable() {
  const started: { signal: AbortSignal; finish: (value: string) => void; report: FetchControl['report'] }[] = [];
  const start = ({ signal, report }: FetchControl): Promise<string> =>
    new Promise((resolve, reject) => {
      started.push({ signal, finish: resolve, report });
      // As a real one does, it takes a moment to stop (the partial file removed).
      signal.addEventListener('abort', () => setTimeout(() => reject(new FetchCancelled('u')), 50));
    });
  return { started, start };
}

describe('a fetch several executions wait for', () => {
  it('starts once for all who ask meanwhile; one who leaves stops waiting at once, the others still get it', async () => {
    const fetches = new SharedFetches<string>();
    const { started, start } = controllable();
    const leaving = new AbortController();
    const a = fetches.get('k', 'u', start);
    const b = fetches.get('k', 'u', start, leaving.signal);
    expect(started).toHaveLength(1);
    leaving.abort();
    await expect(b).rejects.toBeInstanceOf(FetchCancelled);
    expect(started[0]?.signal.aborted).toBe(false);
    started[0]?.finish('file');
    expect(await a).toBe('file');
  });

  it('stops the fetch when every one waiting left, and a later asker starts afresh rather than take that cancel', async () => {
    const fetches = new SharedFetches<string>();
    const { started, start } = controllable();
    const first = new AbortController();
    const second = new AbortController();
    const waits = [fetches.get('k', 'u', start, first.signal), fetches.get('k', 'u', start, second.signal)];
    first.abort();
    second.abort();
    expect(started[0]?.signal.aborted).toBe(true);
    // Asked while the stopped one is still stopping:
    const later = fetches.get('k', 'u', start);
    expect(started).toHaveLength(2);
    for (const wait of waits) await expect(wait).rejects.toBeInstanceOf(FetchCancelled);
    started[1]?.finish('file');
    expect(await later).toBe('file');
  });

  it('tells each one waiting how far it has come, a late asker first where it stands, and no one after they left', async () => {
    const fetches = new SharedFetches<string>();
    const { started, start } = controllable();
    const heard: Record<string, FetchProgress[]> = { a: [], b: [], c: [] };
    const leaving = new AbortController();
    const a = fetches.get('k', 'u', start, undefined, (p) => heard.a?.push(p));
    const c = fetches.get('k', 'u', start, leaving.signal, (p) => heard.c?.push(p));
    started[0]?.report({ received: 10, total: 100, done: false });
    const b = fetches.get('k', 'u', start, undefined, (p) => heard.b?.push(p));
    leaving.abort();
    await expect(c).rejects.toBeInstanceOf(FetchCancelled);
    started[0]?.report({ received: 100, total: 100, done: true });
    started[0]?.finish('file');
    expect(await a).toBe('file');
    expect(await b).toBe('file');
    expect(heard.a?.map((p) => p.received)).toEqual([10, 100]);
    expect(heard.b?.map((p) => p.received)).toEqual([10, 100]);
    expect(heard.c?.map((p) => p.received)).toEqual([10]);
    expect(heard.a?.at(-1)?.done).toBe(true);
  });

  it('tells the first asker what a fetch said before it had even returned', async () => {
    const fetches = new SharedFetches<string>();
    const heard: FetchProgress[] = [];
    const start = ({ report }: FetchControl): Promise<string> => {
      report({ received: 0, total: null, done: false });
      return Promise.resolve('file');
    };
    expect(await fetches.get('k', 'u', start, undefined, (p) => heard.push(p))).toBe('file');
    expect(heard).toEqual([{ received: 0, total: null, done: false }]);
  });
});
