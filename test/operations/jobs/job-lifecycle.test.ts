import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideApproval } from '../../../src/operations/jobs/approval-policy.ts';
import {
  DEFAULT_APPROVAL_TTL_MS,
  JobLifecycleError,
  createJobRecord,
  expireIfDue,
  itemsToRun,
  markFinished,
  markRunning,
  applyDecision,
  cancelBeforeRun,
  JOB_TRANSITIONS,
  submitJob,
  withCardActivity,
  type JobEndState,
} from '../../../src/operations/jobs/job-lifecycle.ts';
import {
  FINAL_JOB_STATES,
  JOB_STATES,
  type JobRecord,
  type JobState,
} from '../../../src/operations/jobs/job-record.ts';
import { prepareJob } from '../../../src/operations/jobs/prepare-job.ts';
import { ANN, BOB, CREATED_AT, HOUR_MS, clickOn, makeJob, makeSource } from './job-test-support.ts';

const HEADER = 'source_guid,target_upn,display_name';
const GOOD_ROW = '11111111-2222-4333-8444-555555555555,a.user@contoso.com,A User';
const BLOCKED_ROW = 'not-a-guid,b.user@contoso.com,B User';

function prepare(rows: string[]) {
  return prepareJob(
    { fileName: 'recovery.csv', bytes: Buffer.from([HEADER, ...rows].join('\n')) },
    {},
    { jobId: 'job-7', actor: ANN.id },
  );
}

function assertLifecycleError(action: () => unknown, code: string): void {
  assert.throws(action, (error: unknown) => error instanceof JobLifecycleError && error.code === code);
}

async function approved(job: JobRecord = makeJob()): Promise<JobRecord> {
  const outcome = await decideApproval(clickOn(job, BOB, 'approve'));
  assert.equal(outcome.kind, 'approved');
  return outcome.kind === 'approved' ? outcome.job : job;
}

describe('createJobRecord', () => {
  it('makes a validated job (not yet submitted), bound to the hash the validation card showed, for 24 hours', async () => {
    const prepared = await prepare([GOOD_ROW, BLOCKED_ROW]);
    const job = createJobRecord(prepared, ANN, { id: 'a:1', kind: 'personal' }, CREATED_AT);
    assert.equal(job.jobId, 'job-7');
    assert.equal(job.state, 'validated');
    assert.equal(job.contentHash, prepared.readyRowsHash);
    assert.equal(job.fileSha256, prepared.fileSha256);
    assert.deepEqual(job.rowCounts, { total: 2, ready: 1, withWarnings: 0, blocked: 1 });
    assert.equal(job.expiresAt, new Date(CREATED_AT.getTime() + DEFAULT_APPROVAL_TTL_MS).toISOString());
    assert.deepEqual(job.items, prepared.ready);
    assert.notEqual(job.items, prepared.ready, 'the job keeps its own copy of the rows');
    assert.deepEqual(JSON.parse(JSON.stringify(job)), job, 'plain JSON');
  });

  it('keeps only the identity of the requester', () => {
    const teamsAccount = { ...ANN, role: 'user', properties: { x: 1 } };
    assert.deepEqual(createJobRecord(makeSource(), teamsAccount, null, CREATED_AT).requester, ANN);
  });

  it('refuses a job whose operation type is not known yet, or a window of no time', () => {
    assertLifecycleError(() => createJobRecord({ ...makeSource(), type: null }, ANN, null, CREATED_AT), 'TYPE_UNKNOWN');
    assertLifecycleError(() => createJobRecord(makeSource(), ANN, null, CREATED_AT, 0), 'INVALID_TTL');
  });
});

const submission = (readyOnly = false, requiredApprovals = 1) => ({
  by: ANN,
  at: CREATED_AT,
  readyOnly,
  requiredApprovals,
});

describe('submitJob', () => {
  it('keeps the hash the validation card showed when only the ready rows are submitted', async () => {
    const prepared = await prepare([GOOD_ROW, BLOCKED_ROW]);
    const job = createJobRecord(prepared, ANN, null, CREATED_AT);
    const submitted = submitJob(job, submission(true));
    assert.equal(submitted.state, 'submitted');
    assert.equal(submitted.readyOnly, true);
    assert.equal(submitted.contentHash, prepared.readyRowsHash, 'requester and approver see one hash');
    assert.equal(submitted.submittedAt, CREATED_AT.toISOString());
    assert.deepEqual(submitted.items, job.items);
    assert.equal(job.state, 'validated', 'the original is untouched');
  });

  it('refuses a job with blocked rows unless only the ready rows are submitted, and one with nothing ready', async () => {
    const job = createJobRecord(await prepare([GOOD_ROW, BLOCKED_ROW]), ANN, null, CREATED_AT);
    assertLifecycleError(() => submitJob(job, submission(false)), 'ROWS_BLOCKED');
    const nothing = createJobRecord(await prepare([BLOCKED_ROW]), ANN, null, CREATED_AT);
    assertLifecycleError(() => submitJob(nothing, submission(true)), 'NOTHING_TO_RUN');
  });

  it('refuses a second submission and one after the job ended', async () => {
    const job = createJobRecord(await prepare([GOOD_ROW]), ANN, null, CREATED_AT);
    assertLifecycleError(() => submitJob(submitJob(job, submission()), submission()), 'ILLEGAL_TRANSITION');
    assertLifecycleError(() => submitJob(cancelBeforeRun(job), submission()), 'ILLEGAL_TRANSITION');
  });

  it('approves at once, by policy, a job that needs no approver', async () => {
    const job = createJobRecord(await prepare([GOOD_ROW]), ANN, null, CREATED_AT);
    const approvedByPolicy = submitJob(job, submission(false, 0));
    assert.equal(approvedByPolicy.state, 'approved');
    assert.equal(approvedByPolicy.decision?.via, 'policy');
    assert.deepEqual(approvedByPolicy.decision?.by, ANN);
  });
});

