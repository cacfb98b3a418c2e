import { describe, expect, it } from 'vitest';
import { FetchCancelled, SharedFetches } from './shared-fetch.ts';

/** A fetch that ends when told, or rejects when its signal aborts. */
function controllable() {
  const started: { signal: AbortSignal; finish: (value: string) => void }[] = [];
  const start = (signal: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      started.push({ signal, finish: resolve });
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
});
