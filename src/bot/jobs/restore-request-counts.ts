/**
 * Where a restore job's requests stand, read from the rows' checkpoints (the restore executor saves
 * `submitted`, then `tracking` with Exchange's status), so the progress card shows the copying going on while
 * the row counts stand still for hours.
 */
import type { RestoreRequestCounts } from '../../cards/index.ts';
import type { BulkOperationItem } from '../../operations/model.ts';

/** Exchange statuses in which a request is accepted but not copying yet. */
const WAITING_STATUSES = new Set(['None', 'Queued']);

export function countRestoreRequests(items: readonly BulkOperationItem[]): RestoreRequestCounts {
  const counts: RestoreRequestCounts = { submitted: 0, inProgress: 0, completed: 0 };
  for (const item of items) {
    if (item.status === 'completed') {
      counts.completed += 1;
      continue;
    }
    if (item.status !== 'in_progress' || item.checkpoint === null) continue;
    const step = item.checkpoint.step;
    const status = item.checkpoint.status;
    if (step === 'submitted') counts.submitted += 1;
    else if (step === 'tracking') {
      if (typeof status === 'string' && WAITING_STATUSES.has(status)) counts.submitted += 1;
      else counts.inProgress += 1;
    }
  }
  return counts;
}
