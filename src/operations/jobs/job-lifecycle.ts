/**
 * The moves a job makes, as pure functions: each returns a new record and never changes its argument, so they
 * compose inside `JobStore.update`. A move the state machine does not allow throws `JobLifecycleError`.
 *
 *   awaiting_approval → approved | rejected | expired | cancelled
 *   approved          → running | cancelled | failed
 *   running           → completed | completed_with_errors | cancelled | failed
 *
 * A job keeps its rows until it ends, `running` included: the job is stored as running before the engine's
 * first save of its operation, so a crash in between must still find the rows to start it after a restart.
 * The rows are dropped in the same write that ends the job, when the operation surely holds them.
 */
import type { BulkOperationItem } from '../model.ts';
import { computeJobContentHash } from './job-content-hash.ts';
import {
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

const NEXT_STATES: Readonly<Record<JobState, readonly JobState[]>> = {
  awaiting_approval: ['approved', 'rejected', 'expired', 'cancelled'],
  approved: ['running', 'cancelled', 'failed'],
  running: ['completed', 'completed_with_errors', 'cancelled', 'failed'],
  completed: [],
  completed_with_errors: [],
  cancelled: [],
  failed: [],
  rejected: [],
  expired: [],
};

/** States that end a job once it was approved (or, for `cancelled`, before). */
export type JobEndState = 'completed' | 'completed_with_errors' | 'cancelled' | 'failed';

/** What a job is made from: a prepared (validated) file, or the failed rows of an earlier job for a retry. */
export type JobSource = Pick<PreparedJob, 'jobId' | 'fileName' | 'fileSha256' | 'type' | 'ready' | 'counts'>;

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
    state: 'awaiting_approval',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    decision: null,
    retryOf: options.retryOf ?? null,
    cardActivityIds: {},
    approvalRequest: null,
    items,
  };
}

/**
 * "Submit only the ready rows": the blocked rows are left out on purpose, and the job gets a new content hash
 * (see job-content-hash.ts for why it must differ although the same rows run). Repeating it, or calling it on
 * a job without blocked rows, changes nothing.
 * @throws JobLifecycleError `ILLEGAL_TRANSITION` once decided, `NOTHING_TO_RUN` when no row is ready.
 */
export function submitReadyOnly(job: JobRecord): JobRecord {
  if (job.state !== 'awaiting_approval') {
    throw illegal(job, 'have its rows changed');
  }
  if (job.readyOnly || job.rowCounts.blocked === 0) return job;
  const items = requireItems(job);
  if (items.length === 0) {
    throw new JobLifecycleError('NOTHING_TO_RUN', job.jobId, `Job ${job.jobId} has no ready rows to submit.`);
  }
  const readyOnly = { ...job, readyOnly: true };
  return { ...readyOnly, contentHash: computeJobContentHash(readyOnly, items) };
}

/** Records an approver's decision (see approval-policy.ts for who may decide). */
export function applyDecision(job: JobRecord, decision: JobDecision): JobRecord {
  const state = decision.action === 'approve' ? 'approved' : 'rejected';
  return { ...moveTo(job, state), decision: { ...decision, by: toJobPerson(decision.by) } };
}

/** The engine started the job's operation (it has the job's id). Repeating it changes nothing. */
export function markRunning(job: JobRecord): JobRecord {
  if (job.state === 'running') return job;
  return moveTo(job, 'running');
}

/** The job ended (or was cancelled before it ran). Repeating the same end state changes nothing. */
export function markFinished(job: JobRecord, state: JobEndState): JobRecord {
  if (job.state === state) return job;
  return moveTo(job, state);
}

/** A job still awaiting a decision at `expiresAt` expires; any other job is returned as it is. */
export function expireIfDue(job: JobRecord, now: Date): JobRecord {
  if (job.state !== 'awaiting_approval' || !isApprovalDue(job, now)) return job;
  return moveTo(job, 'expired');
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
  if (computeJobContentHash(job, items) !== job.contentHash) {
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

function moveTo(job: JobRecord, state: JobState): JobRecord {
  if (!NEXT_STATES[job.state].includes(state)) throw illegal(job, `become ${state}`);
  // Rows are kept until the job ends (see the top of this file for why `running` keeps them too).
  const keepsItems = state === 'awaiting_approval' || state === 'approved' || state === 'running';
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
