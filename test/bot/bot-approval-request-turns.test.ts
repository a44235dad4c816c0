/** Submitting a job tells the approvers: in their 1:1 chats and in the approvers' channel, once per job. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BotSettings } from '../../src/bot/bot-deps.ts';
import { guidFor } from '../fakes/fake-tenant.ts';
import { BOB, TEAM_CHANNEL, createHarness, inChannel } from './support/bot-harness.ts';
import type { RecordedActivity } from './support/recording-adapter.ts';

const GOOD_CSV = `source_guid,target_upn,display_name\n${guidFor('inactive:jdoe')},jdoe.new@contoso.com,J Doe\n${guidFor('inactive:mroe')},mroe.new@contoso.com,M Roe\n`;
const ADA = { id: '29:ada', name: 'Ada Lovelace', aadObjectId: 'aad-ada' };
const BOB_CHAT = 'a:personal-bob';
const ADA_CHAT = 'a:personal-ada';

type Harness = ReturnType<typeof createHarness>;

function approvers(userIds: string[], more: Partial<BotSettings['approvers']> = {}): Partial<BotSettings> {
  return { approvers: { userIds, allowSelfApproval: false, ...more } };
}

/** Someone writes to the bot in their own 1:1 chat: from then on the bot can write to them first. */
async function opensChat(h: Harness, person: typeof BOB, conversationId: string): Promise<void> {
  await h.say('help', {
    from: person,
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, name: '' },
  });
}

async function pasteAndSubmit(h: Harness): Promise<string> {
  await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
  const job = await h.jobs.get('job1');
  assert.ok(job);
  const answer = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
  return JSON.stringify(answer?.value);
}

/** The approval cards posted as messages in a conversation (not the clicked card, which Teams replaces). */
function approvalRequestsIn(h: Harness, conversationId: string): RecordedActivity[] {
  return h.adapter.sent.filter(
    (entry) =>
      entry.conversationId === conversationId &&
      entry.activity.type === 'message' &&
      JSON.stringify(entry.activity).includes('Approval request'),
  );
}

const SUMMARY = /^Approval needed: recovery of 2 mailboxes from .+ \(requested by Ann Admin\)$/;

