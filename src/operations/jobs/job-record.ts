/**
 * A job as the bot knows it: one uploaded file on its way from validation through four-eyes approval to the
 * bulk engine. Plain JSON (dates as ISO-8601 strings), so a stored job reloads equal to the saved one. The
 * job keeps the ready rows until it ends; once it runs, the engine's operation holds them too (the job's copy
 * is what a restart starts from when the operation was never saved).
 */
import type { BlockedRow, BulkOperationItem, BulkOperationType } from '../model.ts';

export const JOB_STATES = [
  /** Checked and stored; the requester has not pressed Submit yet. Nobody can approve it. */
  'validated',
  /** The requester submitted it: waiting for the approvals it needs. */
  'submitted',
  'approved',
  'running',
  'completed',
  'completed_with_errors',
  'cancelled',
  'failed',
  'rejected',
  'expired',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Nothing happens to a job in these states any more. */
export const FINAL_JOB_STATES: readonly JobState[] = [
  'completed',
  'completed_with_errors',
  'cancelled',
  'failed',
  'rejected',
  'expired',
];

export function isFinalJobState(state: JobState): boolean {
  return FINAL_JOB_STATES.includes(state);
}

/**
 * A person as Teams names them. `id` is the activity's `from.id` (`29:…`); `aadObjectId` is their Entra
 * object id when Teams sends it. Either one identifies the person (see `isSamePerson`).
 */
export interface JobPerson {
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface JobConversation {
  id: string;
  kind: 'personal' | 'groupChat' | 'channel';
}

export interface JobDecision {
  by: JobPerson;
  /**
   * `policy`: no second person was needed (a read-only type under `readOnlyWithoutApproval`); `by` is then the
   * requester. Absent on a person's own click.
   */
  via?: 'policy';
  /** ISO-8601. */
  at: string;
  action: 'approve' | 'reject';
  /** The rejecting approver's words, if any (trimmed, capped). */
  reason?: string;
  /** The requester approved their own job (only possible with `allowSelfApproval`). */
  selfApproved: boolean;
}

/** Facts about the uploaded file, as the validation found them (PreparedJob.counts). */
export interface JobRowCounts {
  total: number;
  ready: number;
  withWarnings: number;
  blocked: number;
}

export interface JobRecord {
  jobId: string;
  type: BulkOperationType;
  fileName: string;
  fileSha256: string;
  /** What an approval is bound to: the ready rows (see job-content-hash.ts). Cards carry it back. */
  contentHash: string;
  rowCounts: JobRowCounts;
  /**
   * The requester chose "submit only the ready rows": the blocked rows are knowingly left out. Until then a
   * job with blocked rows cannot be approved.
   */
  readyOnly: boolean;
  requester: JobPerson;
  /** Where the job was requested; null when it did not come from a chat (the CLI, a test). */
  conversation: JobConversation | null;
  state: JobState;
  createdAt: string;
  /** A job not yet decided (validated or submitted) at this moment expires. */
  expiresAt: string;
  /** When the requester pressed Submit; null before. */
  submittedAt: string | null;
  /** How many distinct approvers must approve (0: the policy lets it run without one), fixed at submission. */
  requiredApprovals: number;
  /** The approvals given so far (with two approvers required, the first one waits here for the second). */
  approvals: JobDecision[];
  /** The decision that ended the approval: the last approval, or a rejection. */
  decision: JobDecision | null;
  /** The job whose failed rows this one retries. */
  retryOf: string | null;
  /** Teams activity id of each card posted for this job, by card (`validation`, `approval`, `progress`…). */
  cardActivityIds: Record<string, string>;
  /** The approvers were told about this job (claimed before anything is sent); null until then. */
  approvalRequest: ApprovalRequestRecord | null;
  /**
   * The rows to run, kept until the job ends (`validated`, `submitted`, `approved`, `running`): a job is stored as
   * running before its operation is saved, so a crash in between must still find them. Null once the job
   * ended (the operation holds them, or nothing will run) — and in jobs stored before this rule while running.
   */
  items: BulkOperationItem[] | null;
  /**
   * The rows validation blocked, in row order, with why: they never run, but the summary and the results file
   * name them. At most `MAX_KEPT_BLOCKED_ROWS`; `rowCounts.blocked` is the true count. Jobs stored before
   * this field read it as [].
   */
  blockedRows: BlockedRow[];
}

/** Enough for the default file limit (5,000 rows) all blocked; beyond it a job record would grow unbounded. */
export const MAX_KEPT_BLOCKED_ROWS = 5000;

/**
 * Where the approval request went. Claimed (stored with `sentAt`) before the first message leaves, so a double
 * click or Teams' retry of the invoke finds it and sends nothing new.
 */
export interface ApprovalRequestRecord {
  /** ISO-8601: when the request was claimed. */
  sentAt: string;
  /** The content hash the request carried: a request for an older version of the job does not count. */
  contentHash: string;
  /** The card posted in the approvers' channel. */
  channelActivityId?: string;
  /** The 1:1 card each approver got, by the approver id as configured. */
  approverActivityIds: Record<string, string>;
}

export interface JobListQuery {
  /** Only jobs this person requested (matched against `requester.id` or `requester.aadObjectId`). */
  requesterId?: string;
  /** At most this many; `Number.POSITIVE_INFINITY` lists every job (a restart looks for interrupted ones). */
  limit: number;
}

/**
 * Durable job state. `update` is atomic per job within the process: changes to one job run one at a time, so
 * of two Approve clicks arriving together exactly one sees the job still awaiting approval.
 */
export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Creates or replaces the job; resolves once it is on disk. */
  put(record: JobRecord): Promise<void>;
  /**
   * Calls `change` with the job's current state (`undefined` if there is no such job) and stores what it
   * returns; returning `undefined` leaves the job as it is. `change` may be async (an approver check): other
   * changes to the same job wait for it. Resolves with the job as stored afterwards.
   */
  update(
    jobId: string,
    change: (record: JobRecord | undefined) => JobRecord | undefined | Promise<JobRecord | undefined>,
  ): Promise<JobRecord | undefined>;
  /** Newest (latest `createdAt`) first. */
  list(query: JobListQuery): Promise<JobRecord[]>;
}

export type PersonIds = Pick<JobPerson, 'id' | 'aadObjectId'>;

/** Teams ids and Entra object ids are compared without regard to case: GUIDs arrive in either. */
/** How the audit trail names a person: their Entra object id, stable across chats, else their Teams id. */
export function personKey(person: PersonIds): string {
  return person.aadObjectId ?? person.id;
}

/**
 * The people a job's results go to in their 1:1 chats: its requester and whoever approved it (a policy approval
 * names the requester, who is counted once). A results file names mailboxes and addresses: nobody else.
 */
export function receivesResults(
  job: Pick<JobRecord, 'requester' | 'approvals' | 'decision'>,
  person: PersonIds,
): boolean {
  return [job.requester, ...approversOf(job)].some((known) => isSamePerson(known, person));
}

/** The people who approved the job, in order, once each; none for a job approved by policy. */
export function approversOf(job: Pick<JobRecord, 'approvals' | 'decision'>): JobPerson[] {
  const decisions = job.decision === null ? job.approvals : [...job.approvals, job.decision];
  const people: JobPerson[] = [];
  for (const decision of decisions) {
    if (decision.action !== 'approve' || decision.via === 'policy') continue;
    if (!people.some((known) => isSamePerson(known, decision.by))) people.push(decision.by);
  }
  return people;
}

export function isSamePerson(a: PersonIds, b: PersonIds): boolean {
  const idsOf = (person: PersonIds) =>
    [person.id, person.aadObjectId].filter((id): id is string => !!id).map((id) => id.toLowerCase());
  const mine = idsOf(a);
  return idsOf(b).some((id) => mine.includes(id));
}

/** Only the identity fields: callers may pass a whole Teams account object. */
export function toJobPerson(person: JobPerson): JobPerson {
  const copy: JobPerson = { id: person.id, name: person.name };
  if (person.aadObjectId) copy.aadObjectId = person.aadObjectId;
  return copy;
}

/**
 * A job as stored by an older version: `awaiting_approval` meant either not yet submitted or submitted (the
 * approval card was posted). Reads it in today's shape; a record in today's shape is returned as it is.
 */
export function upgradeJobRecord(stored: JobRecord): JobRecord {
  const legacy = stored as Omit<JobRecord, 'state'> & { state: string };
  const approvals = Array.isArray(legacy.approvals)
    ? legacy.approvals
    : legacy.decision?.action === 'approve'
      ? [legacy.decision]
      : [];
  let state = legacy.state as JobState;
  if (legacy.state === 'awaiting_approval') {
    const posted = Object.keys(legacy.cardActivityIds ?? {}).some((card) => card.startsWith('approval'));
    state = posted ? 'submitted' : 'validated';
  }
  return {
    ...legacy,
    state,
    submittedAt: legacy.submittedAt ?? (state === 'validated' ? null : legacy.createdAt),
    requiredApprovals: legacy.requiredApprovals ?? 1,
    approvals,
  };
}

/**
 * A job stored before `approvalRequest` existed reads as never requested, unless it carries the old claim (a
 * `approvalChannelPost` card id): then its request did go to the channel, and a click must not post it again.
 */
export function withApprovalRequestField(stored: Record<string, unknown>): Record<string, unknown> {
  if ('approvalRequest' in stored) return stored;
  const cards = (stored.cardActivityIds ?? {}) as Record<string, string>;
  const { approvalChannelPost, ...rest } = cards;
  if (!approvalChannelPost) return { ...stored, approvalRequest: null };
  const approvalRequest: ApprovalRequestRecord = {
    sentAt: String(stored.createdAt ?? ''),
    contentHash: String(stored.contentHash ?? ''),
    // The old claim was only ever made for a channel post; '' = posted, with no id to update it by.
    channelActivityId: rest.approval ?? '',
    approverActivityIds: {},
  };
  return { ...stored, cardActivityIds: rest, approvalRequest };
}
