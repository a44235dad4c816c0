/**
 * The hash an approval is bound to. prepareJob's `contentHash` already covers only the operation type and the
 * READY rows (a blocked row never runs, so it does not count): choosing "submit only the ready rows" does not
 * change which rows would run. It changes what the approver consents to: "run these rows of this file and
 * knowingly leave N rows out". That gets its own, domain-separated hash so that the prepared hash, which the
 * validation card shows before the requester has chosen anything, can never approve a partial run; and an
 * approval card showing one version never approves the other (`STALE_CARD`).
 */
import { createHash } from 'node:crypto';
import type { BulkOperationItem } from '../model.ts';
import type { JobRecord } from './job-record.ts';
import { hashReadyRows } from './prepare-job.ts';

export type HashedJob = Pick<JobRecord, 'type' | 'fileSha256' | 'readyOnly' | 'rowCounts'>;

/** Recomputes the hash from the rows themselves, so a stored job can be checked against what was approved. */
export function computeJobContentHash(job: HashedJob, items: readonly BulkOperationItem[]): string {
  const rows = hashReadyRows(job.type, items);
  if (!job.readyOnly) return rows;
  return createHash('sha256')
    .update(['ready-only', rows, job.fileSha256, String(job.rowCounts.blocked)].join('\n'))
    .digest('hex')
    .slice(0, 12);
}
