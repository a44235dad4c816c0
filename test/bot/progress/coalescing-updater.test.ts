import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCoalescingUpdater } from '../../../src/bot/progress/coalescing-updater.ts';
import { createConversationThrottle } from '../../../src/bot/progress/conversation-throttle.ts';
import { ManualClock, settlePromises } from './manual-clock.ts';
import { gapsBetween } from './recording-send.ts';
import { setUpUpdater } from './updater-setup.ts';

describe('coalescing card updater', () => {
  it('sends the first of 100 rapid pushes at once and then only the final state', async () => {
    const { clock, recorder, updater, startMs } = setUpUpdater();
    for (let i = 1; i <= 100; i += 1) {
      updater.push(`row ${i}`);
      await clock.advanceBy(10);
    }
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(recorder.delivered(), ['row 1', 'final']);
    const [first, last] = recorder.attempts;
    assert.equal(first?.atMs, startMs);
    assert.ok((last?.atMs ?? 0) - startMs >= 5000);
  });

  it('keeps sends to one conversation at least minIntervalMs apart while the job pushes steadily', async () => {
    const { clock, recorder, updater } = setUpUpdater({ minIntervalMs: 5000 });
    for (let i = 1; i <= 60; i += 1) {
      updater.push(`row ${String(i).padStart(2, '0')}`);
      await clock.advanceBy(700);
    }
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    const delivered = recorder.delivered();
    assert.ok(delivered.length > 2, `only ${delivered.length} sends`);
    assert.equal(delivered.at(-1), 'final');
    assert.deepEqual(delivered.slice(0, -1), [...delivered.slice(0, -1)].sort(), 'the card never goes backwards');
    for (const gap of gapsBetween(recorder.attempts.map((attempt) => attempt.atMs))) assert.ok(gap >= 5000, `${gap}`);
  });

  it('delivers the final state even when the pushes just before it were dropped', async () => {
    const { clock, recorder, updater } = setUpUpdater();
    updater.push('row 1');
    await settlePromises();
    updater.push('row 2');
    updater.push('row 3');
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(recorder.delivered(), ['row 1', 'final']);
  });

  it('waits out the interval before the final state when an update has just been sent', async () => {
    const { clock, recorder, updater, startMs } = setUpUpdater({ minIntervalMs: 5000 });
    updater.push('row 1');
    await clock.advanceBy(1000);
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(
      recorder.attempts.map((attempt) => [attempt.update, attempt.atMs - startMs]),
      [
        ['row 1', 0],
        ['final', 5000],
      ],
    );
  });

  it('sends the final state at once when nothing was sent recently', async () => {
    const { clock, recorder, updater, startMs } = setUpUpdater();
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(recorder.attempts[0]?.atMs, startMs);
  });

  it('sends nothing after the final state, whether pushed before or after it went out', async () => {
    const { clock, recorder, updater } = setUpUpdater();
    updater.push('row 1');
    await settlePromises();
    const finished = updater.finish('final');
    updater.push('late while waiting');
    await clock.runUntilIdle();
    await finished;
    updater.push('late after');
    await clock.advanceBy(60_000);

    assert.deepEqual(recorder.delivered(), ['row 1', 'final']);
  });

  it('answers a second finish with the first outcome and sends one final state', async () => {
    const { clock, recorder, updater } = setUpUpdater();
    const first = updater.finish('final');
    const second = updater.finish('another final');
    await clock.runUntilIdle();

    assert.deepEqual(await second, await first);
    assert.deepEqual(recorder.delivered(), ['final']);
  });

  it('neither throws from push nor rejects finish when send throws something that is not a connector error', async () => {
    const clock = new ManualClock();
    const updater = createCoalescingUpdater<string>({
      send: () => {
        throw new TypeError('a bug in the sender');
      },
      throttle: createConversationThrottle({ minIntervalMs: 5000, clock }),
      conversationId: 'conversation-1',
    });

    assert.doesNotThrow(() => updater.push('row 1'));
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    const outcome = await finished;
    assert.equal(outcome.status, 'gave-up');
    assert.ok(outcome.status === 'gave-up' && outcome.error instanceof TypeError);
  });

  it('keeps going when the onGiveUp logger itself throws', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const updater = createCoalescingUpdater<string>({
      send: async (update) => {
        calls += 1;
        if (update === 'row 1') throw new TypeError('offline');
      },
      throttle: createConversationThrottle({ minIntervalMs: 100, clock }),
      conversationId: 'conversation-1',
      retry: { maxAttempts: 1 },
      onGiveUp: () => {
        throw new Error('logger down');
      },
    });

    updater.push('row 1');
    await settlePromises();
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.equal(calls, 2);
  });
});
