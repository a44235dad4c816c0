/**
 * Closes an operation that will not run further: unstarted items become `skipped` with the stop's reason,
 * items still waiting for a retry pass that will not come become `failed` with their last error, and the
 * final state and summary are saved, then reported.
 */
import type { AuditEvent } from '../ports.ts';
import type { JsonObject, OperationState, OperationTotals } from '../model.ts';
import { itemEvent, jobEvent } from './audit-events.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { NOT_RUN, OUTCOME_UNKNOWN } from './item-errors.ts';
import { failItem, isDeferred, skipItem, touchOperation } from './item-transitions.ts';
import { nowIso, type RunContext } from './run-context.ts';
import type { StopRequest } from './stored-operation.ts';

export async function finishOperation(ctx: RunContext): Promise<void> {
  const { op } = ctx;
  const stop = ctx.control.stop;
  const now = nowIso(ctx);
  const rows: number[] = [];
  const audit: AuditEvent[] = [];
  for (const item of op.items) {
    if (item.status !== 'pending' && item.status !== 'in_progress') continue;
    if (isDeferred(op, item)) {
      failItem(op, item, item.error ?? OUTCOME_UNKNOWN, now);
      audit.push(itemEvent(ctx, AUDIT_ACTIONS.itemFailed, item));
    } else if (item.status === 'in_progress') {
      // Only when a cancel overrode a shutdown that had left this row's outcome open: never claim a result.
      failItem(op, item, OUTCOME_UNKNOWN, now);
      audit.push(itemEvent(ctx, AUDIT_ACTIONS.itemFailed, item));
    } else {
      skipItem(op, item, stop?.skipError ?? NOT_RUN);
      audit.push(itemEvent(ctx, AUDIT_ACTIONS.itemSkipped, item));
    }
    rows.push(item.rowNumber);
  }
  op.state = finalStateOf(stop, op.totals);
  op.stopReason = stop === null ? null : { ...stop.reason };
  op.completedAt = now;
  touchOperation(op, ctx.clock.now());
  audit.push(jobEvent(ctx, AUDIT_ACTIONS.jobCompleted, summaryOf(ctx)));
  await ctx.recorder.commit({ rows, audit });
}

export function finalStateOf(stop: StopRequest | null, totals: OperationTotals): OperationState {
  if (stop?.kind === 'cancelled') return 'cancelled';
  if (stop?.kind === 'fatal' || stop?.kind === 'audit_failed') return 'failed';
  return totals.failed + totals.skipped > 0 ? 'completed_with_errors' : 'completed';
}

function summaryOf(ctx: RunContext): JsonObject {
  const { op } = ctx;
  const summary: JsonObject = {
    state: op.state,
    totals: { ...op.totals },
    successRate: op.successRate,
    durationSeconds: op.durationSeconds,
  };
  if (op.stopReason !== null) summary.stopReason = { ...op.stopReason };
  return summary;
}
