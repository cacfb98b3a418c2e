/**
 * A response body read from the moment its headers arrive. fetch's body is a WHATWG stream, and
 * when its connection is lost the stream is errored and every chunk it had queued is dropped: a
 * body not yet read while the download makes its folder and records its validator (the thread
 * pool, slow in a busy process) loses what had come, and the part kept to resume from is empty.
 * Reading at once into memory, up to `limit` bytes before waiting for the writer, keeps those
 * chunks; a failure is told only after them.
 */

/** The body's chunks in order, then its end or its error; `cancel` stops reading (nothing more is taken). */
export interface ReadAhead extends AsyncIterable<Uint8Array> {
  cancel(): void;
}

/** How much may wait in memory for the writer (beyond it, reading pauses until the writer takes some). */
export const READ_AHEAD_LIMIT = 16 * 1024 * 1024;

type Ending = { readonly kind: 'open' } | { readonly kind: 'ended' } | { readonly kind: 'failed'; readonly error: unknown };

/** Starts reading `body` now; `onChunk` is told of each chunk as it arrives (not as it is taken). */
export function readAhead(body: ReadableStream<Uint8Array>, onChunk: (bytes: number) => void = () => undefined, limit = READ_AHEAD_LIMIT): ReadAhead {
  const reader = body.getReader();
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ending: Ending = { kind: 'open' };
  let cancelled = false;
  // Whoever waits (the writer for a chunk, the reader for room) is woken by the other side.
  let wakeWriter: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  const wake = (which: 'writer' | 'reader'): void => {
    const resolve = which === 'writer' ? wakeWriter : wakeReader;
    if (which === 'writer') wakeWriter = undefined;
    else wakeReader = undefined;
    resolve?.();
  };

  void (async () => {
    try {
      for (;;) {
        while (queued >= limit && !cancelled) await new Promise<void>((resolve) => (wakeReader = resolve));
        if (cancelled) return;
        const { done, value } = await reader.read();
        if (done) break;
        queue.push(value);
        queued += value.byteLength;
        onChunk(value.byteLength);
        wake('writer');
      }
      ending = { kind: 'ended' };
    } catch (error) {
      ending = { kind: 'failed', error };
    }
    wake('writer');
  })();

  const cancel = (): void => {
    if (cancelled) return;
    cancelled = true;
    queue.length = 0;
    queued = 0;
    wake('reader');
    reader.cancel().catch(() => undefined);
  };

  return {
    cancel,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const chunk = queue.shift();
          if (chunk) {
            queued -= chunk.byteLength;
            wake('reader');
            yield chunk;
            continue;
          }
          if (ending.kind === 'ended') return;
          if (ending.kind === 'failed') throw ending.error;
          if (cancelled) return;
          await new Promise<void>((resolve) => (wakeWriter = resolve));
        }
      } finally {
        // (A writer that gave up, or the end reached: nothing more is read.)
        if (ending.kind === 'open') cancel();
      }
    },
  };
}
