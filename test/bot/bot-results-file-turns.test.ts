import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { guidFor } from '../fakes/fake-tenant.ts';
import { BOB, createHarness } from './support/bot-harness.ts';

/** Neither the requester nor an approver of the job. */
const CARL = { id: '29:carl', name: 'Carl Colleague', aadObjectId: 'aad-carl' };

type Harness = ReturnType<typeof createHarness>;

interface ReceivedUpload {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

async function runJob(h: Harness): Promise<string> {
  const rows = ['jdoe', 'mroe'].map((name) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`);
  await h.say(`\`\`\`\nsource_guid,target_upn,display_name\n${rows.join('\n')}\n\`\`\``);
  const job = await h.jobs.get('job1');
  await h.click('job.submit', { jobId: 'job1', contentHash: job?.contentHash });
  await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
  await h.idle();
  return 'job1';
}

function consentInvoke(action: 'accept' | 'decline', context: unknown, uploadUrl: string) {
  return {
    type: 'invoke' as const,
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context,
      uploadInfo: {
        name: 'results-job1.csv',
        uploadUrl,
        contentUrl: 'https://contoso-my.sharepoint.com/personal/ann/Documents/results-job1.csv',
        uniqueId: 'drive-item-1',
        fileType: 'csv',
      },
    },
  };
}

const messagesAfter = (h: Harness, index: number) =>
  h.adapter.sent.slice(index).filter((entry) => entry.activity.type === 'message');

describe('results as a file in the 1:1 chat', () => {
  let server: Server;
  let uploadUrl = '';
  const received: ReceivedUpload[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.statusCode = 201;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload-session/1`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => void received.splice(0));

  it('offers the file when "Download results" is clicked in the 1:1 chat, keeping the link on the summary', async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    const before = h.adapter.sent.length;
    const answer = JSON.stringify((await h.click('job.results', { jobId }))?.value);
    assert.match(answer, /accept it to save it in your OneDrive/);
    assert.match(
      answer,
      /"type":"Action\.OpenUrl","title":"Download results","url":"http:\/\/127\.0\.0\.1:3978\/files\//,
    );
    const consent = messagesAfter(h, before).flatMap((entry) => entry.activity.attachments ?? [])[0];
    assert.equal(consent?.contentType, CONSENT);
    const content = consent?.content as { sizeInBytes: number; acceptContext: unknown; description: string };
    assert.deepEqual(content.acceptContext, { jobId, kind: 'results' });
    assert.equal(content.sizeInBytes, h.vault.files.get(`${jobId}/results`)?.byteLength);
  });

  it('uploads exactly the results CSV when the requester accepts, then shows the file card', async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    await h.click('job.results', { jobId });
    const before = h.adapter.sent.length;
    await h.send(consentInvoke('accept', { jobId, kind: 'results' }, uploadUrl));

    const csv = h.vault.files.get(`${jobId}/results`);
    assert.ok(csv);
    assert.equal(received.length, 1);
    const [upload] = received;
    assert.equal(upload?.method, 'PUT');
    assert.deepEqual(upload?.body, Buffer.from(csv));
    assert.equal(upload?.headers['content-range'], `bytes 0-${csv.byteLength - 1}/${csv.byteLength}`);
    assert.equal(upload?.headers['content-length'], String(csv.byteLength));
    assert.equal(upload?.headers.authorization, undefined, 'no bot token goes to the upload address');

    const info = messagesAfter(h, before).flatMap((entry) => entry.activity.attachments ?? [])[0];
    assert.equal(info?.contentType, FILE_INFO);
    assert.equal(info?.name, 'results-job1.csv');
    assert.match(info?.contentUrl ?? '', /sharepoint\.com/);
    assert.deepEqual(info?.content, { uniqueId: 'drive-item-1', fileType: 'csv' });
  });

  it('says where else the results are when the requester declines', async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    const before = h.adapter.sent.length;
    await h.send(consentInvoke('decline', { jobId, kind: 'results' }, uploadUrl));
    const texts = messagesAfter(h, before).map((entry) => entry.activity.text ?? '');
    assert.equal(texts.length, 1);
    assert.match(texts[0] ?? '', /did not save it to your OneDrive.*http:\/\/127\.0\.0\.1:3978\/files\//);
    assert.equal(received.length, 0);
  });

  it('uploads the results to the approver who accepts them in their own chat', async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    await h.send({ ...consentInvoke('accept', { jobId, kind: 'results' }, uploadUrl), from: BOB });
    assert.equal(received.length, 1);
    assert.match(received[0]?.body.toString('utf8') ?? '', /jdoe\.new@contoso\.com/);
  });

  it("refuses a forged accept for another user's job and uploads nothing", async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    const before = h.adapter.sent.length;
    await h.send({ ...consentInvoke('accept', { jobId, kind: 'results' }, uploadUrl), from: CARL });
    await h.send({ ...consentInvoke('accept', { jobId: '../job1', kind: 'results' }, uploadUrl) });
    await h.send({ ...consentInvoke('accept', { jobId: 'job9', kind: 'results' }, uploadUrl) });
    assert.equal(received.length, 0);
    const texts = messagesAfter(h, before).map((entry) => entry.activity.text ?? '');
    assert.equal(texts.length, 3);
    for (const text of texts) assert.match(text, /not the results of a job you started/);
  });

  it('does not upload to a plain-http address that is not this machine', async () => {
    const h = createHarness();
    const jobId = await runJob(h);
    const before = h.adapter.sent.length;
    await h.send(consentInvoke('accept', { jobId, kind: 'results' }, 'http://uploads.example.com/session'));
    assert.equal(received.length, 0);
    const texts = messagesAfter(h, before).map((entry) => entry.activity.text ?? '');
    assert.match(texts[0] ?? '', /could not save the file to your OneDrive; download it here: http/);
  });
});
