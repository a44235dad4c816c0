/**
 * The life of one operation in this process: open (start, or resume with reconciliation), the main pass,
 * the optional retry pass, then finish. A shutdown leaves it `running` in the store for `resume`.
 */
import type { JsonObject } from '../model.ts';
import type { OutboxEvent } from '../ports.ts';
import { jobEvent } from './audit-events.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { BulkEngineError } from './bulk-engine-error.ts';
import { finishOperation } from './finish-operation.ts';
import { isDeferred } from './item-transitions.ts';
import { reconcileInterrupted } from './reconcile-interrupted.ts';
import type { RunContext } from './run-context.ts';
import { pauseBetweenBatches, runPass } from './run-pass.ts';
import type { StoredOperation } from './stored-operation.ts';

export type Opening =
  | { kind: 'start' }
  /** `unaudited`: the outbox the stopped process left (events saved but never appended to the trail). */
  | { kind: 'resume'; actor: string; unaudited: readonly OutboxEvent[] };

/**
 * Resolves with the operation once it is finished and reported (or, after `shutdown`, still `running`).
 * @throws BulkEngineError `STORE_UNAVAILABLE` when a save failed, `AUDIT_UNAVAILABLE` when an audit append did
 *   (the operation is then finished as `failed` if the store still works).
 */
export async function runOperation(ctx: RunContext, opening: Opening): Promise<StoredOperation> {
  if (opening.kind === 'start') {
    await ctx.recorder.commit({ audit: [jobEvent(ctx, AUDIT_ACTIONS.jobStarted, startDetails(ctx))] });
  } else {
    if (ctx.op.engine.stop !== null) ctx.control.restore(ctx.op.engine.stop);
    // Events saved before the crash but never appended: appended now, marked, so the trail misses nothing (an
    // event appended just before the crash may appear twice; the mark tells a reader why).
    const leftover = opening.unaudited;
    if (leftover.length > 0) {
      const replayed = leftover.map(({ event }) => ({
        ...event,
        details: { ...event.details, replayedAfterRestart: true },
      }));
      // Retired in the same change that saves them again, so a crash now neither loses nor doubles them.
      ctx.recorder.retireOutbox(leftover);
      await ctx.recorder.commit({ audit: replayed, report: false });
    }
    const details = { pending: ctx.op.totals.pending, inProgress: ctx.op.totals.inProgress };
    await ctx.recorder.commit({ audit: [jobEvent(ctx, AUDIT_ACTIONS.jobResumed, details, opening.actor)] });
  }
  // After a restart, and for a retry's rows whose last outcome was unsure: check before running anything.
  if (ctx.recorder.storeError === undefined && ctx.op.totals.inProgress > 0) await reconcileInterrupted(ctx);
  if (ctx.recorder.storeError === undefined) await runPasses(ctx);
  const stopKind = ctx.control.stop?.kind;
  if (stopKind !== 'shutdown' && stopKind !== 'store_failed') await finishOperation(ctx);
  await ctx.recorder.drain();
  // The outbox emptied after the last save: write that down too, so a finished job keeps no stale events.
  if (ctx.recorder.storeError === undefined && ctx.recorder.auditError === undefined) {
    await ctx.recorder.commit({ report: false });
  }
  throwIfUnrecorded(ctx);
  return ctx.op;
}

async function runPasses(ctx: RunContext): Promise<void> {
  const { op } = ctx;
  if (op.engine.pass === 'main') {
    await runPass(
      ctx,
      op.items.filter((item) => item.status === 'pending' && !isDeferred(op, item)),
    );
    const deferred = op.items.filter((item) => isDeferred(op, item));
    if (ctx.control.stopped || deferred.length === 0 || !op.engine.config.retryPass) return;
    if (!(await pauseBetweenBatches(ctx))) return;
    op.engine.pass = 'retry';
    const rows = deferred.map((item) => item.rowNumber);
    if (!(await ctx.recorder.commit({ audit: [jobEvent(ctx, AUDIT_ACTIONS.jobRetryPassStarted, { rows })] }))) {
      return;
    }
  }
  // Anything still pending runs here, deferred or not: the retry pass is the last chance for every item.
  await runPass(
    ctx,
    op.items.filter((item) => item.status === 'pending'),
  );
}

function startDetails(ctx: RunContext): JsonObject {
  const { op } = ctx;
  return {
    operationType: op.operationType,
    items: op.totals.total,
    pending: op.totals.pending,
    retryOf: op.retryOf,
    config: { ...op.engine.config },
  };
}

function throwIfUnrecorded(ctx: RunContext): void {
  if (ctx.recorder.storeError !== undefined) {
    throw new BulkEngineError('STORE_UNAVAILABLE', `Job ${ctx.op.jobId} could not be saved.`, {
      cause: ctx.recorder.storeError,
    });
  }
  if (ctx.recorder.auditError !== undefined) {
    throw new BulkEngineError(
      'AUDIT_UNAVAILABLE',
      `Job ${ctx.op.jobId} stopped: the audit trail could not be written.`,
      { cause: ctx.recorder.auditError },
    );
  }
}
