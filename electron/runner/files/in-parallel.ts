/**
 * Work over many files, a few at a time: each file operation is a round trip through libuv's
 * thread pool (4 threads), so one at a time leaves them idle; all at once would open thousands of
 * files. Results keep the order of the items.
 */
export const FILE_CONCURRENCY = 8;

export async function inParallel<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, limit = FILE_CONCURRENCY): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
