/**
 * Four eyes: who may approve or reject a job, and what a click does. Nothing from the card's `action.data` is
 * trusted for authorisation: the actor comes from the activity's `from`, and the card's content hash only
 * proves which version of the job the clicker saw. Teams retries an invoke it got no timely answer to, so a
 * repeated click by the same person returns the same result instead of an error.
 */
import { applyDecision, expireIfDue, isApprovalDue } from './job-lifecycle.ts';
import { isSamePerson, toJobPerson, type JobDecision, type JobPerson, type JobRecord } from './job-record.ts';

/** The person clicking, from the activity's `from` (`id` = `29:…`, `aadObjectId` = Entra object id). */
export type ApprovalActor = JobPerson;

export type ApprovalAction = 'approve' | 'reject';

export interface ApprovalPolicy {
  /** Teams user ids (`29:…`) or Entra object ids of the approvers. */
  approverUserIds: readonly string[];
  /** Members of this Entra group are approvers too. */
  approverGroupId?: string;
  /** Lets the requester approve their own job (the sandbox); the decision is flagged `selfApproved`. */
  allowSelfApproval: boolean;
}

export interface ApprovalInput {
  job: JobRecord | undefined;
  actor: ApprovalActor;
  action: ApprovalAction;
  /** From the card's `action.data`: untrusted, only compared with the job's. */
  contentHash: string;
  /** From the card's input when rejecting: untrusted free text, trimmed and capped. */
  reason?: string;
  now: Date;
  policy: ApprovalPolicy;
  /** Asks the directory (Graph) whether this Entra object id is in `policy.approverGroupId`. */
  isInApproverGroup: (aadObjectId: string) => Promise<boolean>;
}

export type ApprovalRefusalCode =
  | 'JOB_NOT_FOUND'
  | 'NO_APPROVERS_CONFIGURED'
  | 'NOT_AN_APPROVER'
  | 'APPROVER_CHECK_FAILED'
  | 'JOB_CLOSED'
  | 'STALE_CARD'
  | 'APPROVAL_EXPIRED'
  | 'SELF_APPROVAL_NOT_ALLOWED'
  | 'ROWS_BLOCKED'
  | 'NOTHING_TO_RUN'
  | 'NOT_SUBMITTED'
  | 'ALREADY_APPROVED_BY_YOU';

export interface ApprovalRefusal {
  kind: 'refused';
  code: ApprovalRefusalCode;
  /** One sentence for the clicker. */
  message: string;
  /** Set when refusing changed the job (it expired): store it. */
  job?: JobRecord;
  /** Why the approver check failed (for the log, never for the user). */
  cause?: unknown;
}

export type ApprovalOutcome =
  | {
      /** `awaiting-second`: an approval that counted, with more approvals still required. */
      kind: 'approved' | 'rejected' | 'awaiting-second';
      job: JobRecord;
      /** The same person's same click again (a Teams retry): nothing changed, nothing to store or audit. */
      repeated: boolean;
    }
  | ApprovalRefusal
  | { kind: 'already-decided'; job: JobRecord; message: string };

export type ApproverVerdict = { approver: true; via: 'user' | 'group' } | { approver: false; refusal: ApprovalRefusal };

const MAX_REASON_LENGTH = 500;

/**
 * Whether the actor may decide on jobs: a configured user id (matching their Teams id or Entra object id), or
 * a member of the approver group. The group is asked about the actor's own Entra object id, and only when the
 * user ids did not already answer. Also what the bot asks before showing the Approve / Reject view.
 */
export async function checkApprover(
  actor: ApprovalActor,
  policy: ApprovalPolicy,
  isInApproverGroup: ApprovalInput['isInApproverGroup'],
): Promise<ApproverVerdict> {
  if (policy.approverUserIds.length === 0 && policy.approverGroupId === undefined) {
    return notApprover(
      'NO_APPROVERS_CONFIGURED',
      'No approvers are configured, so no one can approve jobs yet: set approver user ids or an approver group.',
    );
  }
  if (policy.approverUserIds.some((id) => isSamePerson(actor, { id }))) return { approver: true, via: 'user' };
  if (policy.approverGroupId !== undefined && actor.aadObjectId) {
    try {
      if (await isInApproverGroup(actor.aadObjectId)) return { approver: true, via: 'group' };
    } catch (cause) {
      return notApprover(
        'APPROVER_CHECK_FAILED',
        'Your approver group membership could not be checked just now; please try again in a minute.',
        cause,
      );
    }
  }
  return notApprover('NOT_AN_APPROVER', 'Only an approver can approve or reject jobs; ask one of the approvers.');
}

/**
 * Decides one Approve / Reject click. Pure apart from the group check; call it inside `JobStore.update` (see
 * record-approval.ts) so that of two concurrent clicks exactly one decides.
 */
