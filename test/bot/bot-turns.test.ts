import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { guidFor } from '../fakes/fake-tenant.ts';
import { ANN, BOB, TEAM_CHANNEL, createHarness, inChannel } from './support/bot-harness.ts';

const GOOD_CSV = `source_guid,target_upn,display_name\n${guidFor('inactive:jdoe')},jdoe.new@contoso.com,J Doe\n${guidFor('inactive:mroe')},mroe.new@contoso.com,M Roe\n`;
const BAD_CSV = `source_guid,target_upn,display_name\nnot-a-guid,jdoe.new@contoso.com,J Doe\n`;

function cardOf(entry: { activity: { attachments?: { content?: unknown }[] } } | undefined): string {
  return JSON.stringify(entry?.activity.attachments?.[0]?.content ?? null);
}

function fileActivity(url: string, name = 'recovery.csv') {
  return {
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name,
        contentUrl: url,
        content: { downloadUrl: url, uniqueId: 'u1', fileType: 'csv' },
      },
    ],
  };
}

describe('the bot in a Teams chat', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'text/csv');
      if (req.url === '/good.csv') res.end(GOOD_CSV);
      else if (req.url === '/bad.csv') res.end(BAD_CSV);
      else res.end('source_guid\n' + 'x'.repeat(200 * 1024));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('welcomes a conversation once, however often Teams re-sends the install events', async () => {
    const h = createHarness();
    await h.send({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot', name: 'Bot' }] });
    await h.send({ type: 'installationUpdate', action: 'add' });
    await h.send({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot', name: 'Bot' }] });
    assert.equal(h.adapter.sent.length, 1);
  });

  it('answers unknown text with the help card', async () => {
    const h = createHarness();
    await h.say('what can you do');
    assert.match(cardOf(h.adapter.sent[0]), /template recovery/);
  });

  it('answers an uploaded file at once with “Checking…”, then replaces that card with the counts', async () => {
    const h = createHarness();
    await h.say('', fileActivity(`${base}/good.csv`));
    assert.equal(h.adapter.sent.length, 1, 'the turn is answered before the download');
    assert.match(cardOf(h.adapter.sent[0]), /Checking recovery\.csv…/);
    assert.equal(h.adapter.updated.length, 0);
    await h.idle();
    const summary = h.adapter.updated.at(-1);
    assert.equal(summary?.activity.id, h.adapter.sent[0]?.activity.id, 'the summary replaces the same card');
    assert.match(JSON.stringify(summary?.activity), /All 2 rows are ready/);
    assert.match(JSON.stringify(summary?.activity), /http:\/\/127\.0\.0\.1:3978\/files\//);
  });

  it('lists blocked rows with their row numbers', async () => {
    const h = createHarness();
    await h.say('', fileActivity(`${base}/bad.csv`));
    await h.idle();
    const summary = JSON.stringify(h.adapter.updated.at(-1)?.activity);
    assert.match(summary, /Row 2/);
    assert.match(summary, /blocked/);
  });

  it('says on the same card that a file is larger than the limit', async () => {
    const h = createHarness();
    await h.say('', fileActivity(`${base}/huge.csv`));
    await h.idle();
    assert.equal(h.adapter.updated.at(-1)?.activity.id, h.adapter.sent[0]?.activity.id);
    assert.match(JSON.stringify(h.adapter.updated.at(-1)?.activity), /larger than the 64 KB limit/);
    assert.equal(h.adapter.sent.length, 1, 'no second message');
  });

  it('refuses a file from a host that is not allowed', async () => {
    const h = createHarness({
      settings: {
        upload: { allowedHosts: ['contoso.sharepoint.com'], requireHttps: false, maxBytes: 65536, timeoutMs: 5000 },
      },
    });
    await h.say('', fileActivity(`${base}/good.csv`));
    await h.idle();
    assert.match(JSON.stringify(h.adapter.updated.at(-1)?.activity), /not an allowed download host/);
  });

  it('validates CSV text pasted into a message', async () => {
    const h = createHarness();
    await h.say(`please recover these\n\`\`\`\n${GOOD_CSV}\`\`\``);
    assert.match(JSON.stringify(h.adapter.updated.at(-1)?.activity), /All 2 rows are ready/);
  });

  it('runs a job end to end: submit, approve by an approver, progress and summary', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    assert.ok(job);
    const approval = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    assert.match(JSON.stringify(approval?.value), /Waiting for approval/);
    const approved = await h.click('job.approve', { jobId: 'job1', contentHash: job.contentHash }, BOB);
    assert.match(JSON.stringify(approved?.value), /Approved by Bob Approver/);
    await h.bot.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'completed');
    assert.match(h.textsSent().join('\n'), /All 2 rows completed/);
  });

  it('posts one approval request to the approvers’ channel however often Submit is clicked', async () => {
    const h = createHarness({
      settings: { approvers: { userIds: [BOB.id], allowSelfApproval: false, channelConversationId: TEAM_CHANNEL } },
    });
    // The bot knows the channel once something was said there.
    await h.say('help', { ...inChannel(), conversation: { ...inChannel().conversation!, id: TEAM_CHANNEL } });
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    assert.ok(job);
    const first = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    const second = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
    assert.match(JSON.stringify(first?.value), /Sent to the approvers’ channel/);
    assert.match(JSON.stringify(second?.value), /Already sent to the approvers’ channel/);
    const requests = h.adapter.sent.filter(
      (entry) => entry.conversationId === TEAM_CHANNEL && JSON.stringify(entry.activity).includes('Approval request'),
    );
    assert.equal(requests.length, 1);
  });

  it('refuses self-approval when it is off', async () => {
    const h = createHarness({ settings: { approvers: { userIds: [ANN.id, BOB.id], allowSelfApproval: false } } });
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
    const answer = await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, ANN);
    assert.match(JSON.stringify(answer?.value), /another approver must approve it/);
    assert.equal((await h.jobs.get('job1'))?.state, 'submitted');
  });

  it('refuses to approve a job its requester never submitted, with job.submitted missing from the trail', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    // The validation card's own job id and hash, sent as an approval before anyone pressed Submit.
    const answer = await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    assert.match(JSON.stringify(answer?.value), /has not submitted this job yet/);
    await h.bot.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'validated');
    assert.equal(h.audit.entries.filter((entry) => entry.action === 'job.submitted').length, 0);
    assert.ok(h.audit.entries.some((entry) => entry.action === 'job.approval_refused'));
  });

  it('refuses a replayed card with an old content hash', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
    const answer = await h.click('job.approve', { jobId: 'job1', contentHash: 'aaaaaaaaaaaa' }, BOB);
    assert.match(JSON.stringify(answer?.value), /older version of the job/);
  });

  it('refuses an approval after the job expired', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    const job = await h.jobs.get('job1');
    h.clock.advance(25 * 60 * 60 * 1000);
    const answer = await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    assert.match(JSON.stringify(answer?.value), /expired/);
    assert.equal((await h.jobs.get('job1'))?.state, 'expired');
  });

  it('lets the requester cancel a job awaiting approval', async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    await h.say('cancel job1');
    assert.equal((await h.jobs.get('job1'))?.state, 'cancelled');
  });

  it('answers a malformed click with one sentence and a correlation id', async () => {
    const h = createHarness();
    const answer = await h.click('job.approve', { jobId: 'job1' }, BOB);
    const text = JSON.stringify(answer?.value);
    assert.match(text, /missing what it refers to/);
    assert.doesNotMatch(text, /at .*\.ts:\d+/);
  });
});
