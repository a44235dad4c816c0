import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BulkOperationManager } from '../../../src/operations/bulk/bulk-operation-manager.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, crashedOperation, itemAt, makeItems, permanent, statusesOf } from './bulk-test-support.ts';

describe('BulkOperationManager', () => {
  it('completes a job and returns every row with a summary', async () => {
    const harness = createHarness({
      executor: new RecordingExecutor({ onExecute: () => harness.clock.advance(2000) }),
    });
    const result = await harness.run(makeItems(5));
    assert.equal(result.state, 'completed');
    assert.equal(result.operationType, 'recovery');
    assert.deepEqual(result.totals, { total: 5, pending: 0, inProgress: 0, completed: 5, failed: 0, skipped: 0 });
    assert.equal(result.successRate, 1);
    assert.equal(result.durationSeconds, 10);
    assert.equal(result.completedAt, '2025-01-06T09:00:10.000Z');
    assert.deepEqual(itemAt(result.items, 2).result, { row: 2 });
    assert.equal(itemAt(result.items, 2).startedAt, '2025-01-06T09:00:00.000Z');
    assert.deepEqual(await harness.store.load(result.jobId), result);
  });

  it('refuses an operation type that has no executor, in clear words', async () => {
    const harness = createHarness();
    assert.throws(() => harness.manager.start('restore', makeItems(1)), {
      code: 'NO_EXECUTOR',
      message: 'No executor is configured for restore operations.',
    });
    await assert.rejects(harness.manager.execute('export', makeItems(1)), { code: 'NO_EXECUTOR' });
  });

  it('refuses a job that names the same row twice', () => {
    const harness = createHarness();
    const items = [...makeItems(2), ...makeItems(1)];
    assert.throws(() => harness.manager.start('recovery', items), { code: 'INVALID_ITEMS' });
  });

  it('refuses a bad setting before anything runs', () => {
    const harness = createHarness();
    assert.throws(() => harness.manager.start('recovery', makeItems(1), { config: { batchSize: 0 } }), {
      code: 'INVALID_CONFIG',
    });
  });

  it('runs only pending rows and keeps rows that arrive already skipped', async () => {
    const items = makeItems(3);
    const blocked = itemAt(items, 3);
    blocked.status = 'skipped';
    blocked.error = { code: 'TARGET_UPN_IN_USE', message: 'The UPN is taken.' };
    const harness = createHarness();
    const result = await harness.run(items);
    assert.deepEqual(
      harness.executor.calls.map((call) => call.row),
      [2, 4],
    );
    assert.deepEqual(itemAt(result.items, 3).error, blocked.error);
    assert.equal(result.state, 'completed_with_errors');
  });

  it('leaves the caller’s items untouched', async () => {
    const items = makeItems(2);
    const harness = createHarness();
    await harness.run(items);
    assert.ok(items.every((item) => item.status === 'pending' && item.attempts === 0));
  });

  it('shows the live state while running and the stored state afterwards', async () => {
    let jobId = '';
    let seen: Awaited<ReturnType<BulkOperationManager['getOperationStatus']>>;
    const executor = new RecordingExecutor({
      onExecute: async (item) => {
        if (item.rowNumber === 4) seen = await harness.manager.getOperationStatus(jobId);
      },
    });
    const harness = createHarness({ executor });
    const started = harness.manager.start('recovery', makeItems(4));
    jobId = started.jobId;
    const result = await started.done;
    assert.equal(seen?.state, 'running');
    assert.deepEqual(seen && statusesOf(seen.items), {
      2: 'completed',
      3: 'completed',
      4: 'in_progress',
      5: 'pending',
    });
    assert.deepEqual(await harness.manager.getOperationStatus(jobId), result);
    assert.equal(await harness.manager.getOperationStatus('unknown-op'), undefined);
  });

  it('retryFailed runs only the failed rows, in a new operation linked to the first', async () => {
    const executor = new RecordingExecutor({
      script: { 3: [permanent(), { status: 'completed' }], 5: [permanent(), { status: 'completed' }] },
    });
    const harness = createHarness({ executor });
    const first = await harness.run(makeItems(5));
    const retry = await harness.manager.retryFailed(first, { actor: 'Adele Vance' });
    assert.notEqual(retry.jobId, first.jobId);
    assert.equal(retry.retryOf, first.jobId);
    assert.deepEqual(
      retry.items.map((item) => item.rowNumber),
      [3, 5],
    );
    assert.equal(retry.state, 'completed');
    assert.equal(executor.callsFor(2), 1);
    const started = harness.audit.entries.find(
      (entry) => entry.jobId === retry.jobId && entry.action === 'job.started',
    );
    assert.equal(started?.details.retryOf, first.jobId);
    assert.equal(started?.actor, 'Adele Vance');
  });

  it('retryFailed refuses a result with no failed rows', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(2));
    await assert.rejects(harness.manager.retryFailed(result), { code: 'NOTHING_TO_RETRY' });
  });

  it('runs the seed’s per-type entry points with the matching executor', async () => {
    const restore = new RecordingExecutor();
    const manager = new BulkOperationManager({
      executors: { restore },
      store: new MemoryOperationStore(),
      clock: new FakeClock(),
      config: { delayBetweenBatches: 0 },
    });
    const progress: number[] = [];
    const result = await manager.execute('restore', makeItems(2), {
      onProgress: (p) => progress.push(p.totals.completed),
    });
    assert.equal(result.operationType, 'restore');
    assert.equal(restore.calls.length, 2);
    assert.equal(progress.at(-1), 2);
  });

  it('resumeInterrupted carries on every stored job left running, and only those', async () => {
    const store = new MemoryOperationStore([
      crashedOperation(['completed', 'pending'], { jobId: 'job-a' }),
      crashedOperation(['pending'], { jobId: 'job-b' }),
    ]);
    const harness = createHarness({ store });
    const done = await harness.run(makeItems(1));
    const resumed = await harness.manager.resumeInterrupted();
    assert.deepEqual(resumed.map((op) => op.jobId).sort(), ['job-a', 'job-b']);
    assert.ok(resumed.every((op) => op.state === 'completed'));
    assert.equal(
      harness.executor.calls.filter((call) => call.row === 2).length,
      2,
      'row 2 ran for the new job and job-b, not again for job-a',
    );
    assert.equal((await store.load(done.jobId))?.state, 'completed');
  });
});
