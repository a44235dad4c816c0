/**
 * A job run from the command line is stored like the bot's jobs (same job store, same states, same audit
 * entries), so that a killed `run` leaves behind what the one resume path (recover-jobs.ts) carries on. The
 * admin at the terminal runs it on their own authority: it is approved by policy (no second person), as the
 * CLI always has been; four-eyes approval is the bot's.
 */
import type { BulkOperationItem } from '../model.ts';
import { createJobRecord, type JobSource } from './job-lifecycle.ts';
import { CLI_REQUESTER_PREFIX } from './recover-jobs.ts';
import type { JobDecision, JobRecord } from './job-record.ts';

export function createCommandLineJob(
  prepared: JobSource,
  items: readonly BulkOperationItem[],
  user: string,
  now: Date,
): JobRecord {
  const requester = { id: `${CLI_REQUESTER_PREFIX}${user}`, name: user };
  const created = createJobRecord({ ...prepared, ready: [...items] }, requester, null, now);
  const at = now.toISOString();
  const decision: JobDecision = { by: requester, at, action: 'approve', selfApproved: false, via: 'policy' };
  return {
    ...created,
    state: 'approved',
    readyOnly: prepared.counts.blocked > 0,
    submittedAt: at,
    requiredApprovals: 0,
    approvals: [decision],
    decision,
  };
}
