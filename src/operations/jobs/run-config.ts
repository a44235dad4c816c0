/**
 * How the engine runs a job of each type. A restore row is one submit call followed by hours of waiting while
 * Exchange copies the mailbox; run one at a time, a hundred rows would take a hundred copies end to end. So
 * restore rows run side by side, `restoreConcurrentRows` at once: Exchange queues the copies itself, and the
 * gateway still keeps the calls we make within its own limit. Other types run as configured.
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
