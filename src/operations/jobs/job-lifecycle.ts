/**
 * The moves a job makes, as pure functions driven by one transition table (`JOB_TRANSITIONS`): each returns a
 * new record and never changes its argument, so they compose inside `JobStore.update` (job-events.ts applies
 * an event, stores the job and audits it together). A move the table does not allow throws `JobLifecycleError`.
 *
 *   validated → submitted → approved | rejected | expired → running → completed | completed_with_errors |
 *   cancelled | failed; a job not yet running can be cancelled, and an undecided one expires.
 *
 * A job keeps its rows until it ends, `running` included: the job is stored as running before the engine's
 * first save of its operation, so a crash in between must still find the rows to start it after a restart.
 * The rows are dropped in the same write that ends the job, when the operation surely holds them.
 */
import type { BulkOperationItem, OperationState } from '../model.ts';
import { computeJobContentHash, matchesContentHash } from './job-content-hash.ts';
import {
  isFinalJobState,
  toJobPerson,
  type JobConversation,
  type JobDecision,
  type JobPerson,
  type JobRecord,
  type JobState,
} from './job-record.ts';
import type { PreparedJob } from './prepare-job.ts';

export type JobLifecycleErrorCode =
  | 'ILLEGAL_TRANSITION'
  | 'TYPE_UNKNOWN'
  | 'INVALID_TTL'
  | 'NOTHING_TO_RUN'
  | 'CONTENT_MISMATCH'
  | 'ROWS_BLOCKED'
  /** A JobStore adapter did not call the change it was given. */
  | 'STORE_CONTRACT_BROKEN';

export class JobLifecycleError extends Error {
  readonly code: JobLifecycleErrorCode;
  readonly jobId: string;

  constructor(code: JobLifecycleErrorCode, jobId: string, message: string) {
    super(message);
    this.name = 'JobLifecycleError';
    this.code = code;
    this.jobId = jobId;
  }
}

/** How long a job waits for a decision. */
export const DEFAULT_APPROVAL_TTL_MS = 24 * 60 * 60 * 1000;

/** What can happen to a job. Each event names the states it may happen in and the states it may lead to. */
export type JobEventKind = 'submit' | 'approve' | 'reject' | 'expire' | 'cancel' | 'start' | 'finish' | 'abort';

const END_STATES = ['completed', 'completed_with_errors', 'cancelled', 'failed'] as const;

export const JOB_TRANSITIONS: Readonly<Record<JobEventKind, { from: readonly JobState[]; to: readonly JobState[] }>> = {
  // A read-only type may need no approver (approval-rules.ts): it is approved as it is submitted.
  submit: { from: ['validated'], to: ['submitted', 'approved'] },
  // With two approvers required, the first approval leaves the job submitted.
  approve: { from: ['submitted'], to: ['submitted', 'approved'] },
  reject: { from: ['submitted'], to: ['rejected'] },
  expire: { from: ['validated', 'submitted'], to: ['expired'] },
  cancel: { from: ['validated', 'submitted', 'approved'], to: ['cancelled'] },
  start: { from: ['approved'], to: ['running'] },
  finish: { from: ['running'], to: END_STATES },
  // The engine refused the job before any row ran (shutting down, a duplicate id).
  abort: { from: ['approved'], to: ['failed'] },
};

/** Whether `event` may happen to a job in `state` (the refusal sentence is `illegal`'s). */
export function allows(event: JobEventKind, state: JobState): boolean {
  return JOB_TRANSITIONS[event].from.includes(state);
}

/**
 * How the job ends, from how its operation ended; undefined while the operation still runs. Spelled out, not
 * cast: a new operation state must be given a meaning for the job here before it compiles.
 */
export function jobEndStateOf(state: OperationState): JobEndState | undefined {
  switch (state) {
    case 'running':
      return undefined;
    case 'completed':
      return 'completed';
    case 'completed_with_errors':
      return 'completed_with_errors';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
      return 'failed';
  }
}

/** States that end a job once it was approved (or, for `cancelled`, before). */
export type JobEndState = 'completed' | 'completed_with_errors' | 'cancelled' | 'failed';

