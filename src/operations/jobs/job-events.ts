/**
 * The one way a job changes: an event is decided against the transition table (job-lifecycle.ts) inside the
 * store's per-job update, the changed job is stored, and its audit entry is appended — the shape
 * `recordApproval` has for Approve / Reject. A refused event changes nothing and is audited too, so a forged
 * or late card action leaves a trace. Save first, report second, as the bulk engine does.
 */
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import type { JsonObject } from '../model.ts';
import type { AuditEvent, AuditLog } from '../ports.ts';
import { approvalAuditEvent } from './approval-audit.ts';
import { requiredApprovalsFor, type ApprovalRules } from './approval-rules.ts';
import {
  allows,
  cancelBeforeRun,
  expireIfDue,
  isApprovalDue,
  JobLifecycleError,
  markFinished,
  markRunning,
  submitJob,
  type JobEndState,
  type JobEventKind,
} from './job-lifecycle.ts';
import { isSamePerson, personKey, type JobPerson, type JobRecord, type JobState, type JobStore } from './job-record.ts';

export type JobEvent =
  | { kind: 'submit'; actor: JobPerson; contentHash: string; readyOnly: boolean; rules: ApprovalRules; now: Date }
  | { kind: 'expire'; now: Date }
  | { kind: 'cancel'; actor: JobPerson; now: Date }
  | { kind: 'start'; actor: string; now: Date }
  | { kind: 'finish'; state: JobEndState; actor: string; now: Date };

export type JobEventRefusalCode =
  | 'JOB_NOT_FOUND'
  | 'NOT_REQUESTER'
  | 'STALE_CARD'
  | 'APPROVAL_EXPIRED'
  | 'ROWS_BLOCKED'
  | 'NOTHING_TO_RUN'
  | 'ILLEGAL_TRANSITION';

export type JobEventOutcome =
  /** `changed: false`: the event had already happened (a double click, a Teams retry). */
  | { kind: 'applied'; job: JobRecord; from: JobState; changed: boolean }
  | { kind: 'refused'; code: JobEventRefusalCode; message: string; job: JobRecord | undefined };

export interface JobEventDeps {
  store: Pick<JobStore, 'update'>;
  /** Without one, nothing is audited (tests). */
  audit?: AuditLog;
}

/** Entries for a refused event name the attempt; values from a card are capped (they are untrusted). */
export const JOB_TRANSITION_REFUSED = 'job.transition_refused';

interface Step {
  outcome: JobEventOutcome;
  /** The job to store, when the event changed it. */
  store?: JobRecord;
  audit: AuditEvent[];
}

/**
 * Applies one event to the job `jobId`. Resolves once the changed job is stored and its audit entries are
 * appended; a failing append rejects (the job is then stored as changed).
 */
export async function applyJobEvent(deps: JobEventDeps, jobId: string, event: JobEvent): Promise<JobEventOutcome> {
  let step: Step | undefined;
  await deps.store.update(jobId, (job) => {
    step = decide(jobId, job, event);
    return step.store;
  });
  if (step === undefined) {
    throw new JobLifecycleError(
      'STORE_CONTRACT_BROKEN',
      jobId,
      `The job store never ran the ${event.kind} of job ${jobId}.`,
    );
  }
  for (const entry of step.audit) await deps.audit?.append(entry);
  return step.outcome;
}

/** Every job still undecided past its deadline expires: the lifecycle's own clock, not the next click. */
export async function expireDueJobs(
  deps: JobEventDeps & { store: Pick<JobStore, 'update' | 'list'> },
  now: Date,
): Promise<JobRecord[]> {
  const due = (await deps.store.list({ limit: Number.POSITIVE_INFINITY })).filter(
    (job) => allows('expire', job.state) && isApprovalDue(job, now),
  );
  const expired: JobRecord[] = [];
  for (const job of due) {
    const outcome = await applyJobEvent(deps, job.jobId, { kind: 'expire', now });
    if (outcome.kind === 'applied' && outcome.changed) expired.push(outcome.job);
  }
  return expired;
}

