/**
 * Runs `worker` over `items` with at most `limit` calls in flight, taking items in order, and takes no new
 * item once `shouldStop()` says so. Resolves when every started call has settled. `worker` must not throw.
 *
 * A call may `release` its slot while it goes on (a restore that is submitted and now only waits for Exchange to
 * copy): another lane starts at once, so `limit` bounds the calls still working, not the ones merely waiting.
 */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, release: () => void) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lanes: Promise<void>[] = [];
  const runLane = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const item = items[next] as T;
      next += 1;
      let released = false;
      await worker(item, () => {
        if (released) return;
        released = true;
        lanes.push(runLane());
      });
      // Its replacement took over this lane when the slot was released.
      if (released) return;
    }
  };
  const first = Math.max(1, Math.min(limit, items.length));
  for (let lane = 0; lane < first; lane += 1) lanes.push(runLane());
  // Lanes started by a release are pushed while we wait: walk the array as it grows.
  for (let index = 0; index < lanes.length; index += 1) await lanes[index];
}
