/**
 * One call to an executor, turned into an outcome whatever happens: a thrown error or a malformed answer
 * becomes a failed outcome, and the raw text of an unexpected exception never reaches the item.
 */
import type { BulkOperationItem, JsonObject } from '../model.ts';
import type { ExecutionContext, ItemOutcome, ReconcileVerdict } from '../ports.ts';
import { TenantError } from '../tenant-ports.ts';
import { BulkEngineError } from './bulk-engine-error.ts';
import { CANCELLED_WHILE_RUNNING, EXECUTOR_ERROR } from './item-errors.ts';
import type { RunContext } from './run-context.ts';

export async function callExecute(
  ctx: RunContext,
  item: BulkOperationItem,
  releaseSlot: () => void = () => undefined,
): Promise<ItemOutcome> {
  const signal = ctx.control.executorSignal;
  const context: ExecutionContext = {
    jobId: ctx.op.jobId,
    signal,
    saveCheckpoint: (checkpoint) => saveCheckpoint(ctx, item, checkpoint),
    releaseSlot,
  };
  try {
    return normaliseOutcome(await ctx.executor.execute(Object.freeze(structuredClone(item)), context));
  } catch (error) {
    return outcomeOfThrown(error, signal);
  }
}

/** Asks the executor whether an interrupted item was done; a failing or odd answer counts as `unknown`. */
export async function callReconcile(ctx: RunContext, item: BulkOperationItem): Promise<ReconcileVerdict> {
  const reconcile = ctx.executor.reconcile;
  if (reconcile === undefined) throw new TypeError('callReconcile needs an executor with reconcile');
  try {
    const verdict = await reconcile.call(
      ctx.executor,
      Object.freeze(structuredClone(item)),
      ctx.control.executorSignal,
      ctx.op.jobId,
    );
    if (verdict?.state === 'done' || verdict?.state === 'not_done' || verdict?.state === 'unknown') return verdict;
    return { state: 'unknown', reason: 'the check gave no answer' };
  } catch {
    // The check itself failed (tenant unreachable…): not knowing is exactly "unknown"; never guess "not done".
    return { state: 'unknown', reason: 'the check failed' };
  }
}

async function saveCheckpoint(ctx: RunContext, item: BulkOperationItem, checkpoint: JsonObject): Promise<void> {
  if (item.status !== 'in_progress') {
    throw new BulkEngineError('ITEM_NOT_RUNNING', `Row ${item.rowNumber} is not running: its checkpoint is closed.`);
  }
  item.checkpoint = { ...(item.checkpoint ?? {}), ...structuredClone(checkpoint) };
  // Reported too: a long step (a restore copying for hours) keeps the progress display alive; displays coalesce.
  if (!(await ctx.recorder.commit({ rows: [item.rowNumber] }))) {
    throw new BulkEngineError('STORE_UNAVAILABLE', 'The checkpoint could not be saved.', {
      cause: ctx.recorder.storeError,
    });
  }
}

function normaliseOutcome(outcome: ItemOutcome): ItemOutcome {
  if (outcome?.status === 'completed') return outcome;
  const classes = ['permanent', 'transient', 'fatal'];
  if (
    outcome?.status === 'failed' &&
    typeof outcome.error?.code === 'string' &&
    typeof outcome.error.message === 'string' &&
    classes.includes(outcome.errorClass)
  ) {
    return outcome;
  }
  return { status: 'failed', error: { ...EXECUTOR_ERROR }, errorClass: 'permanent' };
}

/**
 * A TenantError keeps its class (and Retry-After); another error with a string `code` is a typed error
 * whose message is written for people, so it is kept, as a permanent failure; anything else is hidden.
 */
function outcomeOfThrown(error: unknown, signal: AbortSignal): ItemOutcome {
  if (error instanceof TenantError) {
    const failure = { code: error.code, message: error.message };
    if (error.errorClass === 'transient') {
      return { status: 'failed', error: failure, errorClass: 'transient', retryAfterMs: error.retryAfterMs };
    }
    return { status: 'failed', error: failure, errorClass: error.errorClass };
  }
  if (signal.aborted && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'))) {
    return { status: 'failed', error: { ...CANCELLED_WHILE_RUNNING }, errorClass: 'permanent' };
  }
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    return {
      status: 'failed',
      error: { code: (error as Error & { code: string }).code, message: error.message },
      errorClass: 'permanent',
    };
  }
  return { status: 'failed', error: { ...EXECUTOR_ERROR }, errorClass: 'permanent' };
}
