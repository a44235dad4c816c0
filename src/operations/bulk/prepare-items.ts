/** Checks on the items a caller hands the engine, and the items of a retry. */
import type { BulkOperationItem, BulkOperationResult } from '../model.ts';
import { BulkEngineError } from './bulk-engine-error.ts';
import { CANCELLED_WHILE_RUNNING, INTERRUPTED, OUTCOME_UNKNOWN } from './item-errors.ts';

/** Failures that do not say whether the tenant was changed. */
const UNSURE_CODES = new Set([OUTCOME_UNKNOWN.code, INTERRUPTED.code, CANCELLED_WHILE_RUNNING.code]);

/**
 * Row numbers name items in progress reports, the audit trail and the results CSV, so they must be unique;
 * an item cannot arrive `in_progress`, since nothing would know whether it ran.
 * @throws BulkEngineError `INVALID_ITEMS`
 */
export function assertRunnableItems(
  items: readonly BulkOperationItem[],
  options: { allowInProgress?: boolean } = {},
): void {
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.rowNumber)) {
      throw new BulkEngineError('INVALID_ITEMS', `Row ${item.rowNumber} appears more than once in the job.`);
    }
    seen.add(item.rowNumber);
    if (item.status === 'in_progress' && !options.allowInProgress) {
      throw new BulkEngineError('INVALID_ITEMS', `Row ${item.rowNumber} cannot start a job already in progress.`);
    }
  }
}

/**
 * The failed items of `result`, pending again. The checkpoint is kept: it records steps that did happen in
 * the tenant, so the executor continues after them instead of repeating a write.
 * @throws BulkEngineError `NOTHING_TO_RETRY`
 */
export function itemsForRetry(
  result: BulkOperationResult,
  options: { reconcileUnsure?: boolean } = {},
): BulkOperationItem[] {
  const failed = result.items.filter((item) => item.status === 'failed');
  if (failed.length === 0) {
    throw new BulkEngineError('NOTHING_TO_RETRY', `Job ${result.jobId} has no failed rows to retry.`);
  }
  return failed.map((item) => ({
    ...structuredClone(item),
    // A row whose last attempt may or may not have happened is checked against the tenant first (the new
    // operation reconciles rows in progress before running anything), never simply run again.
    status: options.reconcileUnsure && UNSURE_CODES.has(item.error?.code ?? '') ? 'in_progress' : 'pending',
    result: null,
    error: null,
    attempts: 0,
    startedAt: null,
    completedAt: null,
  }));
}
