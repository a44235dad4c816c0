/**
 * How the engine runs a job of each type. A restore row is a few submit calls followed by hours of waiting while
 * Exchange copies the mailbox. So restore rows submit side by side, `restoreConcurrentRows` at once, and a
 * submitted row gives its slot up while it waits (the job's tracker lists all its requests together): every
 * request is submitted early, Exchange queues the copies itself, and the gateway keeps our calls within its own
 * limit. Other types run as configured.
 */
import type { BulkOperationConfig } from '../bulk-config.ts';
import type { BulkOperationType } from '../model.ts';

export const DEFAULT_RESTORE_CONCURRENT_ROWS = 20;
const MAX_BATCH_SIZE = 1000;

export function runConfigFor(
  type: BulkOperationType,
  restoreConcurrentRows: number = DEFAULT_RESTORE_CONCURRENT_ROWS,
): Partial<BulkOperationConfig> {
  if (type !== 'restore') return {};
  // One batch as large as the engine allows: a batch waits for its slowest row, and one copy can take a day, so
  // within a batch a freed slot goes to the next row at once.
  return { parallelExecution: true, maxConcurrency: restoreConcurrentRows, batchSize: MAX_BATCH_SIZE };
}
