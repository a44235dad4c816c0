/**
 * Runs `worker` over `items` with at most `limit` calls in flight, taking items in order, and takes no new
 * item once `shouldStop()` says so. Resolves when every started call has settled. `worker` must not throw.
 */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const runLane = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const item = items[next] as T;
      next += 1;
      await worker(item);
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, runLane));
}
