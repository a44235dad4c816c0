/**
 * One Approve / Reject click, end to end in the domain: decided inside the store's per-job update (so two
 * concurrent clicks cannot both win), stored, then audited. The bot answers the invoke from the outcome.
 */
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import type { AuditLog } from '../ports.ts';
import { auditEventForOutcome } from './approval-audit.ts';
import { decideApproval, jobToStore, type ApprovalInput, type ApprovalOutcome } from './approval-policy.ts';
import { JobLifecycleError } from './job-lifecycle.ts';
import type { JobStore } from './job-record.ts';

export interface RecordApprovalInput extends Omit<ApprovalInput, 'job'> {
  /** The job the card named (untrusted: it only selects which job is looked up). */
  jobId: string;
}

export interface RecordApprovalDeps {
  store: Pick<JobStore, 'update'>;
  /** Without one, nothing is audited (tests). */
  audit?: AuditLog;
}

/**
 * Resolves with the click's outcome once the changed job (if any) is stored and its audit entry appended.
 * A failing audit append rejects: the job is then stored as decided, and must not be started.
 */
export async function recordApproval(deps: RecordApprovalDeps, input: RecordApprovalInput): Promise<ApprovalOutcome> {
  const { jobId, ...rest } = input;
  let outcome: ApprovalOutcome | undefined;
  await deps.store.update(jobId, async (job) => {
    outcome = await decideApproval({ ...rest, job });
    return jobToStore(outcome);
  });
  if (outcome === undefined) {
    throw new JobLifecycleError(
      'STORE_CONTRACT_BROKEN',
      jobId,
      `The job store never ran the decision on job ${jobId}.`,
    );
  }
  const event = auditEventForOutcome(
    { jobId, actor: input.actor, action: input.action, contentHash: input.contentHash, at: input.now },
    outcome,
  );
  if (event !== undefined) await deps.audit?.append(event);
  // A click after the deadline expired the job (stored above): that move is audited like any other.
  if (outcome.kind === 'refused' && outcome.job?.state === 'expired') {
    await deps.audit?.append({
      actor: 'system',
      action: AUDIT_ACTIONS.jobExpired,
      jobId: outcome.job.jobId,
      details: {
        event: 'expire',
        from: 'submitted',
        to: 'expired',
        expiresAt: outcome.job.expiresAt,
        at: input.now.toISOString(),
      },
    });
  }
  return outcome;
}
