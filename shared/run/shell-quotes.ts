/** Reading a shell command's quoting: which characters lie inside '…' or "…" (a backslash escapes the next one). */

export type QuoteState = "'" | '"' | undefined;

/**
 * Walks `text` as POSIX sh reads its quotes, calling `stop(i, quote)` at each character with the
 * quote it lies in (undefined: unquoted) before that character is read; true stops the walk.
 * Returns the index it stopped at, or -1 when it reached the end.
 */
export function walkQuotes(text: string, stop: (i: number, quote: QuoteState) => boolean): number {
  let quote: QuoteState;
  for (let i = 0; i < text.length; i += 1) {
    if (stop(i, quote)) return i;
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      i += 1;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    }
  }
  return -1;
}

/** The quote the character at `at` lies in (undefined: unquoted). */
export function quoteAt(text: string, at: number): QuoteState {
  let quote: QuoteState;
  walkQuotes(text, (i, q) => ((quote = q), i >= at));
  return quote;
}