function decide(jobId: string, job: JobRecord | undefined, event: JobEvent): Step {
  if (job === undefined) {
    return refused(jobId, undefined, event, 'JOB_NOT_FOUND', `I know no job ${jobId}; send the file again.`);
  }
  // An undecided job past its deadline expires before anything else can happen to it.
  if (
    event.kind !== 'expire' &&
    event.kind !== 'finish' &&
    allows('expire', job.state) &&
    isApprovalDue(job, event.now)
  ) {
    const expired = expireIfDue(job, event.now);
    const refusal = refused(jobId, expired, event, 'APPROVAL_EXPIRED', expiredSentence(job));
    return { ...refusal, store: expired, audit: [stateEvent(job, expired, event), ...refusal.audit] };
  }
  try {
    switch (event.kind) {
      case 'submit':
        return submit(job, event);
      case 'expire':
        return moved(job, expireIfDue(job, event.now), event);
      case 'cancel':
        if (job.state === 'cancelled') return unchanged(job);
        return moved(job, cancelBeforeRun(job), event);
      case 'start':
        return moved(job, markRunning(job), event);
      case 'finish':
        return moved(job, markFinished(job, event.state), event);
    }
  } catch (error) {
    if (!(error instanceof JobLifecycleError)) throw error;
    const code = error.code === 'ROWS_BLOCKED' || error.code === 'NOTHING_TO_RUN' ? error.code : 'ILLEGAL_TRANSITION';
    return refused(jobId, job, event, code, error.message);
  }
}

function submit(job: JobRecord, event: Extract<JobEvent, { kind: 'submit' }>): Step {
  if (!isSamePerson(job.requester, event.actor)) {
    return refused(job.jobId, job, event, 'NOT_REQUESTER', 'Only the person who sent the file can submit it.');
  }
  if (event.contentHash !== job.contentHash) {
    return refused(job.jobId, job, event, 'STALE_CARD', 'This card shows an older version of the job.');
  }
  // A double click, or Teams retrying the invoke: the job was submitted by this very card.
  if (job.submittedAt !== null && job.state !== 'validated') return unchanged(job);
  const requiredApprovals = requiredApprovalsFor(job, event.rules);
  return moved(
    job,
    submitJob(job, { by: event.actor, at: event.now, readyOnly: event.readyOnly, requiredApprovals }),
    event,
  );
}

function moved(job: JobRecord, next: JobRecord, event: JobEvent): Step {
  if (next === job) return unchanged(job);
  const audit = [stateEvent(job, next, event)];
  if (event.kind === 'submit' && next.decision !== null) audit.push(approvalAuditEvent(next, next.decision));
  return { outcome: { kind: 'applied', job: next, from: job.state, changed: true }, store: next, audit };
}

function unchanged(job: JobRecord): Step {
  return { outcome: { kind: 'applied', job, from: job.state, changed: false }, audit: [] };
}

const ACTION_OF: Record<JobEventKind, string> = {
  submit: AUDIT_ACTIONS.jobSubmitted,
  approve: AUDIT_ACTIONS.jobApproved,
  reject: AUDIT_ACTIONS.jobRejected,
  expire: AUDIT_ACTIONS.jobExpired,
  cancel: AUDIT_ACTIONS.jobCancelled,
  // The engine writes `job.started` / `job.completed` with its own details; the job's move is its own entry.
  start: AUDIT_ACTIONS.jobStateChanged,
  finish: AUDIT_ACTIONS.jobStateChanged,
  abort: AUDIT_ACTIONS.jobStateChanged,
};

function stateEvent(before: JobRecord, after: JobRecord, event: JobEvent): AuditEvent {
  const kind: JobEventKind = after.state === 'expired' ? 'expire' : event.kind;
  const details: JsonObject = { event: kind, from: before.state, to: after.state, at: event.now.toISOString() };
  if (kind === 'submit') {
    Object.assign(details, {
      contentHash: after.contentHash,
      rows: after.rowCounts.ready,
      readyOnly: after.readyOnly,
      blockedLeftOut: after.readyOnly ? after.rowCounts.blocked : 0,
      requiredApprovals: after.requiredApprovals,
    });
  }
  if (kind === 'expire') details.expiresAt = before.expiresAt;
  if ('actor' in event && typeof event.actor === 'object') details.by = { id: event.actor.id, name: event.actor.name };
  return { actor: actorOf(event), action: ACTION_OF[kind], jobId: after.jobId, details };
}

function refused(
  jobId: string,
  job: JobRecord | undefined,
  event: JobEvent,
  code: JobEventRefusalCode,
  message: string,
): Step {
  const details: JsonObject = { attempted: event.kind, code, at: event.now.toISOString() };
  if (job !== undefined) details.state = job.state;
  if (event.kind === 'submit') details.cardContentHash = String(event.contentHash).slice(0, 128);
  return {
    outcome: { kind: 'refused', code, message, job },
    audit: [{ actor: actorOf(event), action: JOB_TRANSITION_REFUSED, jobId: String(jobId).slice(0, 128), details }],
  };
}

function actorOf(event: JobEvent): string {
  if (!('actor' in event)) return 'system';
  return typeof event.actor === 'string' ? event.actor : personKey(event.actor);
}

function expiredSentence(job: JobRecord): string {
  return `This job expired on ${job.expiresAt.slice(0, 10)} ${job.expiresAt.slice(11, 16)} UTC without a decision; the requester must send the file again.`;
}