/**
 * What a job is made from: a prepared (validated) file, or the unfinished rows of an earlier job for a retry
 * (which has no blocked rows).
 */
export type JobSource = Pick<PreparedJob, 'jobId' | 'fileName' | 'fileSha256' | 'type' | 'ready' | 'counts'> &
  Partial<Pick<PreparedJob, 'blocked'>>;

export interface CreateJobOptions {
  /** The job whose failed rows this one retries. */
  retryOf?: string;
}

/**
 * A new job awaiting approval, with the prepared job's id as its id (so its audit entries line up with
 * `job.created` / `job.validated`) and its content hash computed from the ready rows.
 * @throws JobLifecycleError `TYPE_UNKNOWN` (ask the admin for the type first), `INVALID_TTL`.
 */
export function createJobRecord(
  prepared: JobSource,
  requester: JobPerson,
  conversation: JobConversation | null,
  now: Date,
  ttlMs: number = DEFAULT_APPROVAL_TTL_MS,
  options: CreateJobOptions = {},
): JobRecord {
  const jobId = prepared.jobId;
  if (prepared.type === null) {
    throw new JobLifecycleError('TYPE_UNKNOWN', jobId, `Job ${jobId} has no operation type yet: choose one first.`);
  }
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new JobLifecycleError('INVALID_TTL', jobId, `An approval must be allowed some time (got ${ttlMs} ms).`);
  }
  const base = {
    type: prepared.type,
    fileSha256: prepared.fileSha256,
    readyOnly: false,
    rowCounts: { ...prepared.counts },
  };
  const items = prepared.ready.map((item) => structuredClone(item));
  return {
    jobId,
    ...base,
    fileName: prepared.fileName,
    contentHash: computeJobContentHash(base, items),
    requester: toJobPerson(requester),
    conversation: conversation === null ? null : { ...conversation },
    state: 'validated',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    submittedAt: null,
    requiredApprovals: 1,
    approvals: [],
    decision: null,
    retryOf: options.retryOf ?? null,
    cardActivityIds: {},
    approvalRequest: null,
    items,
    blockedRows: (prepared.blocked ?? []).map((row) => ({ ...row, reasons: [...row.reasons] })),
  };
}

export interface Submission {
  by: JobPerson;
  at: Date;
  /** "Submit only the ready rows": the blocked rows are knowingly left out. */
  readyOnly: boolean;
  /** How many approvers this job needs (approval-rules.ts); 0 approves it at once. */
  requiredApprovals: number;
}

/**
 * The requester presses Submit (or "Submit only the ready rows"). The content hash stays what the validation
 * card showed: it covers exactly the rows that will run, and a blocked row never runs. A job with blocked rows
 * can only be submitted ready-only; one that needs no approver is approved in the same move (`via: 'policy'`).
 * @throws JobLifecycleError `ILLEGAL_TRANSITION` once submitted, `ROWS_BLOCKED`, `NOTHING_TO_RUN`.
 */
export function submitJob(job: JobRecord, submission: Submission): JobRecord {
  if (!allows('submit', job.state)) throw illegal(job, 'be submitted');
  if (job.rowCounts.ready === 0 || requireItems(job).length === 0) {
    throw new JobLifecycleError('NOTHING_TO_RUN', job.jobId, `Job ${job.jobId} has no ready rows to submit.`);
  }
  if (job.rowCounts.blocked > 0 && !submission.readyOnly) {
    throw new JobLifecycleError(
      'ROWS_BLOCKED',
      job.jobId,
      `Job ${job.jobId} has blocked rows: fix the file, or submit only the ready rows.`,
    );
  }
  const at = submission.at.toISOString();
  const submitted: JobRecord = {
    ...moveTo(job, 'submit', submission.requiredApprovals === 0 ? 'approved' : 'submitted'),
    readyOnly: job.rowCounts.blocked > 0 && submission.readyOnly,
    submittedAt: at,
    requiredApprovals: submission.requiredApprovals,
  };
  if (submission.requiredApprovals > 0) return submitted;
  const decision: JobDecision = {
    by: toJobPerson(submission.by),
    at,
    action: 'approve',
    selfApproved: false,
    via: 'policy',
  };
  return { ...submitted, approvals: [decision], decision };
}

