/**
 * After a restart, items found `in_progress` may or may not have been done: the executor re-reads the
 * tenant (`reconcile`) and the item is settled from its verdict. It is never run again blindly.
 */
import type { BulkOperationItem } from '../model.ts';
import type { ReconcileVerdict } from '../ports.ts';
import { itemEvent } from './audit-events.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { callReconcile } from './call-executor.ts';
import { INTERRUPTED, OUTCOME_UNKNOWN } from './item-errors.ts';
import { completeItem, returnToPending } from './item-transitions.ts';
import { nowIso, type RunContext } from './run-context.ts';
import { failAndMaybeStop } from './run-item.ts';
import { runWithConcurrency } from './run-with-concurrency.ts';

export async function reconcileInterrupted(ctx: RunContext): Promise<void> {
  const { config } = ctx.op.engine;
  const interrupted = ctx.op.items.filter((item) => item.status === 'in_progress');
  const limit = config.parallelExecution ? config.maxConcurrency : 1;
  // Every interrupted item is settled even when the job is stopping: a finished job has none in progress.
  await runWithConcurrency(interrupted, limit, (item) => reconcileItem(ctx, item));
}

async function reconcileItem(ctx: RunContext, item: BulkOperationItem): Promise<void> {
  if (ctx.executor.reconcile === undefined) {
    const checked = itemEvent(ctx, AUDIT_ACTIONS.itemReconciled, item, { verdict: 'not_checkable' });
    return failAndMaybeStop(ctx, item, INTERRUPTED, [checked]);
  }
  const verdict = await callReconcile(ctx, item);
  if (verdict.state === 'unknown' && ctx.control.stop?.kind === 'shutdown') return;
  const checked = itemEvent(ctx, AUDIT_ACTIONS.itemReconciled, item, describe(verdict));
  if (verdict.state === 'done') {
    completeItem(ctx.op, item, verdict.result, nowIso(ctx));
    const completed = itemEvent(ctx, AUDIT_ACTIONS.itemCompleted, item);
    await ctx.recorder.commit({ rows: [item.rowNumber], audit: [checked, completed] });
    return;
  }
  if (verdict.state === 'not_done') {
    returnToPending(ctx.op, item);
    await ctx.recorder.commit({ rows: [item.rowNumber], audit: [checked] });
    return;
  }
  return failAndMaybeStop(ctx, item, OUTCOME_UNKNOWN, [checked]);
}

function describe(verdict: ReconcileVerdict): { verdict: string; reason?: string } {
  return verdict.state === 'unknown'
    ? { verdict: verdict.state, reason: String(verdict.reason) }
    : { verdict: verdict.state };
}
