/**
 * Where a restore job's requests stand, read from the rows' checkpoints (the restore executor saves
 * `submitted`, then `tracking` with Exchange's status and PercentComplete), so the progress card shows the
 * copying going on while the row counts stand still for hours.
 */
import type { RestoreRequestCounts } from '../../cards/index.ts';
import type { BulkOperationItem } from '../../operations/model.ts';

/** Exchange statuses in which a request is accepted but not copying yet. */
const WAITING_STATUSES = new Set(['None', 'Queued']);

export function countRestoreRequests(items: readonly BulkOperationItem[]): RestoreRequestCounts {
  const counts: RestoreRequestCounts = { submitted: 0, inProgress: 0, completed: 0, percentComplete: null };
  // Averaged over the requests Exchange holds for this job: a finished one counts 100, a queued one 0, a copying
  // one its last PercentComplete (the tracker reads a few per interval, so this lags a little, never leads).
  let requests = 0;
  let percentSum = 0;
  for (const item of items) {
    if (item.status === 'completed') {
      counts.completed += 1;
      requests += 1;
      percentSum += 100;
      continue;
    }
    if (item.status !== 'in_progress' || item.checkpoint === null) continue;
    const { step, status, percentComplete } = item.checkpoint;
    if (step !== 'submitted' && step !== 'tracking') continue;
    requests += 1;
    percentSum += typeof percentComplete === 'number' ? Math.min(Math.max(percentComplete, 0), 100) : 0;
    if (step === 'submitted' || (typeof status === 'string' && WAITING_STATUSES.has(status))) counts.submitted += 1;
    else counts.inProgress += 1;
  }
  counts.percentComplete = requests === 0 ? null : percentSum / requests;
  return counts;
}
