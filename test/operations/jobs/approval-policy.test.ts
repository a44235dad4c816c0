import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkApprover,
  decideApproval,
  type ApprovalInput,
  type ApprovalOutcome,
} from '../../../src/operations/jobs/approval-policy.ts';
import { cancelBeforeRun, markRunning } from '../../../src/operations/jobs/job-lifecycle.ts';
import type { JobPerson, JobRecord } from '../../../src/operations/jobs/job-record.ts';
import {
  ANN,
  BOB,
  CAROL,
  CREATED_AT,
  HOUR_MS,
  MALLORY,
  POLICY,
  clickOn,
  makeGroup,
  makeJob,
} from './job-test-support.ts';

interface Expected {
  kind: ApprovalOutcome['kind'];
  code?: string;
  /** The job's state in the outcome (refusals: only when refusing changed the job). */
  state?: JobRecord['state'];
  by?: string;
  selfApproved?: boolean;
  /** Object ids the group was asked about. */
  groupAsked?: string[];
}

interface Case {
  name: string;
  job?: () => JobRecord | undefined;
  actor: JobPerson;
  action: ApprovalInput['action'];
  input?: Partial<ApprovalInput>;
  expected: Expected;
}

const later = (hours: number) => new Date(CREATED_AT.getTime() + hours * HOUR_MS);

const CASES: Case[] = [
  {
    name: 'lets an approver listed by Entra object id approve, whatever the case of the id',
    actor: BOB,
    action: 'approve',
    expected: { kind: 'approved', state: 'approved', by: BOB.id, selfApproved: false, groupAsked: [] },
  },
  {
    name: 'lets a member of the approver group approve, asking the directory about their own object id',
    actor: CAROL,
    action: 'approve',
    expected: { kind: 'approved', state: 'approved', by: CAROL.id, groupAsked: ['aad-carol'] },
  },
  {
    name: 'refuses someone who is neither a listed approver nor in the group',
    actor: MALLORY,
    action: 'approve',
    expected: { kind: 'refused', code: 'NOT_AN_APPROVER', groupAsked: ['aad-mallory'] },
  },
  {
    name: 'refuses a non-approver trying to reject, too',
    actor: MALLORY,
    action: 'reject',
    expected: { kind: 'refused', code: 'NOT_AN_APPROVER' },
  },
  {
    name: 'refuses someone without an Entra object id without asking the group',
    actor: { id: '29:guest', name: 'Guest' },
    action: 'approve',
    expected: { kind: 'refused', code: 'NOT_AN_APPROVER', groupAsked: [] },
  },
  {
    name: 'refuses the requester approving their own job, although they are an approver',
    actor: ANN,
    action: 'approve',
    expected: { kind: 'refused', code: 'SELF_APPROVAL_NOT_ALLOWED' },
  },
  {
    name: 'lets the requester approve their own job when self-approval is allowed, and flags it',
    actor: ANN,
    action: 'approve',
    input: { policy: { ...POLICY, allowSelfApproval: true } },
    expected: { kind: 'approved', state: 'approved', by: ANN.id, selfApproved: true },
  },
  {
    name: 'recognises the requester by their Entra object id when Teams ids differ',
    actor: { id: '29:ann-other-client', name: 'Ann', aadObjectId: 'AAD-ANN' },
    action: 'approve',
    input: { policy: { ...POLICY, approverUserIds: ['aad-ann'] } },
    expected: { kind: 'refused', code: 'SELF_APPROVAL_NOT_ALLOWED' },
  },
  {
    name: 'lets a requester who is an approver reject (withdraw) their own job',
    actor: ANN,
    action: 'reject',
    expected: { kind: 'rejected', state: 'rejected', by: ANN.id, selfApproved: false },
  },
  {
    name: 'refuses a card showing another version of the job',
    actor: BOB,
    action: 'approve',
    input: { contentHash: 'aaaaaaaaaaaa' },
    expected: { kind: 'refused', code: 'STALE_CARD' },
  },
  {
    name: 'refuses a click after the approval window and expires the job',
    actor: BOB,
    action: 'approve',
    input: { now: later(24) },
    expected: { kind: 'refused', code: 'APPROVAL_EXPIRED', state: 'expired' },
  },
  {
    name: 'refuses a rejection after the approval window too',
    actor: BOB,
    action: 'reject',
    input: { now: later(30) },
    expected: { kind: 'refused', code: 'APPROVAL_EXPIRED', state: 'expired' },
  },
  {
    name: 'refuses a click on a job that does not exist',
    job: () => undefined,
    actor: BOB,
    action: 'approve',
    expected: { kind: 'refused', code: 'JOB_NOT_FOUND' },
  },
  {
    name: 'refuses approving a job whose blocked rows the requester has not chosen to leave out',
    job: () => makeJob({ blocked: 2 }),
    actor: BOB,
    action: 'approve',
    expected: { kind: 'refused', code: 'ROWS_BLOCKED' },
  },
  {
    name: 'approves a job submitted with only its ready rows',
    job: () => makeJob({ blocked: 2, readyOnly: true }),
    actor: BOB,
    action: 'approve',
    expected: { kind: 'approved', state: 'approved' },
  },
  {
    name: 'refuses approving a job with no row that can run',
    job: () => makeJob({ ready: 0 }),
    actor: BOB,
    action: 'approve',
    expected: { kind: 'refused', code: 'NOTHING_TO_RUN' },
  },
  {
    name: 'refuses everyone when no approver is configured',
    actor: BOB,
    action: 'approve',
    input: { policy: { approverUserIds: [], allowSelfApproval: false } },
    expected: { kind: 'refused', code: 'NO_APPROVERS_CONFIGURED' },
  },
  {
    name: 'refuses, asking to try again, when group membership cannot be checked',
    actor: CAROL,
    action: 'approve',
    input: { isInApproverGroup: () => Promise.reject(new Error('Graph 503')) },
    expected: { kind: 'refused', code: 'APPROVER_CHECK_FAILED' },
  },
  {
    name: 'refuses a decision on a job cancelled before anyone decided',
    job: () => cancelBeforeRun(makeJob()),
    actor: BOB,
    action: 'approve',
    expected: { kind: 'refused', code: 'JOB_CLOSED' },
  },
  {
    name: 'refuses approving a job its requester has not submitted yet (the validation card’s hash is not enough)',
    job: () => makeJob({ submitted: false }),
    actor: BOB,
    action: 'approve',
    expected: { kind: 'refused', code: 'NOT_SUBMITTED' },
  },
];

