import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_APPROVAL_REFUSED } from '../../../src/operations/jobs/approval-audit.ts';
import { recordApproval, type RecordApprovalInput } from '../../../src/operations/jobs/record-approval.ts';
import type { JobPerson } from '../../../src/operations/jobs/job-record.ts';
import { MemoryAuditLog } from '../../fakes/memory-audit-log.ts';
import {
  ANN,
  BOB,
  CAROL,
  CREATED_AT,
  HOUR_MS,
  MALLORY,
  MemoryJobStore,
  POLICY,
  makeGroup,
  makeJob,
} from './job-test-support.ts';

async function setUp(options: { allowSelfApproval?: boolean } = {}) {
  const store = new MemoryJobStore();
  const audit = new MemoryAuditLog();
  const job = makeJob();
  await store.put(job);
  const click = (actor: JobPerson, action: 'approve' | 'reject', overrides: Partial<RecordApprovalInput> = {}) =>
    recordApproval(
      { store, audit },
      {
        jobId: job.jobId,
        actor,
        action,
        contentHash: job.contentHash,
        now: new Date(CREATED_AT.getTime() + HOUR_MS),
        policy: { ...POLICY, allowSelfApproval: options.allowSelfApproval ?? false },
        isInApproverGroup: makeGroup().isInApproverGroup,
        ...overrides,
      },
    );
  return { store, audit, job, click };
}

describe('recordApproval', () => {
  it('stores the approval and audits who approved, when, and the content hash', async () => {
    const { store, audit, job, click } = await setUp();
    const outcome = await click(BOB, 'approve');
    assert.equal(outcome.kind, 'approved');
    assert.equal((await store.get(job.jobId))?.state, 'approved');
    assert.deepEqual(audit.actions(job.jobId), ['job.approved']);
    const [entry] = audit.entries;
    assert.equal(entry?.actor, 'AAD-BOB');
    assert.deepEqual(entry?.details, {
      by: { id: BOB.id, name: BOB.name, aadObjectId: 'AAD-BOB' },
      at: '2025-01-06T10:00:00.000Z',
      contentHash: job.contentHash,
      selfApproved: false,
      rows: 3,
      readyOnly: false,
      approvals: 1,
      requiredApprovals: 1,
    });
  });

  it('audits a self-approval as such', async () => {
    const { audit, click } = await setUp({ allowSelfApproval: true });
    await click(ANN, 'approve');
    assert.equal(audit.entries[0]?.details.selfApproved, true);
  });

  it('audits a rejection with its reason', async () => {
    const { audit, click } = await setUp();
    await click(CAROL, 'reject', { reason: 'Wrong file' });
    assert.deepEqual(audit.actions(), ['job.rejected']);
    assert.equal(audit.entries[0]?.details.reason, 'Wrong file');
  });

  it('records a Teams retry of the same click once, in the store and in the audit trail', async () => {
    const { store, audit, job, click } = await setUp();
    const first = await click(BOB, 'approve');
    const stored = await store.get(job.jobId);
    const retry = await click(BOB, 'approve', { now: new Date(CREATED_AT.getTime() + 2 * HOUR_MS) });
    assert.deepEqual(retry, { ...first, repeated: true });
    assert.deepEqual(await store.get(job.jobId), stored);
    assert.deepEqual(audit.actions(), ['job.approved']);
  });

  it('audits refused clicks and late ones, without changing the job', async () => {
    const { store, audit, job, click } = await setUp();
    await click(MALLORY, 'approve');
    await click(BOB, 'approve', { contentHash: 'x'.repeat(5000) });
    await click(BOB, 'reject');
    await click(CAROL, 'approve');
    assert.deepEqual(audit.actions(), [
      JOB_APPROVAL_REFUSED,
      JOB_APPROVAL_REFUSED,
      'job.rejected',
      JOB_APPROVAL_REFUSED,
    ]);
    assert.deepEqual(
      audit.entries.map((entry) => entry.details.code),
      ['NOT_AN_APPROVER', 'STALE_CARD', undefined, 'ALREADY_DECIDED'],
    );
    assert.equal(audit.entries[1]?.details.cardContentHash, 'x'.repeat(128), 'a crafted hash is capped');
    assert.equal((await store.get(job.jobId))?.decision?.by.id, BOB.id);
  });

  it('stores the expiry of a job clicked after its window', async () => {
    const { store, job, click } = await setUp();
    const outcome = await click(BOB, 'approve', { now: new Date(job.expiresAt) });
    assert.equal(outcome.kind === 'refused' && outcome.code, 'APPROVAL_EXPIRED');
    assert.equal((await store.get(job.jobId))?.state, 'expired');
  });

  it('refuses a click on an unknown job and stores nothing', async () => {
    const { store, audit, click } = await setUp();
    const outcome = await click(BOB, 'approve', { jobId: 'job-unknown' });
    assert.equal(outcome.kind === 'refused' && outcome.code, 'JOB_NOT_FOUND');
    assert.equal(await store.get('job-unknown'), undefined);
    assert.equal(audit.entries[0]?.jobId, 'job-unknown');
  });

  it('lets exactly one of an approval and a rejection arriving together win', async () => {
    const { store, job, click } = await setUp();
    const outcomes = await Promise.all([click(BOB, 'approve'), click(CAROL, 'reject')]);
    const decided = outcomes.filter((outcome) => outcome.kind === 'approved' || outcome.kind === 'rejected');
    assert.equal(decided.length, 1);
    assert.equal(outcomes.filter((outcome) => outcome.kind === 'already-decided').length, 1);
    assert.equal((await store.get(job.jobId))?.state, decided[0]?.kind);
  });
});
