import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError } from '../../../src/bot/progress/connector-error.ts';
import { settlePromises } from './manual-clock.ts';
import { gapsBetween } from './recording-send.ts';
import { setUpUpdater } from './updater-setup.ts';

const connectorError = (status: number, extra: { code?: string; retryAfterMs?: number } = {}) =>
  new ConnectorError({ status, ...extra });

describe('coalescing card updater: failed sends', () => {
  it('waits the 7 s a 429 asks for before the next attempt', async () => {
    const { clock, recorder, updater } = setUpUpdater({
      minIntervalMs: 5000,
      failures: [connectorError(429, { retryAfterMs: 7000 })],
    });
    updater.push('row 1');
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(gapsBetween(recorder.attempts.map((attempt) => attempt.atMs)), [7000]);
  });

  it('retries 412 and 503 with growing pauses and then delivers', async () => {
    const { clock, recorder, updater } = setUpUpdater({
      minIntervalMs: 100,
      failures: [connectorError(412), connectorError(503), connectorError(503)],
      retry: { baseDelayMs: 1000 },
      random: () => 1,
    });
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.deepEqual(gapsBetween(recorder.attempts.map((attempt) => attempt.atMs)), [1000, 2000, 4000]);
    assert.deepEqual(recorder.delivered(), ['final']);
  });

  for (const [name, error] of [
    ['429 without Retry-After', connectorError(429)],
    ['502', connectorError(502)],
    ['504', connectorError(504)],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ] as const) {
    it(`retries after ${name} and delivers the update`, async () => {
      const { clock, recorder, updater } = setUpUpdater({ failures: [error] });
      const finished = updater.finish('final');
      await clock.runUntilIdle();

      assert.deepEqual(await finished, { status: 'delivered' });
      assert.equal(recorder.attempts.length, 2);
    });
  }

  it('sends the newest state when one is pushed while an update waits for its retry', async () => {
    const { clock, recorder, updater } = setUpUpdater({ failures: [connectorError(503)] });
    updater.push('row 1');
    await clock.advanceBy(100);
    updater.push('row 2');
    updater.push('row 3');
    await clock.runUntilIdle();

    assert.deepEqual(
      recorder.attempts.map((attempt) => attempt.update),
      ['row 1', 'row 3'],
    );
    assert.deepEqual(recorder.delivered(), ['row 3']);
  });

  it('gives up on an update after maxAttempts failures, says so, and still sends later updates', async () => {
    const busy = Array.from({ length: 5 }, () => connectorError(503));
    const { clock, recorder, updater, givenUp } = setUpUpdater({ failures: busy });
    updater.push('row 1');
    await clock.runUntilIdle();
    updater.push('row 2');
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    assert.deepEqual(await finished, { status: 'delivered' });
    assert.equal(recorder.attempts.filter((attempt) => attempt.update === 'row 1').length, 5);
    assert.deepEqual(
      givenUp.map((event) => [event.reason, event.final]),
      [['retries-exhausted', false]],
    );
    assert.deepEqual(recorder.delivered(), ['final']);
  });

  it('reports the final state as given up when every attempt at it fails', async () => {
    const busy = Array.from({ length: 10 }, () => connectorError(503));
    const { clock, recorder, updater, givenUp } = setUpUpdater({ failures: busy, retry: { maxAttempts: 3 } });
    const finished = updater.finish('final');
    await clock.runUntilIdle();

    const outcome = await finished;
    assert.equal(outcome.status, 'gave-up');
    assert.equal(recorder.attempts.length, 3);
    assert.deepEqual(
      givenUp.map((event) => [event.reason, event.final]),
      [['retries-exhausted', true]],
    );
  });

  for (const status of [400, 413]) {
    it(`gives up on an update the connector refuses with ${status} at once but keeps sending later ones`, async () => {
      const { clock, recorder, updater, givenUp } = setUpUpdater({ failures: [connectorError(status)] });
      updater.push('row 1');
      await clock.runUntilIdle();
      updater.push('row 2');
      const finished = updater.finish('final');
      await clock.runUntilIdle();

      assert.deepEqual(await finished, { status: 'delivered' });
      assert.deepEqual(
        recorder.attempts.map((attempt) => attempt.update),
        ['row 1', 'final'],
      );
      assert.deepEqual(
        givenUp.map((event) => event.reason),
        ['rejected'],
      );
    });
  }

  for (const [status, code, reason] of [
    [403, 'MessageWritesBlocked', 'bot-blocked'],
    [404, 'ConversationNotFound', 'conversation-not-found'],
  ] as const) {
    it(`stops sending after ${status} ${code} and finishes with the reason '${reason}'`, async () => {
      const { clock, recorder, updater, givenUp } = setUpUpdater({ failures: [connectorError(status, { code })] });
      updater.push('row 1');
      await clock.runUntilIdle();
      updater.push('row 2');
      const finished = updater.finish('final');
      await clock.runUntilIdle();

      const outcome = await finished;
      assert.equal(outcome.status, 'stopped');
      assert.equal(outcome.status === 'stopped' && outcome.reason, reason);
      assert.deepEqual(
        recorder.attempts.map((attempt) => attempt.update),
        ['row 1'],
      );
      assert.deepEqual(
        givenUp.map((event) => [event.reason, event.stopReason]),
        [['stopped', reason]],
      );
    });
  }

  it('resolves a waiting finish as stopped when the final state meets a 403', async () => {
    const { clock, updater } = setUpUpdater({ failures: [connectorError(403, { code: 'MessageWritesBlocked' })] });
    updater.push('row 1');
    await settlePromises();
    const finished = updater.finish('final');
    updater.push('ignored');
    await clock.runUntilIdle();

    const outcome = await finished;
    assert.equal(outcome.status === 'stopped' && outcome.reason, 'bot-blocked');
  });
});