describe('telling the approvers about a submitted job', () => {
  it('sends the request to each approver’s 1:1 chat and names the approver it cannot reach yet', async () => {
    const h = createHarness({ settings: approvers([BOB.id, ADA.aadObjectId]) });
    await opensChat(h, BOB, BOB_CHAT);
    // Ada spoke in a team channel, never in her own chat: the bot knows her name but cannot write to her first.
    await h.say('help', { ...inChannel(), from: ADA });

    const notice = await pasteAndSubmit(h);

    const [request, ...more] = approvalRequestsIn(h, BOB_CHAT);
    assert.ok(request, 'Bob got the request');
    assert.equal(more.length, 0);
    assert.match(String(request.activity.summary), SUMMARY);
    assert.equal(request.activity.text, request.activity.summary);
    assert.match(notice, /Sent to 1 approver; 1 approver has not talked to me yet \(Ada Lovelace\)\./);
  });

  it('sends nothing new when Submit is clicked again', async () => {
    const h = createHarness({ settings: approvers([BOB.id, ADA.id]) });
    await opensChat(h, BOB, BOB_CHAT);
    await pasteAndSubmit(h);
    const sentBefore = h.adapter.sent.filter((entry) => entry.activity.type === 'message').length;

    const again = await pasteAndSubmitAgain(h);

    assert.match(again, /Already sent to 1 approver\./);
    assert.equal(h.adapter.sent.filter((entry) => entry.activity.type === 'message').length, sentBefore);
    assert.equal(approvalRequestsIn(h, BOB_CHAT).length, 1);
  });

  it('does not send the requester their own request', async () => {
    const h = createHarness({ settings: approvers([BOB.id, 'aad-ann']) });
    await opensChat(h, BOB, BOB_CHAT);
    const notice = await pasteAndSubmit(h);
    assert.match(notice, /Sent to 1 approver\./);
    assert.equal(approvalRequestsIn(h, 'a:personal-ann').length, 0);
  });

  it('tells the requester nobody was reached, and tries again on the next click once an approver can be', async () => {
    const h = createHarness({ settings: approvers([ADA.id]) });
    const first = await pasteAndSubmit(h);
    assert.match(first, /No approver has been told yet: 1 approver has not talked to me yet \(29:ada\)/);
    assert.match(first, /"title":"Send to approvers again","verb":"job.submit"/, 'the card offers what it asks for');

    await opensChat(h, ADA, ADA_CHAT);
    const second = await pasteAndSubmitAgain(h);

    assert.match(second, /Sent to 1 approver\./);
    assert.doesNotMatch(second, /Send to approvers again/);
    assert.equal(approvalRequestsIn(h, ADA_CHAT).length, 1);
  });

  it('counts an approver who shares the requester’s chat as told, though the requester spoke there last', async () => {
    const h = createHarness({ settings: approvers([ADA.id]) });
    // The Agents Playground's one "personal" chat: Ada speaks in Ann's chat, then Ann sends the file there.
    await opensChat(h, ADA, 'a:personal-ann');
    const notice = await pasteAndSubmit(h);
    assert.match(notice, /Sent to 1 approver\./);
    assert.doesNotMatch(notice, /Send to approvers again/);
  });

  it('names the failed chat when Teams refuses a 1:1 message, and still tells the others', async () => {
    const h = createHarness({ settings: approvers([BOB.id, ADA.id]) });
    await opensChat(h, BOB, BOB_CHAT);
    await opensChat(h, ADA, ADA_CHAT);
    h.adapter.refuse.set(
      ADA_CHAT,
      Object.assign(new Error('blocked'), { statusCode: 403, code: 'MessageWritesBlocked' }),
    );

    const notice = await pasteAndSubmit(h);

    assert.match(notice, /Sent to 1 approver; I could not reach 1 approver \(Ada Lovelace\)\./);
    assert.equal(approvalRequestsIn(h, BOB_CHAT).length, 1);
  });

  it('posts the request in the approvers’ channel with an @mention of each approver it can name', async () => {
    const h = createHarness({
      settings: approvers([BOB.id, ADA.id], { channelConversationId: TEAM_CHANNEL }),
    });
    await h.say('help', { ...inChannel(), conversation: { ...inChannel().conversation!, id: TEAM_CHANNEL } });
    await opensChat(h, BOB, BOB_CHAT);

    const notice = await pasteAndSubmit(h);

    const [post] = approvalRequestsIn(h, TEAM_CHANNEL);
    assert.ok(post, 'the channel got the request');
    assert.match(String(post.activity.summary), SUMMARY);
    const card = post.activity.attachments?.[0]?.content as {
      body: { text?: string }[];
      msteams?: { entities?: unknown[] };
    };
    assert.deepEqual(card.msteams?.entities, [
      { type: 'mention', text: '<at>Bob Approver</at>', mentioned: { id: BOB.id, name: 'Bob Approver' } },
    ]);
    assert.match(String(card.body[0]?.text), /<at>Bob Approver<\/at>/);
    assert.match(
      notice,
      /Sent to the approvers’ channel and 1 approver; 1 approver has not talked to me yet \(29:ada\)\./,
    );
  });

  it('still tells the approvers in their chats when the bot was never added to the approvers’ channel', async () => {
    const h = createHarness({ settings: approvers([BOB.id], { channelConversationId: TEAM_CHANNEL }) });
    await opensChat(h, BOB, BOB_CHAT);
    const notice = await pasteAndSubmit(h);
    assert.match(notice, /Sent to 1 approver; I cannot reach the approvers’ channel yet: add me there first\./);
    assert.equal(approvalRequestsIn(h, BOB_CHAT).length, 1);
  });
});

describe('messages the bot sends on its own', () => {
  it('say what they are about in the notification, not just "sent a card"', async () => {
    const h = createHarness();
    await opensChat(h, BOB, BOB_CHAT);
    await pasteAndSubmit(h);
    const job = await h.jobs.get('job1');
    await h.click('job.approve', { jobId: 'job1', contentHash: job?.contentHash }, BOB);
    await h.idle();

    const cards = [...h.adapter.sent, ...h.adapter.updated].filter(
      (entry) =>
        entry.activity.type === 'message' &&
        /Completed|completed|rows done|Approval request/.test(JSON.stringify(entry.activity)),
    );
    const summaries = cards.map((entry) => String(entry.activity.summary));
    assert.ok(
      summaries.some((summary) => /^Approval needed: recovery of 2 mailboxes/.test(summary)),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.some((summary) => /^Recovery of .+: \d of 2 rows done$/.test(summary)),
      summaries.join('\n'),
    );
    assert.ok(
      summaries.some((summary) => /^Recovery of .+ finished: 2 of 2 rows completed$/.test(summary)),
      summaries.join('\n'),
    );
  });
});

async function pasteAndSubmitAgain(h: Harness): Promise<string> {
  const job = await h.jobs.get('job1');
  assert.ok(job);
  const answer = await h.click('job.submit', { jobId: 'job1', contentHash: job.contentHash });
  return JSON.stringify(answer?.value);
}
