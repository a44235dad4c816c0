/** Jobs, people and an approval policy for the approval tests (domain and store). */
import type { ApprovalInput, ApprovalPolicy } from '../../../src/operations/jobs/approval-policy.ts';
import { createJobRecord, type JobSource } from '../../../src/operations/jobs/job-lifecycle.ts';
import type { JobListQuery, JobPerson, JobRecord, JobStore } from '../../../src/operations/jobs/job-record.ts';
import { hashReadyRows } from '../../../src/operations/jobs/prepare-job.ts';
import { createItem, type BulkOperationItem } from '../../../src/operations/model.ts';

export const CREATED_AT = new Date('2025-01-06T09:00:00.000Z');
export const HOUR_MS = 60 * 60 * 1000;

export const ANN: JobPerson = { id: '29:ann', name: 'Ann Requester', aadObjectId: 'aad-ann' };
export const BOB: JobPerson = { id: '29:bob', name: 'Bob Approver', aadObjectId: 'AAD-BOB' };
export const CAROL: JobPerson = { id: '29:carol', name: 'Carol Groupmember', aadObjectId: 'aad-carol' };
export const MALLORY: JobPerson = { id: '29:mallory', name: 'Mallory', aadObjectId: 'aad-mallory' };

/** Bob by his Entra object id (in another case), Ann by her Teams id; Carol through the group. */
export const POLICY: ApprovalPolicy = {
  approverUserIds: ['aad-bob', '29:ann'],
  approverGroupId: 'group-approvers',
  allowSelfApproval: false,
};

export function makeItems(count: number): BulkOperationItem[] {
  return Array.from({ length: count }, (_, index) =>
    createItem({
      rowNumber: index + 2,
      sourceIdentity: `1111111${index}-2222-4333-8444-555555555555`,
      targetIdentity: `user${index}@contoso.com`,
      additionalData: { display_name: `User ${index}` },
    }),
  );
}

/** What prepareJob would return for `ready` rows plus `blocked` rows that did not pass. */
export function makeSource(options: { jobId?: string; ready?: number; blocked?: number } = {}): JobSource & {
  contentHash: string;
} {
  const ready = makeItems(options.ready ?? 3);
  const blocked = options.blocked ?? 0;
  return {
    jobId: options.jobId ?? 'job-1',
    fileName: 'recovery.csv',
    fileSha256: 'f'.repeat(64),
    type: 'recovery',
    ready,
    counts: { total: ready.length + blocked, ready: ready.length, withWarnings: 0, blocked },
    contentHash: hashReadyRows('recovery', ready),
  };
}

/**
 * A job its requester has submitted (`submitted: false`: only validated), needing `requiredApprovals` (1).
 * Built field by field rather than through `submitJob`, so that tests can also hold jobs the lifecycle would
 * refuse to submit (blocked rows without ready-only, nothing ready) and check that approval refuses them too.
 */
export function makeJob(
  options: {
    jobId?: string;
    ready?: number;
    blocked?: number;
    requester?: JobPerson;
    createdAt?: Date;
    submitted?: boolean;
    readyOnly?: boolean;
    requiredApprovals?: number;
  } = {},
): JobRecord {
  const validated = createJobRecord(
    makeSource(options),
    options.requester ?? ANN,
    { id: 'a:chat-ann', kind: 'personal' },
    options.createdAt ?? CREATED_AT,
    24 * HOUR_MS,
  );
  if (options.submitted === false) return validated;
  return {
    ...validated,
    state: 'submitted',
    submittedAt: validated.createdAt,
    readyOnly: options.readyOnly ?? false,
    requiredApprovals: options.requiredApprovals ?? 1,
  };
}

/** A group directory that records every object id it was asked about. */
export function makeGroup(members: readonly string[] = ['aad-carol']) {
  const asked: string[] = [];
  return {
    asked,
    isInApproverGroup: async (aadObjectId: string) => {
      asked.push(aadObjectId);
      return members.includes(aadObjectId);
    },
  };
}

/** An approval input for `job`, with the job's own hash, one hour after creation. */
export function clickOn(
  job: JobRecord | undefined,
  actor: JobPerson,
  action: ApprovalInput['action'],
  overrides: Partial<ApprovalInput> = {},
): ApprovalInput {
  return {
    job,
    actor,
    action,
    contentHash: job?.contentHash ?? '000000000000',
    now: new Date(CREATED_AT.getTime() + HOUR_MS),
    policy: POLICY,
    isInApproverGroup: makeGroup().isInApproverGroup,
    ...overrides,
  };
}

/** An in-memory JobStore whose updates run one at a time per job, like the file store's. */
export class MemoryJobStore implements JobStore {
  readonly jobs = new Map<string, JobRecord>();
  #tail: Promise<unknown> = Promise.resolve();

  async get(jobId: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(jobId);
    return job === undefined ? undefined : structuredClone(job);
  }

  async put(record: JobRecord): Promise<void> {
    this.jobs.set(record.jobId, structuredClone(record));
  }

  update(jobId: string, change: Parameters<JobStore['update']>[1]): Promise<JobRecord | undefined> {
    const run = this.#tail.then(async () => {
      const next = await change(await this.get(jobId));
      if (next !== undefined) await this.put(next);
      return this.get(jobId);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async list(query: JobListQuery): Promise<JobRecord[]> {
    return [...this.jobs.values()]
      .filter((job) => query.requesterId === undefined || job.requester.id === query.requesterId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, query.limit);
  }
}
