import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCoalescingUpdater } from '../../../src/bot/progress/coalescing-updater.ts';
import { ConnectorError } from '../../../src/bot/progress/connector-error.ts';
import { createConversationThrottle } from '../../../src/bot/progress/conversation-throttle.ts';
import { ManualClock } from './manual-clock.ts';
import { createRecordingSend, gapsBetween } from './recording-send.ts';

function setUpConversation(failures: readonly unknown[] = []) {
  const clock = new ManualClock();
  const throttle = createConversationThrottle({ minIntervalMs: 5000, clock });
  const recorder = createRecordingSend<string>(clock, failures);
  const createUpdater = (conversationId: string) =>
    createCoalescingUpdater({ send: recorder.send, throttle, conversationId, random: () => 0.5 });
  return { clock, throttle, recorder, createUpdater, startMs: clock.nowMs };
}

describe('conversation throttle', () => {
  it('gives waiting senders in one conversation slots minIntervalMs apart, first come first served', async () => {
    const { clock, throttle, startMs } = setUpConversation();
    const wokenAt: Record<string, number> = {};
    const wait = (name: string) =>
      throttle.waitForSlot('conversation-1').then(() => {
        wokenAt[name] = clock.nowMs - startMs;
      });
    const all = Promise.all([wait('first'), wait('second'), wait('third')]);
    await clock.runUntilIdle();
    await all;

    assert.deepEqual(wokenAt, { first: 0, second: 5000, third: 10_000 });
  });

  it('never lets two jobs in one conversation send closer than minIntervalMs apart combined', async () => {
    const { clock, recorder, createUpdater } = setUpConversation();
    const jobA = createUpdater('conversation-1');
    const jobB = createUpdater('conversation-1');
    for (let i = 1; i <= 50; i += 1) {
      jobA.push(`A row ${i}`);
      await clock.advanceBy(150);
      jobB.push(`B row ${i}`);
      await clock.advanceBy(250);
    }
    const finished = Promise.all([jobA.finish('A final'), jobB.finish('B final')]);
    await clock.runUntilIdle();

    assert.deepEqual(await finished, [{ status: 'delivered' }, { status: 'delivered' }]);
    const delivered = recorder.delivered();
    assert.ok(delivered.some((update) => update.startsWith('A row')) && delivered.some((u) => u.startsWith('B row')));
    assert.ok(delivered.includes('A final') && delivered.includes('B final'));
    for (const gap of gapsBetween(recorder.attempts.map((attempt) => attempt.atMs))) assert.ok(gap >= 5000, `${gap}`);
  });

  it('does not hold back a job in another conversation', async () => {
    const { clock, recorder, createUpdater, startMs } = setUpConversation();
    createUpdater('conversation-1').push('chat one');
    createUpdater('conversation-2').push('chat two');
    await clock.runUntilIdle();

    assert.deepEqual(
      recorder.attempts.map((attempt) => [attempt.update, attempt.atMs - startMs]),
      [
        ['chat one', 0],
        ['chat two', 0],
      ],
    );
  });

  it('holds the other job in the conversation back too when one job meets a 429', async () => {
    const throttled = new ConnectorError({ status: 429, retryAfterMs: 20_000 });
    const { clock, recorder, createUpdater, startMs } = setUpConversation([throttled]);
    createUpdater('conversation-1').push('A row 1');
    await clock.advanceBy(1000);
    createUpdater('conversation-1').push('B row 1');
    await clock.runUntilIdle();

    const later = recorder.attempts.slice(1);
    assert.deepEqual(later.map((attempt) => attempt.update).sort(), ['A row 1', 'B row 1']);
    for (const attempt of later) assert.ok(attempt.atMs - startMs >= 20_000, `${attempt.update}`);
  });
});
