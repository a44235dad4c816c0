import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_APPROVAL_RULES } from '../../../src/operations/jobs/approval-rules.ts';
import {
  applyJobEvent,
  expireDueJobs,
  JOB_TRANSITION_REFUSED,
  type JobEvent,
} from '../../../src/operations/jobs/job-events.ts';
import { upgradeJobRecord, type JobPerson, type JobRecord } from '../../../src/operations/jobs/job-record.ts';
import { MemoryAuditLog } from '../../fakes/memory-audit-log.ts';
import { ANN, BOB, CREATED_AT, HOUR_MS, MemoryJobStore, makeJob } from './job-test-support.ts';

const AN_HOUR_LATER = new Date(CREATED_AT.getTime() + HOUR_MS);

async function setUp(job: JobRecord = makeJob({ submitted: false })) {
  const store = new MemoryJobStore();
  const audit = new MemoryAuditLog();
  await store.put(job);
  const apply = (event: JobEvent) => applyJobEvent({ store, audit }, job.jobId, event);
  const submit = (actor: JobPerson = ANN, overrides: Partial<Extract<JobEvent, { kind: 'submit' }>> = {}) =>
    apply({
      kind: 'submit',
      actor,
      contentHash: job.contentHash,
      readyOnly: false,
      rules: DEFAULT_APPROVAL_RULES,
      now: AN_HOUR_LATER,
      ...overrides,
    });
  return { store, audit, job, apply, submit, actions: () => audit.entries.map((entry) => entry.action) };
}

describe('applyJobEvent', () => {
  it('submits the job, stores it and writes job.submitted with the hash the approver will see', async () => {
    const { store, audit, job, submit } = await setUp();
    const outcome = await submit();
    assert.equal(outcome.kind, 'applied');
    assert.equal((await store.get(job.jobId))?.state, 'submitted');
    const entry = audit.entries.at(-1);
    assert.equal(entry?.action, 'job.submitted');
    assert.equal(entry?.details?.contentHash, job.contentHash);
    assert.equal(entry?.details?.requiredApprovals, 1);
  });

  it('changes nothing and writes nothing on a second click of the same Submit', async () => {
    const { submit, actions } = await setUp();
    await submit();
    const again = await submit();
    assert.ok(again.kind === 'applied' && !again.changed);
    assert.deepEqual(actions(), ['job.submitted']);
  });

  it('refuses a submit by someone else or from an older card, and audits the attempt', async () => {
    const { store, job, submit, actions } = await setUp();
    const stranger = await submit(BOB);
    assert.ok(stranger.kind === 'refused' && stranger.code === 'NOT_REQUESTER');
    const stale = await submit(ANN, { contentHash: 'beefbeefbeef' });
    assert.ok(stale.kind === 'refused' && stale.code === 'STALE_CARD');
    assert.equal((await store.get(job.jobId))?.state, 'validated');
    assert.deepEqual(actions(), [JOB_TRANSITION_REFUSED, JOB_TRANSITION_REFUSED]);
  });

  it('refuses a job with blocked rows unless only the ready rows are submitted', async () => {
    const { submit } = await setUp(makeJob({ submitted: false, blocked: 2 }));
    const all = await submit();
    assert.ok(all.kind === 'refused' && all.code === 'ROWS_BLOCKED');
    const readyOnly = await submit(ANN, { readyOnly: true });
    assert.ok(readyOnly.kind === 'applied' && readyOnly.job.readyOnly);
  });

  it('approves a read-only job by policy as it is submitted, and audits both moves', async () => {
    const validate = { ...makeJob({ submitted: false }), type: 'validate' as const };
    const { submit, actions } = await setUp(validate);
    const outcome = await submit();
    assert.ok(outcome.kind === 'applied');
    assert.equal(outcome.job.state, 'approved');
    assert.equal(outcome.job.decision?.via, 'policy');
    assert.deepEqual(actions(), ['job.submitted', 'job.approved']);
  });

  it('asks two approvers for a job above the row limit', async () => {
    const { submit } = await setUp(makeJob({ submitted: false, ready: 5 }));
    const outcome = await submit(ANN, { rules: { readOnlyWithoutApprover: true, twoApproversAboveRows: 4 } });
    assert.ok(outcome.kind === 'applied' && outcome.job.requiredApprovals === 2);
  });

  it('cancels a job before it runs, audited with who cancelled, and refuses it after it ended', async () => {
    const { apply, audit } = await setUp();
    const cancelled = await apply({ kind: 'cancel', actor: ANN, now: AN_HOUR_LATER });
    assert.ok(cancelled.kind === 'applied' && cancelled.job.state === 'cancelled');
    assert.equal(audit.entries.at(-1)?.action, 'job.cancelled');
    assert.deepEqual(audit.entries.at(-1)?.details?.by, { id: ANN.id, name: ANN.name });
    const start = await apply({ kind: 'start', actor: 'system', now: AN_HOUR_LATER });
    assert.ok(start.kind === 'refused' && start.code === 'ILLEGAL_TRANSITION');
    assert.match(start.message, /is cancelled: it cannot become running/);
    assert.equal(audit.entries.at(-1)?.action, JOB_TRANSITION_REFUSED);
  });

  it('expires an undecided job on any event past its deadline, before the event itself', async () => {
    const { store, job, submit, actions } = await setUp();
    const late = await submit(ANN, { now: new Date(CREATED_AT.getTime() + 25 * HOUR_MS) });
    assert.ok(late.kind === 'refused' && late.code === 'APPROVAL_EXPIRED');
    assert.equal((await store.get(job.jobId))?.state, 'expired');
    assert.deepEqual(actions(), ['job.expired', JOB_TRANSITION_REFUSED]);
  });

  it('refuses an event on a job that does not exist, naming it', async () => {
    const { store, audit } = await setUp();
    const outcome = await applyJobEvent({ store, audit }, 'nope', {
      kind: 'start',
      actor: 'system',
      now: AN_HOUR_LATER,
    });
    assert.ok(outcome.kind === 'refused' && outcome.code === 'JOB_NOT_FOUND');
    assert.equal(audit.entries.at(-1)?.jobId, 'nope');
  });
});