describe('decideApproval', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const job = testCase.job ? testCase.job() : makeJob();
      const group = makeGroup();
      const base = clickOn(job, testCase.actor, testCase.action, { isInApproverGroup: group.isInApproverGroup });
      const input = { ...base, ...testCase.input };
      const outcome = await decideApproval(input);
      const { expected } = testCase;
      assert.equal(outcome.kind, expected.kind, JSON.stringify(outcome));
      if (outcome.kind === 'refused') {
        assert.equal(outcome.code, expected.code);
        assert.match(outcome.message, /^[A-Z].+\.$/, 'one sentence');
        assert.equal(outcome.job?.state, expected.state);
      }
      if (outcome.kind === 'approved' || outcome.kind === 'rejected') {
        assert.equal(outcome.repeated, false);
        assert.equal(outcome.job.state, expected.state ?? outcome.job.state);
        assert.equal(outcome.job.decision?.at, input.now.toISOString());
        if (expected.by) assert.equal(outcome.job.decision?.by.id, expected.by);
        if (expected.selfApproved !== undefined)
          assert.equal(outcome.job.decision?.selfApproved, expected.selfApproved);
      }
      if (expected.groupAsked) assert.deepEqual(group.asked, expected.groupAsked);
    });
  }

  it('never changes the job it is given', async () => {
    const job = makeJob();
    const before = structuredClone(job);
    await decideApproval(clickOn(job, BOB, 'approve'));
    await decideApproval(clickOn(job, BOB, 'reject', { now: later(48) }));
    assert.deepEqual(job, before);
  });

  it('keeps the rejecting approver’s reason, trimmed', async () => {
    const outcome = await decideApproval(clickOn(makeJob(), BOB, 'reject', { reason: '  wrong tenant  ' }));
    assert.equal(outcome.kind, 'rejected');
    assert.equal(outcome.kind === 'rejected' && outcome.job.decision?.reason, 'wrong tenant');
  });
});