describe('two approvers', () => {
  it('keeps the job submitted after the first approval and approves it with the second', () => {
    const job = makeJob({ requiredApprovals: 2 });
    const decision = (by: typeof BOB) => ({
      by,
      at: CREATED_AT.toISOString(),
      action: 'approve' as const,
      selfApproved: false,
    });
    const first = applyDecision(job, decision(BOB));
    assert.equal(first.state, 'submitted');
    assert.equal(first.decision, null);
    assert.equal(first.approvals.length, 1);
    const second = applyDecision(first, decision({ id: '29:carol', name: 'Carol' }));
    assert.equal(second.state, 'approved');
    assert.equal(second.approvals.length, 2);
  });
});

describe('the transition table', () => {
  it('lets every state be reached and every final state lead nowhere', () => {
    const reached = new Set(Object.values(JOB_TRANSITIONS).flatMap((move) => move.to));
    for (const state of JOB_STATES) if (state !== 'validated') assert.ok(reached.has(state), state);
    for (const state of FINAL_JOB_STATES) {
      for (const [event, move] of Object.entries(JOB_TRANSITIONS))
        assert.ok(!move.from.includes(state), `${event} from ${state}`);
    }
  });
});

describe('job transitions', () => {
  it('runs an approved job, handing the engine exactly the approved rows once', async () => {
    const job = await approved();
    assert.deepEqual(itemsToRun(job), job.items);
    const running = markRunning(job);
    assert.equal(running.state, 'running');
    assert.deepEqual(running.items, job.items, 'the job keeps its rows until it ends');
    assert.equal(markRunning(running), running, 'repeating it changes nothing');
    const finished = markFinished(running, 'completed_with_errors');
    assert.equal(finished.state, 'completed_with_errors');
    assert.equal(finished.items, null, 'the engine’s operation holds the rows once the job ended');
  });

  it('hands a running job’s kept rows over again, for a restart that finds no operation', async () => {
    const job = await approved();
    const running = markRunning(job);
    assert.deepEqual(itemsToRun(running), job.items);
    assertLifecycleError(() => itemsToRun({ ...running, items: null }), 'CONTENT_MISMATCH');
    assertLifecycleError(() => itemsToRun(markFinished(running, 'completed')), 'ILLEGAL_TRANSITION');
  });

  it('refuses to hand over rows that no longer match the approved hash', async () => {
    const job = await approved();
    const tampered = structuredClone(job);
    const first = tampered.items?.[0];
    assert.ok(first);
    first.targetIdentity = 'someone.else@contoso.com';
    assertLifecycleError(() => itemsToRun(tampered), 'CONTENT_MISMATCH');
    assertLifecycleError(() => itemsToRun(makeJob()), 'ILLEGAL_TRANSITION');
  });

  const ILLEGAL: { from: () => Promise<JobRecord> | JobRecord; to: (job: JobRecord) => JobRecord; name: string }[] = [
    { name: 'running a job nobody approved', from: () => makeJob(), to: (job) => markRunning(job) },
    { name: 'completing a job that never ran', from: () => approved(), to: (job) => markFinished(job, 'completed') },
    {
      name: 'running a job that was rejected',
      from: async () => {
        const outcome = await decideApproval(clickOn(makeJob(), BOB, 'reject'));
        assert.ok(outcome.kind === 'rejected');
        return outcome.job;
      },
      to: (job) => markRunning(job),
    },
    {
      name: 'restarting a finished job',
      from: async () => markFinished(markRunning(await approved()), 'completed'),
      to: (job) => markRunning(job),
    },
  ];
  for (const move of ILLEGAL) {
    it(`refuses ${move.name} with a typed error`, async () => {
      const job = await move.from();
      assertLifecycleError(() => move.to(job), 'ILLEGAL_TRANSITION');
    });
  }

  const CANCELLABLE: { state: JobState; make: () => Promise<JobRecord> | JobRecord }[] = [
    { state: 'validated', make: () => makeJob({ submitted: false }) },
    { state: 'submitted', make: () => makeJob() },
    { state: 'approved', make: () => approved() },
  ];
  for (const { state, make } of CANCELLABLE) {
    it(`cancels a job that is ${state}, dropping the rows it kept`, async () => {
      const cancelled = cancelBeforeRun(await make());
      assert.equal(cancelled.state, 'cancelled');
      assert.equal(cancelled.items, null);
    });
  }
});

describe('expireIfDue', () => {
  it('ends a running job as cancelled through the engine’s end state', async () => {
    const cancelled = markFinished(markRunning(await approved()), 'cancelled' satisfies JobEndState);
    assert.equal(cancelled.state, 'cancelled');
  });

  it('expires a job still undecided once its window is over, and nothing else', async () => {
    const job = makeJob();
    assert.equal(expireIfDue(job, new Date(CREATED_AT.getTime() + 24 * HOUR_MS - 1)), job);
    const expired = expireIfDue(job, new Date(job.expiresAt));
    assert.equal(expired.state, 'expired');
    assert.equal(expired.items, null);
    const decided = await approved();
    assert.equal(expireIfDue(decided, new Date(CREATED_AT.getTime() + 48 * HOUR_MS)), decided);
  });
});

describe('withCardActivity', () => {
  it('remembers each card’s activity so it can be updated in place', () => {
    const job = withCardActivity(withCardActivity(makeJob(), 'validation', 'act-1'), 'approval', 'act-2');
    assert.deepEqual(job.cardActivityIds, { validation: 'act-1', approval: 'act-2' });
  });
});
