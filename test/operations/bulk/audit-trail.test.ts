import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, crashedOperation, makeItems, permanent, transient } from './bulk-test-support.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import type { StoredOperation } from '../../../src/operations/bulk/stored-operation.ts';

describe('audit trail', () => {
  it('records the start, each row result, retries and the completion, in order', async () => {
    const executor = new RecordingExecutor({ script: { 3: [transient(), { status: 'completed' }], 4: [permanent()] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(4));
    assert.deepEqual(harness.audit.actions(result.jobId), [
      'job.started',
      'item.completed#2',
      'item.retried#3',
      'item.completed#3',
      'item.failed#4',
      'item.completed#5',
      'job.completed',
    ]);
    const completed = harness.audit.entries.at(-1);
    assert.equal(completed?.actor, 'admin@contoso.example');
    assert.deepEqual(completed?.details.totals, result.totals);
    assert.equal(completed?.details.state, 'completed_with_errors');
  });

  it('records who cancelled, and every row the cancel skipped', async () => {
    let jobId = '';
    const executor = new RecordingExecutor({
      onExecute: (item) => {
        if (item.rowNumber === 3) harness.manager.cancel(jobId, 'Adele Vance');
      },
    });
    const harness = createHarness({ executor });
    const started = harness.manager.start('recovery', makeItems(4));
    jobId = started.jobId;
    await started.done;
    const cancelled = harness.audit.entries.find((entry) => entry.action === 'job.cancelled');
    assert.equal(cancelled?.actor, 'Adele Vance');
    assert.deepEqual(harness.audit.actions(jobId).slice(-3), ['item.skipped#4', 'item.skipped#5', 'job.completed']);
  });

  it('records a resume and what the reconciliation found', async () => {
    const store = new MemoryOperationStore([crashedOperation(['completed', 'in_progress', 'pending'])]);
    const executor = new RecordingExecutor({ reconcile: { 3: { state: 'done', result: { mailbox: 'ok' } } } });
    const harness = createHarness({ executor, store });
    await harness.manager.resume('crashed-op', { actor: 'system' });
    assert.deepEqual(harness.audit.actions('crashed-op'), [
      'job.resumed',
      'item.reconciled#3',
      'item.completed#3',
      'item.completed#4',
      'job.completed',
    ]);
    assert.equal(harness.audit.entries[1]?.details.verdict, 'done');
  });

  it('appends after a restart the events a crash kept from the trail, marked as replayed', async () => {
    const crashed = crashedOperation(['completed', 'pending']);
    const event = {
      actor: 'admin@contoso.example',
      action: 'item.completed',
      jobId: 'crashed-op',
      row: 2,
      details: { status: 'completed' },
    };
    const store = new MemoryOperationStore([crashed], { unaudited: { 'crashed-op': [{ id: 'old-1', event }] } });
    const harness = createHarness({ store });
    await harness.manager.resume('crashed-op');
    assert.deepEqual(harness.audit.actions('crashed-op').slice(0, 2), ['item.completed#2', 'job.resumed']);
    assert.equal(harness.audit.entries[0]?.details.replayedAfterRestart, true);
    assert.equal(harness.audit.actions('crashed-op').filter((action) => action === 'item.completed#2').length, 1);
    assert.deepEqual(store.outbox('crashed-op'), [], 'the outbox is empty once appended');
  });

  it('leaves no event behind in the saved outbox after a normal run, and none in the operation', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(5));
    assert.deepEqual(harness.store.outbox(result.jobId), []);
    assert.ok(
      harness.store.saves.some((_save, index) => index > 0),
      'the run saved',
    );
    const saved = harness.store.latest(result.jobId) as StoredOperation | undefined;
    assert.equal(saved !== undefined && 'unaudited' in saved.engine, false, 'the outbox is not in the operation');
  });

  it('stops the job when the audit trail cannot be written, and says so', async () => {
    const harness = createHarness();
    harness.audit.failAppends();
    const started = harness.manager.start('recovery', makeItems(20));
    await assert.rejects(started.done, { code: 'AUDIT_UNAVAILABLE' });
    const stored = harness.store.latest(started.jobId);
    assert.equal(stored?.state, 'failed');
    assert.equal(stored?.stopReason?.code, 'AUDIT_UNAVAILABLE');
    assert.ok(harness.executor.calls.length < 20, 'rows kept running without an audit trail');
  });
});
