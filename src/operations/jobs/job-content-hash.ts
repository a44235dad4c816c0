/**
 * The hash an approval is bound to: the operation type and exactly the rows that will run, in row order (a
 * blocked row never runs, so it does not count). It is made once, when the file is validated, and the same
 * hash is shown to the requester on the validation card and to every approver: "submit only the ready rows"
 * does not change which rows run, so it does not change the hash either. What keeps the validation card's hash
 * from approving anything before the requester chose is the job's state (only a submitted job can be
 * approved), not a second hash.
 */
import { createHash } from 'node:crypto';
import type { BulkOperationItem } from '../model.ts';
import type { JobRecord } from './job-record.ts';
import { hashReadyRows } from './prepare-job.ts';

export type HashedJob = Pick<JobRecord, 'type' | 'fileSha256' | 'readyOnly' | 'rowCounts'>;

/** Recomputes the hash from the rows themselves, so a stored job can be checked against what was approved. */
export function computeJobContentHash(job: Pick<JobRecord, 'type'>, items: readonly BulkOperationItem[]): string {
  return hashReadyRows(job.type, items);
}

/**
 * The stored rows still give the job's hash. Jobs submitted ready-only by an older version carry a
 * domain-separated hash (over the rows, the file and the blocked count); those are still recognised.
 */
export function matchesContentHash(
  job: HashedJob & Pick<JobRecord, 'contentHash'>,
  items: readonly BulkOperationItem[],
): boolean {
  const rows = hashReadyRows(job.type, items);
  if (rows === job.contentHash) return true;
  if (!job.readyOnly) return false;
  const legacy = createHash('sha256')
    .update(['ready-only', rows, job.fileSha256, String(job.rowCounts.blocked)].join('\n'))
    .digest('hex')
    .slice(0, 12);
  return legacy === job.contentHash;
}
