/**
 * The audit entries of four-eyes approval: every decision with who, when and the content hash it is bound to,
 * and every refused click (a non-approver, a replayed card, a late click) so that attempts are visible too.
 */
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import type { JsonObject } from '../model.ts';
import type { AuditEvent } from '../ports.ts';
import type { ApprovalAction, ApprovalActor, ApprovalOutcome } from './approval-policy.ts';
import { personKey, type JobDecision, type JobPerson, type JobRecord } from './job-record.ts';

/**
 * A click the approval policy refused, or one on a job already decided otherwise. Defined here rather than in
 * audit-actions.ts (shared); details: who, when, what they tried, the code, the card's hash.
 */
export const JOB_APPROVAL_REFUSED = 'job.approval_refused';

/** Codes of refused clicks besides the policy's own (ApprovalRefusalCode). */
export const ALREADY_DECIDED = 'ALREADY_DECIDED';

// Values from the card are untrusted: a crafted invoke must not bloat the audit trail.
const MAX_CARD_VALUE_LENGTH = 128;

export interface ApprovalAttempt {
  /** The job id the card named. */
  jobId: string;
  actor: ApprovalActor;
  action: ApprovalAction;
  /** The card's content hash (untrusted). */
  contentHash: string;
  at: Date;
}

/** `job.approved` / `job.rejected`: who decided, when, on which content hash. */
export function approvalAuditEvent(job: JobRecord, decision: JobDecision): AuditEvent {
  const details: JsonObject = {
    by: describePerson(decision.by),
    at: decision.at,
    contentHash: job.contentHash,
    selfApproved: decision.selfApproved,
    rows: job.rowCounts.ready,
    readyOnly: job.readyOnly,
  };
  if (decision.action === 'approve') {
    details.approvals = job.approvals.length;
    details.requiredApprovals = job.requiredApprovals;
  }
  if (decision.via !== undefined) details.via = decision.via;
  if (decision.reason !== undefined) details.reason = decision.reason;
  return {
    actor: actorOf(decision.by),
    action: decision.action === 'approve' ? AUDIT_ACTIONS.jobApproved : AUDIT_ACTIONS.jobRejected,
    jobId: job.jobId,
    details,
  };
}

/** `job.approval_refused`: a click that changed nothing but is worth knowing about. */
export function approvalRefusedAuditEvent(attempt: ApprovalAttempt, refusal: { code: string }): AuditEvent {
  return {
    actor: actorOf(attempt.actor),
    action: JOB_APPROVAL_REFUSED,
    jobId: capCardValue(attempt.jobId),
    details: {
      by: describePerson(attempt.actor),
      at: attempt.at.toISOString(),
      attempted: attempt.action,
      code: refusal.code,
      cardContentHash: capCardValue(attempt.contentHash),
    },
  };
}

/**
 * The entry to append for one click's outcome, or `undefined` for a Teams retry of a click already recorded.
 * Append it after the job is stored (save first, report second, as the bulk engine does).
 */
export function auditEventForOutcome(attempt: ApprovalAttempt, outcome: ApprovalOutcome): AuditEvent | undefined {
  switch (outcome.kind) {
    case 'approved':
    case 'rejected':
      if (outcome.repeated || outcome.job.decision === null) return undefined;
      return approvalAuditEvent(outcome.job, outcome.job.decision);
    case 'awaiting-second': {
      const given = outcome.job.approvals.at(-1);
      return outcome.repeated || given === undefined ? undefined : approvalAuditEvent(outcome.job, given);
    }
    case 'already-decided':
      return approvalRefusedAuditEvent(attempt, { code: ALREADY_DECIDED });
    case 'refused':
      return approvalRefusedAuditEvent(attempt, outcome);
  }
}

/** A stable id rather than a display name: names change and repeat. */
const actorOf = personKey;

function describePerson(person: JobPerson): JsonObject {
  const described: JsonObject = { id: person.id, name: person.name };
  if (person.aadObjectId !== undefined) described.aadObjectId = person.aadObjectId;
  return described;
}

function capCardValue(value: string): string {
  return String(value).slice(0, MAX_CARD_VALUE_LENGTH);
}