describe('expireDueJobs', () => {
  it('expires every undecided job past its deadline without anyone clicking, and only those', async () => {
    const store = new MemoryJobStore();
    const audit = new MemoryAuditLog();
    await store.put(makeJob({ jobId: 'waiting' }));
    await store.put(makeJob({ jobId: 'unsubmitted', submitted: false }));
    await store.put(makeJob({ jobId: 'fresh', createdAt: new Date(CREATED_AT.getTime() + 20 * HOUR_MS) }));
    const expired = await expireDueJobs({ store, audit }, new Date(CREATED_AT.getTime() + 25 * HOUR_MS));
    assert.deepEqual(expired.map((job) => job.jobId).sort(), ['unsubmitted', 'waiting']);
    assert.equal((await store.get('fresh'))?.state, 'submitted');
    assert.deepEqual(
      audit.entries.map((entry) => entry.action),
      ['job.expired', 'job.expired'],
    );
  });
});

describe('upgradeJobRecord', () => {
  it('reads a job stored as awaiting_approval as validated, or submitted once its approval card was posted', () => {
    const { state: _state, submittedAt: _at, requiredApprovals: _required, approvals: _approvals, ...rest } = makeJob();
    const legacy = { ...rest, state: 'awaiting_approval' } as unknown as JobRecord;
    assert.equal(upgradeJobRecord(legacy).state, 'validated');
    const posted = { ...legacy, cardActivityIds: { approval: 'act-1' } };
    const upgraded = upgradeJobRecord(posted);
    assert.equal(upgraded.state, 'submitted');
    assert.equal(upgraded.requiredApprovals, 1);
    assert.deepEqual(upgraded.approvals, []);
  });
});
