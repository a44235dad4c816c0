import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveSignedFile } from '../../src/bot/files/index.ts';
import type { JobRecord } from '../../src/operations/jobs/job-record.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import { ManualClock } from './progress/manual-clock.ts';
import { connectorFailure, type RecordedActivity } from './support/recording-adapter.ts';
import { ANN, BOB, PERSONAL, TEAM_CHANNEL, createHarness, inChannel } from './support/bot-harness.ts';

type Harness = ReturnType<typeof createHarness>;

const NAMES = ['jdoe', 'mroe', 'asmith', 'bjones', 'cwu', 'dlee', 'ekim', 'fng'];

function recoveryCsv(names: readonly string[]): string {
  const rows = names.map((name) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`);
  return `source_guid,target_upn,display_name\n${rows.join('\n')}\n`;
}

function cardText(entry: RecordedActivity | undefined): string {
  return JSON.stringify(entry?.activity.attachments?.[0]?.content ?? null);
}

const isProgressCard = (entry: RecordedActivity) => cardText(entry).includes('job.progress.refresh');
const isSummaryCard = (entry: RecordedActivity) => cardText(entry).includes('"Success rate"');

/** Pastes the CSV, submits it and has Bob approve it; resolves once the job has run. */
async function runApprovedJob(h: Harness, csv: string, jobId = 'job1'): Promise<void> {
  await h.say(`\`\`\`\n${csv}\`\`\``);
  await approve(h, jobId);
}

async function approve(h: Harness, jobId: string): Promise<void> {
  const job = await h.jobs.get(jobId);
  assert.ok(job, `job ${jobId} exists`);
  await h.click('job.submit', { jobId, contentHash: job.contentHash });
  const answer = await h.click('job.approve', { jobId, contentHash: job.contentHash }, BOB);
  assert.match(JSON.stringify(answer?.value), /Approved by Bob Approver/);
  await h.idle();
}

