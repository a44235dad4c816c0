/**
 * One item through the executor: its attempts, in-pass retries with backoff, and what its final outcome
 * means for the job (a fatal error or stopOnError stops scheduling). Every status change is saved before
 * the next step: `in_progress` (attempt counted) is on disk before the executor is called, so a crash after
 * the executor's write leaves the item `in_progress`, to be reconciled rather than run again.
 */
import type { BulkOperationItem, ItemError } from '../model.ts';
import type { AuditEvent, ItemOutcome } from '../ports.ts';
import { itemEvent, jobEvent } from './audit-events.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { callExecute } from './call-executor.ts';
import { jobStoppedSkip, stoppedOnErrorReason, stoppedOnErrorSkip } from './item-errors.ts';
import {
  beginAttempt,
  completeItem,
  deferToRetryPass,
  failItem,
  returnToPending,
  withdrawAttempt,
} from './item-transitions.ts';
import { computeRetryDelayMs } from './retry-policy.ts';
import { nowIso, stopJob, type RunContext } from './run-context.ts';

type TransientOutcome = Extract<ItemOutcome, { errorClass: 'transient' }>;

/** `releaseSlot` lets the executor free its concurrency slot while it only waits (see runWithConcurrency). */
export async function runItem(
  ctx: RunContext,
  item: BulkOperationItem,
  releaseSlot: () => void = () => undefined,
): Promise<void> {
  const { config } = ctx.op.engine;
  for (let retry = 0; ; retry += 1) {
    beginAttempt(ctx.op, item, nowIso(ctx));
    if (!(await ctx.recorder.commit({ rows: [item.rowNumber] }))) return;
    // A stop (cancel, fatal error, stopOnError, shutdown) may have come while that save was on its way to disk:
    // then this row must not start; it is settled with the other unstarted rows.
    if (ctx.control.stopped) {
      withdrawAttempt(ctx.op, item);
      await ctx.recorder.commit({ rows: [item.rowNumber] });
      return;
    }
    const outcome = await callExecute(ctx, item, releaseSlot);

    if (outcome.status === 'completed') {
      completeItem(ctx.op, item, outcome.result, nowIso(ctx));
      // Not awaited: the lane's next row waits for its own `in_progress` save before it runs, and the store
      // keeps changes in order, so this one is on disk by then too. One fsync less per row; nothing is reported
      // (progress, audit) before it is saved either way.
      void ctx.recorder.commit({
        rows: [item.rowNumber],
        audit: [itemEvent(ctx, AUDIT_ACTIONS.itemCompleted, item)],
      });
      return;
    }
    // The executor was told to stop for a shutdown: its failure says nothing final, the restart reconciles it.
    if (isShuttingDown(ctx)) return;
    if (outcome.errorClass === 'fatal') return failFatally(ctx, item, outcome.error);
    if (outcome.errorClass === 'transient' && retry < config.maxRetries && !ctx.control.stopped) {
      if (!(await waitToRetry(ctx, item, outcome, retry + 1))) return;
      continue;
    }
    if (outcome.errorClass === 'transient' && mayDeferToRetryPass(ctx)) {
      deferToRetryPass(ctx.op, item, outcome.error);
      const deferred = itemEvent(ctx, AUDIT_ACTIONS.itemRetryDeferred, item);
      await ctx.recorder.commit({ rows: [item.rowNumber], audit: [deferred] });
      return;
    }
    return failAndMaybeStop(ctx, item, outcome.error);
  }
}

/** Saves the error and the retry, sleeps; false when a stop interrupted the wait and the item was settled. */
async function waitToRetry(
  ctx: RunContext,
  item: BulkOperationItem,
  outcome: TransientOutcome,
  retry: number,
): Promise<boolean> {
  const { config } = ctx.op.engine;
  const delayMs = computeRetryDelayMs({
    retry,
    baseDelayMs: config.retryBaseDelayMs,
    maxDelayMs: config.retryMaxDelayMs,
    retryAfterMs: outcome.retryAfterMs,
    random: ctx.random,
  });
  item.error = { ...outcome.error };
  const retried = itemEvent(ctx, AUDIT_ACTIONS.itemRetried, item, { retry, delayMs });
  if (!(await ctx.recorder.commit({ rows: [item.rowNumber], audit: [retried] }))) return false;
  try {
    await ctx.clock.sleep(delayMs, ctx.control.sleepSignal);
  } catch (error) {
    if (!ctx.control.stopped) throw error;
  }
  if (!ctx.control.stopped) return true;
  if (isShuttingDown(ctx)) {
    // Nothing is running for this item: put it back in the queue for the restart.
    returnToPending(ctx.op, item);
    await ctx.recorder.commit({ rows: [item.rowNumber] });
  } else if (ctx.control.stop?.kind !== 'store_failed') {
    await failAndMaybeStop(ctx, item, outcome.error);
  }
  return false;
}

async function failFatally(ctx: RunContext, item: BulkOperationItem, error: ItemError): Promise<void> {
  const stopping = stopJob(ctx, {
    kind: 'fatal',
    reason: { ...error },
    skipError: jobStoppedSkip(error),
    actor: 'system',
  });
  failItem(ctx.op, item, error, nowIso(ctx));
  const audit = [itemEvent(ctx, AUDIT_ACTIONS.itemFailed, item)];
  if (stopping) audit.push(jobEvent(ctx, AUDIT_ACTIONS.jobStopped, { ...error, row: item.rowNumber }, 'system'));
  await ctx.recorder.commit({ rows: [item.rowNumber], audit });
}

/** Fails the item for good; with stopOnError, the job stops here. `before` are audit events that precede it. */
export async function failAndMaybeStop(
  ctx: RunContext,
  item: BulkOperationItem,
  error: ItemError,
  before: readonly AuditEvent[] = [],
): Promise<void> {
  // Stop first, so no other lane picks up an item while this failure is being saved.
  const stopping =
    ctx.op.engine.config.stopOnError &&
    stopJob(ctx, {
      kind: 'stop_on_error',
      reason: stoppedOnErrorReason(item.rowNumber),
      skipError: stoppedOnErrorSkip(item.rowNumber),
      actor: 'system',
    });
  failItem(ctx.op, item, error, nowIso(ctx));
  const audit = [...before, itemEvent(ctx, AUDIT_ACTIONS.itemFailed, item)];
  if (stopping) {
    const reason = { ...stoppedOnErrorReason(item.rowNumber), row: item.rowNumber };
    audit.push(jobEvent(ctx, AUDIT_ACTIONS.jobStopped, reason, 'system'));
  }
  await ctx.recorder.commit({ rows: [item.rowNumber], audit });
}

/** With stopOnError the first failure ends the job, so there is no later pass to wait for. */
function mayDeferToRetryPass(ctx: RunContext): boolean {
  const { config, pass } = ctx.op.engine;
  return config.retryPass && !config.stopOnError && pass === 'main' && !ctx.control.stopped;
}

function isShuttingDown(ctx: RunContext): boolean {
  const kind = ctx.control.stop?.kind;
  return kind === 'shutdown' || kind === 'store_failed';
}
