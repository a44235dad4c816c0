/**
 * What a job's outcome tells people, end to end through the bot: every row of the file is accounted for
 * (blocked at validation, skipped, failed, completed), a cancelled job says how far it got, and its rows that
 * never started can be retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { serveSignedFile } from '../../src/bot/files/index.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { RecordingExecutor } from '../fakes/recording-executor.ts';
import type { RecordedActivity } from './support/recording-adapter.ts';
import { BOB, PERSONAL, TEAM_CHANNEL, createHarness, inChannel } from './support/bot-harness.ts';

type Harness = ReturnType<typeof createHarness>;

const NAMES = ['jdoe', 'mroe', 'asmith', 'bjones', 'cwu', 'dlee', 'ekim', 'fng', 'gho', 'hit', 'ijo', 'kla'];

/** One line per name; `null` is a mailbox the tenant does not have, so validation blocks that row. */
function recoveryCsv(names: readonly (string | null)[]): string {
  const rows = names.map((name, index) =>
    name === null
      ? `${guidFor(`missing:${index}`)},ghost${index}@contoso.com,Ghost ${index}`
      : `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`,
  );
  return `source_guid,target_upn,display_name\n${rows.join('\n')}\n`;
}

function cardText(entry: RecordedActivity | undefined): string {
  return JSON.stringify(entry?.activity.attachments?.[0]?.content ?? null);
}

const isSummaryCard = (entry: RecordedActivity) => cardText(entry).includes('"Success rate"');

async function approve(h: Harness, jobId: string, readyOnly = false): Promise<void> {
  const job = await h.jobs.get(jobId);
  assert.ok(job, `job ${jobId} exists`);
  await h.click(readyOnly ? 'job.submitReady' : 'job.submit', { jobId, contentHash: job.contentHash });
  const submitted = await h.jobs.get(jobId);
  const answer = await h.click('job.approve', { jobId, contentHash: submitted?.contentHash }, BOB);
  assert.match(JSON.stringify(answer?.value), /Approved by Bob Approver/);
  await h.idle();
}

function resultsOf(h: Harness, jobId: string): Record<string, string>[] {
  const bytes = h.vault.files.get(`${jobId}/results`);
  assert.ok(bytes, 'the results file is kept');
  return parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];
}

