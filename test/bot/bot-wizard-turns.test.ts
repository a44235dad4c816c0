import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { guidFor } from '../fakes/fake-tenant.ts';
import { BOB, createHarness } from './support/bot-harness.ts';

const JDOE = guidFor('inactive:jdoe');

function lastCardText(h: ReturnType<typeof createHarness>): string {
  return JSON.stringify(h.adapter.sent.filter((entry) => entry.activity.type === 'message').at(-1)?.activity);
}

describe('one mailbox at a time, and files whose type is unclear', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/csv');
      res.end('target_upn,notes\njdoe.new@contoso.com,from HR\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('recovers one mailbox through the wizard: details, approval, run and summary', async () => {
    const h = createHarness();
    await h.say(`recover ${JDOE}`);
    const first = lastCardText(h);
    assert.match(first, /Step 1 of 3/);
    assert.match(first, /jdoe@contoso\.com/);
    const wizardId = /"wizardId":"([^"]+)"/.exec(first)?.[1] ?? '';

    const details = await h.click('wizard.next', { wizardId, step: 'mailbox' });
    assert.match(JSON.stringify(details?.value), /Step 2 of 3/);
    const review = await h.click('wizard.next', {
      wizardId,
      step: 'details',
      target_upn: 'jdoe.back@contoso.com',
      display_name: 'Jane Doe',
    });
    assert.match(JSON.stringify(review?.value), /Step 3 of 3/);
    assert.match(JSON.stringify(review?.value), /jdoe\.back@contoso\.com/);
    const submitted = await h.click('wizard.submit', { wizardId, step: 'review' });
    assert.match(JSON.stringify(submitted?.value), /one-row job/);
    await h.idle();

    const job = (await h.jobs.list({ limit: 1 }))[0];
    assert.ok(job, 'a job was created');
    assert.equal(job.type, 'recovery');
    assert.equal(job.rowCounts.ready, 1);
    await h.click('job.submit', { jobId: job.jobId, contentHash: job.contentHash });
    await h.click('job.approve', { jobId: job.jobId, contentHash: job.contentHash }, BOB);
    await h.idle();

    const result = await h.operations.load(job.jobId);
    assert.equal(result?.state, 'completed');
    assert.equal(result?.items[0]?.sourceIdentity, JDOE);
    assert.equal(result?.items[0]?.targetIdentity, 'jdoe.back@contoso.com');
    assert.match(h.textsSent().join('\n'), /All 1 row completed|1 row completed|completed/);
  });

  it('says which mailbox it could not find instead of opening the wizard', async () => {
    const h = createHarness();
    await h.say('recover nobody@contoso.com');
    assert.match(lastCardText(h), /found no inactive mailbox/);
  });

  it('asks what an uploaded file is for when its columns do not say, then validates it as chosen', async () => {
    const h = createHarness();
    const url = `${base}/people.csv`;
    const download = { downloadUrl: url, uniqueId: 'u1', fileType: 'csv' };
    const file = { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'people.csv' };
    await h.say('', { attachments: [{ ...file, contentUrl: url, content: download }] });
    await h.idle();
    const choose = JSON.stringify(h.adapter.updated.at(-1)?.activity);
    assert.match(choose, /job\.chooseType/);
    const jobId = /"jobId":"([^"]+)"/.exec(choose)?.[1] ?? '';

    const answer = await h.click('job.chooseType', { jobId, type: 'recovery' });
    assert.match(JSON.stringify(answer?.value), /Checking it as recovery/);
    // The click is answered before the tenant check; the summary follows in the chat.
    await h.idle();
    const summary = JSON.stringify(h.adapter.updated.at(-1)?.activity);
    assert.match(summary, /Full report \(CSV\)/);
    assert.match(summary, /source_guid/);
    // One file, one job: the job keeps the id the upload got, whose job.created is in the trail.
    assert.equal((await h.jobs.get(jobId))?.fileName, 'people.csv');
    const created = h.audit.entries.filter((entry) => entry.action === 'job.created').map((entry) => entry.jobId);
    assert.deepEqual([...new Set(created)], [jobId]);
  });
});