export async function decideApproval(input: ApprovalInput): Promise<ApprovalOutcome> {
  const { job, actor, action, now } = input;
  if (job === undefined) {
    return refuse('JOB_NOT_FOUND', 'This job does not exist (any more); send the file again to start a new one.');
  }
  const verdict = await checkApprover(actor, input.policy, input.isInApproverGroup);
  if (!verdict.approver) return verdict.refusal;

  if (job.decision !== null) return answerDecided(job, job.decision, input);
  if (job.state === 'expired') return refuseExpired(job);
  if (isApprovalDue(job, now) && job.state === 'validated')
    return { ...refuseExpired(job), job: expireIfDue(job, now) };
  if (job.state === 'validated') {
    return refuse(
      'NOT_SUBMITTED',
      'The requester has not submitted this job yet, so it cannot be decided; wait for the approval request.',
    );
  }
  if (job.state !== 'submitted') {
    return refuse('JOB_CLOSED', `This job is ${job.state.replaceAll('_', ' ')}, so it can no longer be decided.`);
  }
  if (isApprovalDue(job, now)) return { ...refuseExpired(job), job: expireIfDue(job, now) };
  if (input.contentHash !== job.contentHash) {
    return refuse('STALE_CARD', 'This card shows an older version of the job; use the most recent approval card.');
  }

  const selfApproved = action === 'approve' && isSamePerson(actor, job.requester);
  const mine = job.approvals.find((given) => isSamePerson(given.by, actor));
  if (mine !== undefined) {
    if (action === 'approve' && input.contentHash === job.contentHash) {
      return { kind: 'awaiting-second', job, repeated: true };
    }
    if (action === 'approve') {
      return refuse(
        'ALREADY_APPROVED_BY_YOU',
        'You already approved this job; a second, different approver must approve it too.',
      );
    }
  }
  if (action === 'approve') {
    if (selfApproved && !input.policy.allowSelfApproval) {
      return refuse('SELF_APPROVAL_NOT_ALLOWED', 'You requested this job, so another approver must approve it.');
    }
    if (job.rowCounts.blocked > 0 && !job.readyOnly) {
      return refuse(
        'ROWS_BLOCKED',
        'This job still has blocked rows: the requester must fix the file or submit only the ready rows.',
      );
    }
    if (job.rowCounts.ready === 0) return refuse('NOTHING_TO_RUN', 'This job has no rows that can run.');
  }
  const decision: JobDecision = {
    by: toJobPerson(actor),
    at: now.toISOString(),
    action,
    ...reasonOf(action, input.reason),
    selfApproved,
  };
  const decided = applyDecision(job, decision);
  const kind = action === 'reject' ? 'rejected' : decided.state === 'approved' ? 'approved' : 'awaiting-second';
  return { kind, job: decided, repeated: false };
}

/** The job to store after a decision, if the click changed it. */
export function jobToStore(outcome: ApprovalOutcome): JobRecord | undefined {
  if (outcome.kind === 'approved' || outcome.kind === 'rejected' || outcome.kind === 'awaiting-second') {
    return outcome.repeated ? undefined : outcome.job;
  }
  return outcome.kind === 'refused' ? outcome.job : undefined;
}

function answerDecided(job: JobRecord, decision: JobDecision, input: ApprovalInput): ApprovalOutcome {
  const repeated =
    decision.action === input.action && isSamePerson(decision.by, input.actor) && input.contentHash === job.contentHash;
  if (repeated) return { kind: decision.action === 'approve' ? 'approved' : 'rejected', job, repeated: true };
  const decided = decision.action === 'approve' ? 'approved' : 'rejected';
  const attempt = input.action === 'approve' ? 'approval' : 'rejection';
  return {
    kind: 'already-decided',
    job,
    message: `This job was already ${decided} by ${decision.by.name} on ${formatUtc(decision.at)}; your ${attempt} changed nothing.`,
  };
}

function refuseExpired(job: JobRecord): ApprovalRefusal {
  return refuse(
    'APPROVAL_EXPIRED',
    `This job expired on ${formatUtc(job.expiresAt)} without a decision; the requester must send the file again.`,
  );
}

function reasonOf(action: ApprovalAction, reason: string | undefined): { reason?: string } {
  const trimmed = action === 'reject' ? (reason ?? '').trim().slice(0, MAX_REASON_LENGTH) : '';
  return trimmed === '' ? {} : { reason: trimmed };
}

function refuse(code: ApprovalRefusalCode, message: string, cause?: unknown): ApprovalRefusal {
  return cause === undefined ? { kind: 'refused', code, message } : { kind: 'refused', code, message, cause };
}

function notApprover(code: ApprovalRefusalCode, message: string, cause?: unknown): ApproverVerdict {
  return { approver: false, refusal: refuse(code, message, cause) };
}

/** `2025-01-06 09:00 UTC`: the domain does not know the clicker's time zone. */
function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