describe("a job's outcome", () => {
  it('accounts for the rows blocked at validation after "submit only the ready rows", in the summary and the results file', async () => {
    const h = createHarness({ settings: { appId: 'app-id' }, mailboxes: NAMES });
    await h.say('notify here', { ...inChannel(), from: BOB });
    // Lines 7 and 14 of the file (rows 6 and 13 under the header) name mailboxes the tenant does not have.
    const lines = [...NAMES.slice(0, 5), null, ...NAMES.slice(5, 11), null, ...NAMES.slice(11)];
    await h.say(`\`\`\`\n${recoveryCsv(lines)}\`\`\``);
    await approve(h, 'job1', true);

    const summaries = h.adapter.sent.filter(isSummaryCard);
    assert.deepEqual(
      summaries.map((entry) => entry.newThreadIn ?? entry.conversationId),
      [PERSONAL, TEAM_CHANNEL],
    );
    for (const summary of summaries) {
      assert.match(cardText(summary), /12 completed, 2 blocked at validation of 14 rows\./);
      assert.doesNotMatch(cardText(summary), /All 12 rows completed/);
      assert.match(cardText(summary), /"title":"Requested by","value":"Ann Admin"/);
      assert.match(cardText(summary), /"title":"Approved by","value":"Bob Approver"/);
    }

    const rows = resultsOf(h, 'job1');
    assert.equal(rows.length, 14);
    assert.deepEqual(
      rows.map((row) => row.row_number),
      ['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'],
    );
    const blocked = rows.filter((row) => row.status === 'blocked_at_validation');
    assert.deepEqual(
      blocked.map((row) => row.row_number),
      ['7', '14'],
    );
    for (const row of blocked) assert.match(row.error ?? '', /\w/, `row ${row.row_number} says why it was blocked`);
    assert.equal(rows.filter((row) => row.status === 'completed').length, 12);
  });

  it('posts no results link or results button in the notification channel, only in the requester’s 1:1 chat', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    await h.say('notify here', { ...inChannel(), from: BOB });
    await h.say(`\`\`\`\n${recoveryCsv(['jdoe', 'mroe'])}\`\`\``);
    await approve(h, 'job1');

    const inChannelCard = h.adapter.sent.find((entry) => isSummaryCard(entry) && entry.newThreadIn === TEAM_CHANNEL);
    assert.ok(inChannelCard, 'the channel got the summary');
    assert.doesNotMatch(cardText(inChannelCard), /\/files\/|Action\.OpenUrl|job\.results/);
    assert.match(cardText(inChannelCard), /Ann Admin gets it in a 1:1 chat with the bot/);
    const personal = h.adapter.sent.find((entry) => isSummaryCard(entry) && entry.conversationId === PERSONAL);
    assert.match(cardText(personal), /\/files\//);
  });

  it('sends the approver the summary in their own 1:1 chat, with a results link that records its use in their name', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    const bobsChat = { id: 'a:personal-bob', conversationType: 'personal', isGroup: false, name: '' };
    await h.say(`\`\`\`\n${recoveryCsv(['jdoe', 'mroe'])}\`\`\``);
    await h.click('job.submit', { jobId: 'job1', contentHash: (await h.jobs.get('job1'))?.contentHash });
    // Bob approves from the card in his own chat (a 1:1 chat has only him and the bot in it).
    const { contentHash } = (await h.jobs.get('job1')) ?? {};
    const action = { type: 'Action.Execute', verb: 'job.approve', data: { jobId: 'job1', contentHash } };
    await h.send({ type: 'invoke', name: 'adaptiveCard/action', from: BOB, conversation: bobsChat, value: { action } });
    await h.idle();

    const toBob = h.adapter.sent.find((entry) => isSummaryCard(entry) && entry.conversationId === bobsChat.id);
    assert.ok(toBob, 'Bob got the summary in his chat');
    assert.match(cardText(toBob), /All 2 rows completed/);
    const token = /\/files\/([A-Za-z0-9_.-]+)/.exec(cardText(toBob))?.[1];
    assert.ok(token, 'with a results link');
    const served = await serveSignedFile(token, { signer: h.links, vault: h.vault, audit: h.audit });
    assert.equal(served.status, 200);
    const downloads = h.audit.entries.filter((entry) => entry.action === 'file.downloaded');
    assert.deepEqual(
      downloads.map((entry) => entry.actor),
      [BOB.aadObjectId],
    );
  });

  it('gives a new results link and the validation report on request in the 1:1 chat, never in a channel', async () => {
    const h = createHarness({ settings: { appId: 'app-id' } });
    await h.say(`\`\`\`\n${recoveryCsv(['jdoe', 'mroe'])}\`\`\``);
    await approve(h, 'job1');

    const before = h.adapter.sent.length;
    await h.say('results job1');
    const answers = h.adapter.sent.slice(before).filter(isSummaryCard);
    assert.equal(answers.length, 1, 'the summary again, as the answer');
    assert.match(cardText(answers[0]), /\/files\//);
    await h.say('report job1');
    assert.match(
      h.adapter.sent.at(-1)?.activity.text ?? '',
      /Download the validation report of job job1.*\/files\/.*the link is for you and lasts 1 hour/,
    );
    for (const command of ['results job1', 'report job1', 'audit job1']) {
      await h.say(command, { ...inChannel(), from: BOB });
      const answer = JSON.stringify(h.adapter.sent.at(-1)?.activity);
      assert.match(answer, /Ask me in our 1:1 chat/);
      assert.doesNotMatch(answer, /\/files\//);
    }
    const carol = { id: '29:carol', name: 'Carol Curious', aadObjectId: 'aad-carol' };
    const carolsChat = { id: 'a:personal-carol', conversationType: 'personal', isGroup: false, name: '' };
    await h.say('report job1', { from: carol, conversation: carolsChat });
    assert.match(h.adapter.sent.at(-1)?.activity.text ?? '', /Only the requester or an approver/);
  });

  it('tells how far a cancelled job got, and retries its rows that never started', async () => {
    const names = NAMES.slice(0, 8);
    const executor = new RecordingExecutor({
      reconcile: false,
      turns: 1,
      // Ann clicks Cancel on the progress card while row 3 runs.
      onExecute: async (item) => {
        if (item.rowNumber === 3) await h.click('job.cancel', { jobId: 'job1' });
      },
    });
    const h = createHarness({ executor, mailboxes: names });
    await h.say(`\`\`\`\n${recoveryCsv(names)}\`\`\``);
    await approve(h, 'job1');

    const result = await h.operations.load('job1');
    assert.equal(result?.state, 'cancelled');
    const { completed = 0, skipped = 0 } = result?.totals ?? {};
    assert.ok(skipped > 0 && completed > 0, 'some rows ran, the rest were skipped');
    const summary = cardText(h.adapter.sent.find(isSummaryCard));
    assert.match(summary, new RegExp(`Cancelled after ${completed} of 8 rows; ${skipped} rows were not started\\.`));
    assert.match(summary, new RegExp(`Success rate","value":"100% of ${completed} rows attempted`));
    const finalProgress = h.adapter.updated.at(-1);
    assert.match(
      cardText(finalProgress),
      new RegExp(`${(completed / 8) * 100}% done: ${completed} of 8 rows finished`),
    );
    assert.doesNotMatch(h.textsSent().join('\n'), /100% done/);
    assert.match(summary, new RegExp(`Retry the ${skipped} skipped rows`));

    const retry = await h.click('job.retry', { jobId: 'job1' });
    assert.match(JSON.stringify(retry?.value), new RegExp(`New job job2 retries the ${skipped} skipped rows`));
    const before = executor.calls.length;
    await approve(h, 'job2');
    const skippedRows = result?.items.filter((item) => item.status === 'skipped').map((item) => item.rowNumber);
    assert.deepEqual(
      executor.calls.slice(before).map((call) => call.row),
      skippedRows,
    );
    assert.equal((await h.jobs.get('job2'))?.state, 'completed');
  });
});
