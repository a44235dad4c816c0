/**
 * Every change of an item's status goes through here, so the operation's totals always equal the item
 * statuses without recounting, and the finished count (completed + failed + skipped) only grows.
 */
import { successRateOf, type BulkOperationItem, type ItemError, type ItemStatus, type JsonObject } from '../model.ts';
import type { StoredOperation } from './stored-operation.ts';

/** The item is about to be handed to the executor (again). */
export function beginAttempt(op: StoredOperation, item: BulkOperationItem, now: string): void {
  setStatus(op, item, 'in_progress');
  item.attempts += 1;
  item.startedAt ??= now;
}

export function completeItem(
  op: StoredOperation,
  item: BulkOperationItem,
  result: JsonObject | undefined,
  now: string,
): void {
  setStatus(op, item, 'completed');
  item.result = result ?? null;
  item.error = null;
  item.completedAt = now;
}

export function failItem(op: StoredOperation, item: BulkOperationItem, error: ItemError, now: string): void {
  setStatus(op, item, 'failed');
  item.error = { code: error.code, message: error.message };
  item.completedAt = now;
}

export function skipItem(op: StoredOperation, item: BulkOperationItem, error: ItemError): void {
  setStatus(op, item, 'skipped');
  item.error = { code: error.code, message: error.message };
}

/** The job stopped between saving the attempt and calling the executor: the attempt never happened. */
export function withdrawAttempt(op: StoredOperation, item: BulkOperationItem): void {
  setStatus(op, item, 'pending');
  item.attempts = Math.max(0, item.attempts - 1);
  if (item.attempts === 0) item.startedAt = null;
}

/** Back to the queue: not done (reconciled, or interrupted while waiting to retry). Attempts are kept. */
export function returnToPending(op: StoredOperation, item: BulkOperationItem): void {
  setStatus(op, item, 'pending');
}

/** Out of retries in the main pass: pending again, with its last error, until the retry pass. */
export function deferToRetryPass(op: StoredOperation, item: BulkOperationItem, error: ItemError): void {
  setStatus(op, item, 'pending');
  item.error = { code: error.code, message: error.message };
  if (!op.engine.deferredRows.includes(item.rowNumber)) op.engine.deferredRows.push(item.rowNumber);
}

export function isDeferred(op: StoredOperation, item: BulkOperationItem): boolean {
  return item.status === 'pending' && op.engine.deferredRows.includes(item.rowNumber);
}

/** Refreshes the figures that depend on time and totals; called before every save. */
export function touchOperation(op: StoredOperation, now: Date): void {
  const started = Date.parse(op.startedAt);
  const end = op.completedAt === null ? now.getTime() : Date.parse(op.completedAt);
  op.durationSeconds = Math.max(0, (end - started) / 1000);
  op.successRate = successRateOf(op.totals);
}

function setStatus(op: StoredOperation, item: BulkOperationItem, next: ItemStatus): void {
  op.totals[totalsKey(item.status)] -= 1;
  op.totals[totalsKey(next)] += 1;
  item.status = next;
}

function totalsKey(status: ItemStatus): 'pending' | 'inProgress' | 'completed' | 'failed' | 'skipped' {
  return status === 'in_progress' ? 'inProgress' : status;
}