describe('a running job in Teams', () => {
  it('keeps one progress card per job and updates it at most once per interval, then with the final state', async () => {
    const clock = new ManualClock();
    const h = createHarness({
      clock,
      mailboxes: NAMES,
      executor: (c) => new RecordingExecutor({ reconcile: false, turns: 1, onExecute: () => c.sleep(2000) }),
    });
    await h.say(`\`\`\`\n${recoveryCsv(NAMES)}\`\`\``);
    const job = await h.jobs.get('job1');
    await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
    await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    let settled = false;
    void h.idle().then(() => (settled = true));
    for (let step = 0; step < 200 && !settled; step += 1) await clock.advanceBy(500);
    assert.ok(settled, 'the job finished');

    const posted = h.adapter.sent.filter(isProgressCard);
    assert.equal(posted.length, 1, 'one progress card');
    const [card] = posted;
    const updates = h.adapter.updated.filter((update) => update.activity.id === card?.activity.id);
    assert.ok(updates.length >= 2, `the card was updated in place (${updates.length} updates)`);
    assert.ok(updates.length < NAMES.length, 'the updates were coalesced');
    const times = [card?.atMs ?? 0, ...updates.map((update) => update.atMs)];
    for (let i = 1; i < times.length; i += 1) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      assert.ok(gap >= h.settings.progressIntervalMs, `update ${i} came ${gap} ms after the one before`);
    }
    assert.match(cardText(updates.at(-1)), /Completed/);
    assert.doesNotMatch(cardText(updates.at(-1)), /job\.cancel/, 'a finished job has no Cancel button');
  });

  it("keeps a job's status and audit trail from people who neither requested nor approve it", async () => {
    const h = createHarness();
    await runApprovedJob(h, recoveryCsv(['jdoe']));
    const carol = { id: '29:carol', name: 'Carol Curious', aadObjectId: 'aad-carol' };
    await h.say('status job1', { from: carol });
    assert.match(JSON.stringify(h.adapter.sent.at(-1)?.activity), /Only the requester or an approver can see this job/);
    await h.say('audit job1', { from: carol });
    assert.match(JSON.stringify(h.adapter.sent.at(-1)?.activity), /Only the requester or an approver/);
    await h.say('jobs', { from: carol });
    assert.match(JSON.stringify(h.adapter.sent.at(-1)?.activity), /No jobs yet/);
  });

  it('lets only an approver choose the channel that receives completion summaries', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    await h.say('notify here', inChannel());
    assert.match(JSON.stringify(h.adapter.sent.at(-1)?.activity), /Only an approver can choose the channel/);
    assert.equal(await h.conversations.getNotificationChannel(), undefined);
  });

  it('posts the completion summary as a new thread in the channel an admin chose with "notify here"', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    await h.say('notify here', { ...inChannel(), from: BOB });
    assert.match(
      JSON.stringify(h.adapter.sent.at(-1)?.activity),
      /completion summaries will be posted in this channel/,
    );
    await runApprovedJob(h, recoveryCsv(['jdoe', 'mroe']));

    const summaries = h.adapter.sent.filter(isSummaryCard);
    assert.deepEqual(
      summaries.map((entry) => entry.newThreadIn ?? entry.conversationId),
      [PERSONAL, TEAM_CHANNEL],
      'to the requester, and as a new thread in the channel',
    );
    assert.match(cardText(summaries[1]), /All 2 rows completed/);
  });

  it('remembers the team it is installed in as the notification channel when none is set', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    await h.send({ type: 'installationUpdate', action: 'add', ...inChannel('0') });
    await runApprovedJob(h, recoveryCsv(['jdoe']));
    assert.ok(h.adapter.sent.some((entry) => isSummaryCard(entry) && entry.newThreadIn === TEAM_CHANNEL));
  });

  it('keeps the channel an admin chose when the bot is installed in another team', async () => {
    const h = createHarness();
    await h.say('notify here', { ...inChannel(), from: BOB });
    const other = inChannel('0');
    other.conversation = { ...other.conversation!, id: '19:other@thread.tacv2' };
    await h.send({ type: 'installationUpdate', action: 'add', ...other });
    assert.equal(
      (await h.conversations.getNotificationChannel())?.conversation.id,
      `${TEAM_CHANNEL};messageid=1700000000000`,
    );
  });

  it('retries only the failed rows, as a new job that needs approval again', async () => {
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      script: {
        3: [
          { status: 'failed', errorClass: 'permanent', error: { code: 'UPN_TAKEN', message: 'The UPN is taken.' } },
          { status: 'completed' },
        ],
      },
    });
    const h = createHarness({ executor, mailboxes: ['jdoe', 'mroe'] });
    await runApprovedJob(h, recoveryCsv(['jdoe', 'mroe']));
    assert.equal((await h.operations.load('job1'))?.totals.failed, 1);
    assert.match(h.textsSent().join('\n'), /job\.retry/);

    const retry = await h.click('job.retry', { jobId: 'job1' });
    assert.match(JSON.stringify(retry?.value), /New job job2 retries the failed row; it needs approval again/);
    assert.equal((await h.jobs.get('job2'))?.state, 'submitted');
    await h.click('job.retry', { jobId: 'job1' });
    assert.equal(await h.jobs.get('job3'), undefined, 'a second click (or a Teams retry) makes no second retry job');
    const before = executor.calls.length;
    await approve(h, 'job2');

    assert.deepEqual(
      executor.calls.slice(before).map((call) => call.row),
      [3],
    );
    assert.equal((await h.jobs.get('job2'))?.state, 'completed');
  });

  it('serves the results through the summary link for an hour, recording each download in the requester name, then answers 404', async () => {
    const h = createHarness();
    await runApprovedJob(h, recoveryCsv(['jdoe', 'mroe']));
    const url = /http:\/\/127\.0\.0\.1:3978\/files\/([A-Za-z0-9_.-]+)/.exec(
      cardText(h.adapter.sent.find(isSummaryCard)),
    );
    assert.ok(url?.[1], 'the summary links to the results');

    const served = await serveSignedFile(url[1], { signer: h.links, vault: h.vault, audit: h.audit });
    assert.equal(served.status, 200);
    assert.match(new TextDecoder().decode(served.body as Uint8Array), /jdoe\.new@contoso\.com/);

    const downloads = h.audit.entries.filter((entry) => entry.action === 'file.downloaded');
    assert.deepEqual(
      downloads.map((entry) => [entry.actor, entry.jobId, entry.details.kind]),
      [[ANN.aadObjectId, 'job1', 'results']],
    );

    h.clock.advance(60 * 60 * 1000 + 1);
    assert.equal((await serveSignedFile(url[1], { signer: h.links, vault: h.vault, audit: h.audit })).status, 404);
  });

  it('stops a running job on Cancel: the rows in flight finish and the rest are skipped', async () => {
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      // Ann clicks Cancel on the progress card while row 3 runs.
      onExecute: async (item) => {
        if (item.rowNumber === 3) await h.click('job.cancel', { jobId: 'job1' });
      },
    });
    const h = createHarness({ executor, mailboxes: NAMES });
    await runApprovedJob(h, recoveryCsv(NAMES));

    const result = await h.operations.load('job1');
    assert.equal(result?.state, 'cancelled');
    assert.ok((result?.totals.skipped ?? 0) >= NAMES.length - 2, 'the rows after the cancel were skipped');
    assert.ok(
      executor.calls.every((call) => call.row <= 3),
      'no row after the cancel ran',
    );
    assert.equal((await h.jobs.get('job1'))?.state, 'cancelled');
  });

  it('stops the job, not just its record, when Cancel was read before an approval started it', async () => {
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      // Ann's Cancel arrives while row 3 runs, but the bot read the job while it was still approved.
      onExecute: async (item): Promise<void> => {
        if (item.rowNumber !== 3) return;
        const running: JobRecord | undefined = await h.jobs.get('job1');
        assert.equal(running?.state, 'running');
        const realGet = h.jobs.get.bind(h.jobs);
        h.jobs.get = async () => {
          h.jobs.get = realGet;
          return running && { ...running, state: 'approved' };
        };
        const answer = await h.click('job.cancel', { jobId: 'job1' });
        assert.match(JSON.stringify(answer?.value), /Cancelling job job1: the rows in flight finish/);
      },
    });
    const h = createHarness({ executor, mailboxes: NAMES });
    await runApprovedJob(h, recoveryCsv(NAMES));

    assert.equal((await h.operations.load('job1'))?.state, 'cancelled', 'the engine stopped');
    assert.ok(
      executor.calls.every((call) => call.row <= 3),
      'no row after the cancel ran',
    );
    assert.equal((await h.jobs.get('job1'))?.state, 'cancelled');
    assert.ok(
      h.textsSent().some((text) => text.includes('Download results')),
      'the summary still came',
    );
  });

  it('forgets a chat that blocks the bot once the progress card can no longer be written', async () => {
    const h = createHarness({
      executor: (clock) => new RecordingExecutor({ reconcile: false, turns: 1, onExecute: () => clock.advance(6000) }),
    });
    await h.say(`\`\`\`\n${recoveryCsv(['jdoe', 'mroe'])}\`\`\``);
    const job = await h.jobs.get('job1');
    await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
    h.adapter.refuse.set(PERSONAL, connectorFailure(403, 'MessageWritesBlocked'));
    await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    await h.idle();

    assert.equal(await h.conversations.getReference(PERSONAL), undefined);
    assert.equal((await h.jobs.get('job1'))?.state, 'completed', 'the job itself was not held up');
  });

  it("summarises a job's audit trail and links its entries as a CSV", async () => {
    const h = createHarness();
    await runApprovedJob(h, recoveryCsv(['jdoe', 'mroe']));
    await h.say('audit job1');
    const reply = JSON.stringify(h.adapter.sent.at(-1)?.activity);
    assert.match(reply, /approved by Bob Approver/);
    assert.match(reply, /audit entries from/);
    assert.match(reply, /item\.completed 2/);
    const token = /\/files\/([A-Za-z0-9_.-]+)/.exec(reply)?.[1] ?? '';
    const served = await serveSignedFile(token, { signer: h.links, vault: h.vault, audit: h.audit });
    assert.equal(served.status, 200);
    const csv = new TextDecoder().decode(served.body as Uint8Array);
    assert.match(csv, /^\uFEFF?seq,ts,actor,action,row,details\r\n/);
    assert.match(csv, /item\.completed,2,/);
  });
});