/**
 * Records an approver's decision (see approval-policy.ts for who may decide). An approval counts towards
 * `requiredApprovals`; the job is approved with the last one. A rejection ends it at once.
 */
export function applyDecision(job: JobRecord, decision: JobDecision): JobRecord {
  const stored = { ...decision, by: toJobPerson(decision.by) };
  if (decision.action === 'reject') return { ...moveTo(job, 'reject', 'rejected'), decision: stored };
  const approvals = [...job.approvals, stored];
  const done = approvals.length >= Math.max(1, job.requiredApprovals);
  return {
    ...moveTo(job, 'approve', done ? 'approved' : 'submitted'),
    approvals,
    decision: done ? stored : null,
  };
}

/** Cancelled before it ran. */
export function cancelBeforeRun(job: JobRecord): JobRecord {
  return moveTo(job, 'cancel', 'cancelled');
}

/** The engine started the job's operation (it has the job's id). Repeating it changes nothing. */
export function markRunning(job: JobRecord): JobRecord {
  if (job.state === 'running') return job;
  return moveTo(job, 'start', 'running');
}

/** The job ended. Repeating the same end state changes nothing. */
export function markFinished(job: JobRecord, state: JobEndState): JobRecord {
  if (job.state === state) return job;
  return moveTo(job, job.state === 'approved' ? 'abort' : 'finish', state);
}

/** A job still undecided (validated or submitted) at `expiresAt` expires; any other job is returned as it is. */
export function expireIfDue(job: JobRecord, now: Date): JobRecord {
  if (!allows('expire', job.state) || !isApprovalDue(job, now)) return job;
  return moveTo(job, 'expire', 'expired');
}

/** The approval window is over (whatever the state). */
export function isApprovalDue(job: Pick<JobRecord, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(job.expiresAt);
}

/**
 * The rows to hand to the engine, checked against the approved content hash, so that what runs is exactly what
 * was approved even if the stored job was altered in between. A `running` job hands them over too: after a
 * restart, when its operation was never saved (the caller checks that no operation exists).
 * @throws JobLifecycleError `ILLEGAL_TRANSITION` unless approved or running, `CONTENT_MISMATCH` (also when the
 *   job no longer holds its rows).
 */
export function itemsToRun(job: JobRecord): BulkOperationItem[] {
  if (job.state !== 'approved' && job.state !== 'running') {
    throw illegal(job, 'hand its rows to the engine (only an approved or running job can)');
  }
  const items = requireItems(job);
  if (!matchesContentHash(job, items)) {
    throw new JobLifecycleError(
      'CONTENT_MISMATCH',
      job.jobId,
      `The stored rows of job ${job.jobId} no longer match the approved content hash ${job.contentHash}.`,
    );
  }
  return items.map((item) => structuredClone(item));
}

/** Remembers the Teams activity of a card posted for the job, to update it in place later. */
export function withCardActivity(job: JobRecord, card: string, activityId: string): JobRecord {
  return { ...job, cardActivityIds: { ...job.cardActivityIds, [card]: activityId } };
}

function moveTo(job: JobRecord, event: JobEventKind, state: JobState): JobRecord {
  const { from, to } = JOB_TRANSITIONS[event];
  if (!from.includes(job.state) || !to.includes(state)) throw illegal(job, `become ${state}`);
  // Rows are kept until the job ends (see the top of this file for why `running` keeps them too).
  const keepsItems = !isFinalJobState(state);
  return { ...job, state, items: keepsItems ? job.items : null };
}

function requireItems(job: JobRecord): BulkOperationItem[] {
  if (job.items === null) {
    throw new JobLifecycleError('CONTENT_MISMATCH', job.jobId, `Job ${job.jobId} no longer holds its rows.`);
  }
  return job.items;
}

function illegal(job: JobRecord, attempted: string): JobLifecycleError {
  return new JobLifecycleError(
    'ILLEGAL_TRANSITION',
    job.jobId,
    `Job ${job.jobId} is ${job.state}: it cannot ${attempted}.`,
  );
}
