/**
 * The four-eyes state machine as requester and approvers meet it in Teams: every card tells the truth about
 * where the job is, whoever clicked last.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guidFor } from '../fakes/fake-tenant.ts';
import { ANN, BOB, PERSONAL, createHarness } from './support/bot-harness.ts';

const CAROL = { id: '29:carol', name: 'Carol Approver', aadObjectId: 'aad-carol' };
const row = (name: string) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`;
const GOOD_CSV = `source_guid,target_upn,display_name\n${row('jdoe')}\n${row('mroe')}\n`;
const WITH_BLOCKED_CSV = `source_guid,target_upn,display_name\n${row('jdoe')}\nnot-a-guid,x.new@contoso.com,X\n${row('mroe')}\n`;

type Harness = ReturnType<typeof createHarness>;

/** The requester's validation card as it stands after the check (sent, then updated in place). */
function validationCard(h: Harness): string {
  return JSON.stringify(h.adapter.updated.at(-1)?.activity ?? h.adapter.sent.at(-1)?.activity);
}

async function upload(h: Harness, csv = GOOD_CSV): Promise<string> {
  await h.say(`\`\`\`\n${csv}\`\`\``);
  const job = await h.jobs.get('job1');
  assert.ok(job);
  return job.contentHash;
}

describe('approval as a state machine, in Teams', () => {
  it('shows the requester and the approver the same content hash after “Submit only the ready rows”', async () => {
    const h = createHarness();
    const hash = await upload(h, WITH_BLOCKED_CSV);
    assert.match(validationCard(h), new RegExp(`Content hash ${hash}`));
    const submitted = await h.click('job.submitReady', { jobId: 'job1', contentHash: hash });
    const approverCard = JSON.stringify(submitted?.value);
    assert.match(approverCard, new RegExp(`"value":"${hash}"`), 'the approval card shows the very same hash');
    assert.match(approverCard, /1 blocked row left out on purpose/);
    const approved = await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB);
    assert.match(JSON.stringify(approved?.value), /Approved by Bob Approver/);
    await h.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
  });

  it('audits the submission (job.submitted) before the approval', async () => {
    const h = createHarness();
    const hash = await upload(h);
    await h.click('job.submit', { jobId: 'job1', contentHash: hash });
    await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB);
    await h.idle();
    const actions = h.audit.entries.filter((entry) => entry.jobId === 'job1').map((entry) => entry.action);
    assert.ok(
      actions.indexOf('job.submitted') > -1 && actions.indexOf('job.submitted') < actions.indexOf('job.approved'),
    );
  });

  it('brings the requester’s card up to date when an approver decides elsewhere, and tells them of a rejection', async () => {
    const h = createHarness();
    const hash = await upload(h);
    await h.say('help'); // the requester's chat is known to the bot
    await h.click('job.submit', { jobId: 'job1', contentHash: hash }, ANN, 'requester-card');
    await h.click('job.reject', { jobId: 'job1', contentHash: hash, reason: 'Wrong tenant' }, BOB, 'approver-card');
    await h.idle();
    const update = h.adapter.updated.find((entry) => entry.activity.id === 'requester-card');
    assert.ok(update, 'the requester’s own card was updated');
    assert.match(JSON.stringify(update.activity), /Rejected by Bob Approver/);
    assert.doesNotMatch(JSON.stringify(update.activity), /job\.approve/, 'no live Approve button is left');
    const told = h.adapter.sent.filter(
      (entry) => entry.conversationId === PERSONAL && /was rejected by Bob/.test(entry.activity.text ?? ''),
    );
    assert.equal(told.length, 1);
    assert.match(told[0]?.activity.text ?? '', /“Wrong tenant”/);
    assert.match(told[0]?.activity.summary ?? '', /rejected/);
  });

  it('shows the requester’s card as approved and then as finished, not “Waiting for approval”', async () => {
    const h = createHarness();
    const hash = await upload(h);
    await h.say('help');
    await h.click('job.submit', { jobId: 'job1', contentHash: hash }, ANN, 'requester-card');
    await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB, 'approver-card');
    await h.idle();
    const update = h.adapter.updated.findLast((entry) => entry.activity.id === 'requester-card');
    assert.match(JSON.stringify(update?.activity), /Approved by Bob Approver/);
    // A stale copy refreshes itself: the refresh asks for the job as it is now.
    const refreshed = await h.click('job.approval.refresh', { jobId: 'job1' }, ANN);
    assert.match(JSON.stringify(refreshed?.value), /Approved by Bob Approver.*The job completed/);
  });

  it('runs a validate job without a second person, and says so', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\nsource_guid\n${guidFor('inactive:jdoe')}\n\`\`\``, {});
    const job = await h.jobs.get('job1');
    assert.ok(job);
    assert.equal(job.type, 'validate');
    const answer = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    assert.match(JSON.stringify(answer?.value), /changes nothing in the tenant, so it runs without an approver/);
    await h.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
    const approved = h.audit.entries.find((entry) => entry.action === 'job.approved');
    assert.equal(approved?.details?.via, 'policy');
  });

  it('asks a second, different approver above APPROVALS_REQUIRED_ABOVE_ROWS', async () => {
    const h = createHarness({
      settings: {
        approvers: { userIds: [BOB.id, CAROL.id], allowSelfApproval: false },
        approvalRules: { readOnlyWithoutApprover: true, twoApproversAboveRows: 1 },
      },
    });
    const hash = await upload(h);
    await h.click('job.submit', { jobId: 'job1', contentHash: hash });
    const first = await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB);
    assert.match(JSON.stringify(first?.value), /a second, different approver must approve too/);
    const again = await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB);
    assert.doesNotMatch(JSON.stringify(again?.value), /Approved by Bob Approver\./);
    assert.equal((await h.jobs.get('job1'))?.state, 'submitted', 'the same approver twice is still one approval');
    const second = await h.click('job.approve', { jobId: 'job1', contentHash: hash }, CAROL);
    assert.match(JSON.stringify(second?.value), /Approved by Carol Approver/);
    await h.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
  });

  it('expires an undecided job when its time is up, without anyone clicking, and tells the requester', async () => {
    const h = createHarness();
    const hash = await upload(h);
    await h.say('help');
    await h.click('job.submit', { jobId: 'job1', contentHash: hash }, ANN, 'requester-card');
    h.clock.advance(25 * 60 * 60 * 1000);
    assert.equal(await h.bot.sweepExpired(), 1);
    assert.equal((await h.jobs.get('job1'))?.state, 'expired');
    assert.ok(h.audit.entries.some((entry) => entry.action === 'job.expired'));
    assert.ok(h.adapter.sent.some((entry) => /expired without a decision/.test(entry.activity.text ?? '')));
    assert.match(
      JSON.stringify(h.adapter.updated.findLast((entry) => entry.activity.id === 'requester-card')),
      /Expired/,
    );
  });

  it('audits a cancel before the job runs, with who cancelled', async () => {
    const h = createHarness();
    const hash = await upload(h);
    await h.click('job.submit', { jobId: 'job1', contentHash: hash });
    await h.say('cancel job1');
    const cancelled = h.audit.entries.find((entry) => entry.action === 'job.cancelled');
    assert.equal(cancelled?.details?.from, 'submitted');
    assert.deepEqual(cancelled?.details?.by, { id: ANN.id, name: ANN.name });
  });
});
