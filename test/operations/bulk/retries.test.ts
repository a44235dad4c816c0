import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TenantError } from '../../../src/operations/tenant-ports.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, itemAt, makeItems, permanent, transient } from './bulk-test-support.ts';

const FAST = { retryBaseDelayMs: 1000, retryMaxDelayMs: 60_000, maxRetries: 3 };

describe('retries', () => {
  it('retries a transient failure with growing backoff, then completes the row', async () => {
    const executor = new RecordingExecutor({
      script: { 2: [transient(), transient(), transient(), { status: 'completed' }] },
    });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(1), { ...FAST, retryPass: false });
    // Equal jitter with random() = 0.5: three quarters of 1 s, 2 s, 4 s, the last attempt then succeeds.
    assert.deepEqual(harness.clock.sleeps, [750, 1500, 3000]);
    assert.equal(itemAt(result.items, 2).status, 'completed');
    assert.equal(itemAt(result.items, 2).attempts, 4);
  });

  it('waits at least the Retry-After the service asked for', async () => {
    const executor = new RecordingExecutor({
      script: { 2: [transient('TENANT_THROTTLED', 45_000), { status: 'completed' }] },
    });
    const harness = createHarness({ executor });
    await harness.run(makeItems(1), FAST);
    assert.deepEqual(harness.clock.sleeps, [45_000]);
  });

  it('fails a permanent error at once, without retrying it', async () => {
    const executor = new RecordingExecutor({
      script: { 3: [permanent('NAME_IN_USE', 'The name is already being used.')] },
    });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(3), FAST);
    assert.equal(executor.callsFor(3), 1);
    assert.deepEqual(itemAt(result.items, 3).error, {
      code: 'NAME_IN_USE',
      message: 'The name is already being used.',
    });
    assert.equal(result.state, 'completed_with_errors');
    assert.deepEqual(harness.clock.sleeps, []);
  });

  it('fails a row that stays transient after maxRetries retries when retryPass is off', async () => {
    const executor = new RecordingExecutor({ script: { 2: [transient('TENANT_UNAVAILABLE')] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(2), { ...FAST, maxRetries: 2, retryPass: false });
    assert.equal(executor.callsFor(2), 3);
    assert.equal(itemAt(result.items, 2).status, 'failed');
    assert.equal(itemAt(result.items, 2).error?.code, 'TENANT_UNAVAILABLE');
  });

  it('rescues in the retry pass a row that failed transiently maxRetries + 1 times', async () => {
    const busy = transient('TENANT_UNAVAILABLE');
    const executor = new RecordingExecutor({ script: { 3: [busy, busy, busy, busy, { status: 'completed' }] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(4), { ...FAST, retryPass: true });
    assert.equal(executor.callsFor(3), 5);
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [2, 3, 3, 3, 3, 4, 5, 3],
      'the retry pass comes after the main pass',
    );
    assert.equal(itemAt(result.items, 3).status, 'completed');
    assert.equal(result.state, 'completed');
    assert.ok(
      harness.store.saves.every((save) => itemAt(save.items, 3).status !== 'failed'),
      'a row waiting for the retry pass is never shown as failed',
    );
  });

  it('fails a row whose retry pass fails too, with its last error, and makes no further pass', async () => {
    const executor = new RecordingExecutor({ script: { 2: [transient('TENANT_UNAVAILABLE')] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(2), { ...FAST, maxRetries: 1, retryPass: true });
    assert.equal(executor.callsFor(2), 4);
    assert.equal(itemAt(result.items, 2).status, 'failed');
    assert.equal(itemAt(result.items, 2).error?.code, 'TENANT_UNAVAILABLE');
  });

  it('classifies a thrown TenantError by its class and honours its Retry-After', async () => {
    const throttled = new TenantError({
      code: 'TENANT_THROTTLED',
      message: 'Exchange is throttling this app.',
      errorClass: 'transient',
      retryAfterMs: 20_000,
    });
    const executor = new RecordingExecutor({ script: { 2: [throttled, { status: 'completed' }] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(1), FAST);
    assert.deepEqual(harness.clock.sleeps, [20_000]);
    assert.equal(itemAt(result.items, 2).status, 'completed');
  });

  it('hides the text of an unexpected exception from the row', async () => {
    const executor = new RecordingExecutor({ script: { 2: [new Error('socket hang up at 10.1.2.3:443')] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(1), FAST);
    assert.deepEqual(itemAt(result.items, 2).error, {
      code: 'EXECUTOR_ERROR',
      message: 'Unexpected error while processing this row.',
    });
    assert.equal(executor.callsFor(2), 1);
  });

  it('keeps the code and sentence of a typed error the executor throws', async () => {
    const typed = Object.assign(new Error('The target mailbox is itself inactive.'), { code: 'TARGET_IS_INACTIVE' });
    const executor = new RecordingExecutor({ script: { 2: [typed] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(1), FAST);
    assert.deepEqual(itemAt(result.items, 2).error, {
      code: 'TARGET_IS_INACTIVE',
      message: 'The target mailbox is itself inactive.',
    });
  });
});
