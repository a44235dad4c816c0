/**
 * An Approve or a cancel is answered within its turn: the other cards it changes (the requester's, the approval
 * request) are connector calls, a Teams round trip each, and go out after the reply.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Activity, TurnContext } from 'botbuilder-core';
import { guidFor } from '../fakes/fake-tenant.ts';
import { ANN, BOB, createHarness } from './support/bot-harness.ts';

const row = (name: string) => `${guidFor(`inactive:${name}`)},${name}.new@contoso.com,${name}`;
const GOOD_CSV = `source_guid,target_upn,display_name\n${row('jdoe')}\n${row('mroe')}\n`;

type Harness = ReturnType<typeof createHarness>;

/**
 * Holds every update the bot makes outside a turn until the bot has sent an answer that `isAnswer` recognises:
 * an update awaited inside the turn would never let the turn be answered (the test then times out).
 */
function holdProactiveUpdatesUntil(
  h: Harness,
  isAnswer: (activity: Partial<Activity>) => boolean,
): { heldUpdates: () => number } {
  const adapter = h.adapter;
  let release = (): void => undefined;
  const answered = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  const update = adapter.updateActivity.bind(adapter);
  adapter.updateActivity = async (context: TurnContext, activity: Partial<Activity>) => {
    if (context.activity.name === 'continue') {
      held += 1;
      await answered;
    }
    return update(context, activity);
  };
  const send = adapter.sendActivities.bind(adapter);
  adapter.sendActivities = async (context: TurnContext, activities: Partial<Activity>[]) => {
    const responses = await send(context, activities);
    if (activities.some(isAnswer)) release();
    return responses;
  };
  return { heldUpdates: () => held };
}

describe('a click answered before the cards it changes', () => {
  it(
    'answers an Approve before the requester’s card is brought up to date, then updates it',
    { timeout: 10_000 },
    async () => {
      const h = createHarness();
      await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
      await h.idle();
      const hash = (await h.jobs.get('job1'))?.contentHash;
      await h.click('job.submit', { jobId: 'job1', contentHash: hash }, ANN, 'requester-card');
      const held = holdProactiveUpdatesUntil(h, (activity) => activity.type === 'invokeResponse');

      const approved = await h.click('job.approve', { jobId: 'job1', contentHash: hash }, BOB, 'bobs-copy');
      assert.match(JSON.stringify(approved?.value), /Approved by Bob Approver/);

      await h.idle();
      assert.ok(held.heldUpdates() > 0, 'the requester’s card was updated after the answer');
      const requesterCard = h.adapter.updated.filter((entry) => entry.activity.id === 'requester-card').at(-1);
      assert.match(JSON.stringify(requesterCard?.activity), /Approved by Bob Approver|completed/i);
    },
  );

  it('answers a cancel before the requester’s card says so, then updates it', { timeout: 10_000 }, async () => {
    const h = createHarness();
    await h.say(`\`\`\`\n${GOOD_CSV}\`\`\``);
    await h.idle();
    const hash = (await h.jobs.get('job1'))?.contentHash;
    await h.click('job.submit', { jobId: 'job1', contentHash: hash }, ANN, 'requester-card');
    const held = holdProactiveUpdatesUntil(h, (activity) => /is cancelled/.test(activity.text ?? ''));

    await h.say('cancel job1');
    await h.idle();
    assert.ok(held.heldUpdates() > 0);
    assert.equal((await h.jobs.get('job1'))?.state, 'cancelled');
  });
});
