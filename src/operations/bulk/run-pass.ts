/**
 * One pass over a set of items: batches of `batchSize`, each batch fully finished (retries included) before
 * the pause and the next batch, and at most `maxConcurrency` executor calls in flight (1 when sequential).
 */
import type { BulkOperationItem } from '../model.ts';
import type { RunContext } from './run-context.ts';
import { runItem } from './run-item.ts';
import { runWithConcurrency } from './run-with-concurrency.ts';

export async function runPass(ctx: RunContext, items: readonly BulkOperationItem[]): Promise<void> {
  const { config } = ctx.op.engine;
  const limit = config.parallelExecution ? config.maxConcurrency : 1;
  for (let start = 0; start < items.length; start += config.batchSize) {
    if (start > 0 && !(await pauseBetweenBatches(ctx))) return;
    if (ctx.control.stopped) return;
    const batch = items.slice(start, start + config.batchSize);
    await runWithConcurrency(
      batch,
      limit,
      (item, release) => runItem(ctx, item, release),
      () => ctx.control.stopped,
    );
  }
}

/** Waits `delayBetweenBatches` (gives the tenant's throttle room); false when a stop cut the wait short. */
export async function pauseBetweenBatches(ctx: RunContext): Promise<boolean> {
  const ms = Math.round(ctx.op.engine.config.delayBetweenBatches * 1000);
  if (ms > 0) {
    try {
      await ctx.clock.sleep(ms, ctx.control.sleepSignal);
    } catch (error) {
      if (!ctx.control.stopped) throw error;
    }
  }
  return !ctx.control.stopped;
}
