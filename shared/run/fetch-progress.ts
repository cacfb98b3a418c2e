/** An input's fetch in words, as the CLI and the editor both say it (`input:fetching` events). */

/** 1536 → "1.5 KiB", 2.7e9 → "2.5 GiB". */
export function bytesText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "45% of 2.5 GiB", "312 MiB so far" (no size said), "2.5 GiB" once done. */
export function fetchAmount(progress: { readonly received: number; readonly total: number | null; readonly done: boolean }): string {
  if (progress.done) return bytesText(progress.received);
  if (progress.total === null || progress.total === 0) return `${bytesText(progress.received)} so far`;
  return `${Math.floor((progress.received / progress.total) * 100)}% of ${bytesText(progress.total)}`;
}