describe('decideApproval on a job already decided', () => {
  async function decided(actor: JobPerson, action: ApprovalInput['action']): Promise<JobRecord> {
    const outcome = await decideApproval(clickOn(makeJob(), actor, action));
    assert.ok(outcome.kind === 'approved' || outcome.kind === 'rejected');
    return outcome.job;
  }

  it('answers a Teams retry of the same approval with the same success and changes nothing', async () => {
    const job = await decided(BOB, 'approve');
    const retry = await decideApproval(clickOn(job, BOB, 'approve', { now: later(2) }));
    assert.deepEqual(retry, { kind: 'approved', job, repeated: true });
  });

  it('answers a retry of the same rejection the same way', async () => {
    const job = await decided(BOB, 'reject');
    const retry = await decideApproval(clickOn(job, BOB, 'reject', { now: later(2) }));
    assert.deepEqual(retry, { kind: 'rejected', job, repeated: true });
  });

  it('still answers the approver’s retry after the job started running', async () => {
    const job = markRunning(await decided(BOB, 'approve'));
    const retry = await decideApproval(clickOn(job, BOB, 'approve', { now: later(2) }));
    assert.equal(retry.kind, 'approved');
  });

  const LATE_CLICKS: {
    name: string;
    first: [JobPerson, ApprovalInput['action']];
    then: [JobPerson, ApprovalInput['action']];
    says: RegExp;
  }[] = [
    {
      name: 'an approval after a rejection',
      first: [BOB, 'reject'],
      then: [CAROL, 'approve'],
      says: /already rejected by Bob Approver/,
    },
    {
      name: 'a rejection after an approval',
      first: [BOB, 'approve'],
      then: [CAROL, 'reject'],
      says: /already approved by Bob Approver/,
    },
    {
      name: 'a second approval by another approver',
      first: [BOB, 'approve'],
      then: [CAROL, 'approve'],
      says: /already approved/,
    },
    {
      name: 'the same approver changing their mind',
      first: [BOB, 'approve'],
      then: [BOB, 'reject'],
      says: /your rejection changed nothing/,
    },
  ];
  for (const click of LATE_CLICKS) {
    it(`says the job is already decided, and changes nothing, on ${click.name}`, async () => {
      const job = await decided(...click.first);
      const outcome = await decideApproval(clickOn(job, ...click.then, { now: later(2) }));
      assert.equal(outcome.kind, 'already-decided');
      assert.ok(outcome.kind === 'already-decided');
      assert.deepEqual(outcome.job, job);
      assert.match(outcome.message, click.says);
    });
  }

  it('does not treat a replayed old card of the same approver as a retry', async () => {
    const job = await decided(BOB, 'approve');
    const outcome = await decideApproval(clickOn(job, BOB, 'approve', { contentHash: 'aaaaaaaaaaaa' }));
    assert.equal(outcome.kind, 'already-decided');
  });
});

describe('checkApprover', () => {
  it('matches configured ids against the Teams id as well as the Entra object id', async () => {
    const group = makeGroup([]);
    const byTeamsId = await checkApprover({ id: '29:ANN', name: 'Ann' }, POLICY, group.isInApproverGroup);
    assert.deepEqual(byTeamsId, { approver: true, via: 'user' });
    const byGroup = await checkApprover(CAROL, POLICY, makeGroup().isInApproverGroup);
    assert.deepEqual(byGroup, { approver: true, via: 'group' });
  });
});
