/** Builds the audit events of one operation. Item details never include the item's input data. */
import type { BulkOperationItem, JsonObject } from '../model.ts';
import type { AuditEvent } from '../ports.ts';
import type { AuditAction } from '../audit-actions.ts';
import type { RunContext } from './run-context.ts';

export function jobEvent(
  ctx: RunContext,
  action: AuditAction,
  details: JsonObject = {},
  actor: string = ctx.op.engine.actor,
): AuditEvent {
  return { actor, action, jobId: ctx.op.jobId, details };
}

export function itemEvent(
  ctx: RunContext,
  action: AuditAction,
  item: BulkOperationItem,
  extra: JsonObject = {},
): AuditEvent {
  const details: JsonObject = { status: item.status, attempts: item.attempts };
  if (item.error !== null) details.error = { code: item.error.code, message: item.error.message };
  if (item.status === 'completed' && item.result !== null) details.result = item.result;
  return {
    actor: ctx.op.engine.actor,
    action,
    jobId: ctx.op.jobId,
    row: item.rowNumber,
    details: { ...details, ...extra },
  };
}
