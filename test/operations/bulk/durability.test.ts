import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntry, AuditEvent } from '../../../src/operations/ports.ts';
import { countItems } from '../../../src/operations/model.ts';
import { BulkOperationManager } from '../../../src/operations/bulk/bulk-operation-manager.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import {
  createHarness,
  crashedOperation,
  itemAt,
  makeItems,
  permanent,
  statusesOf,
  transient,
} from './bulk-test-support.ts';

describe('durability', () => {
  // Callbacks and executors cannot assert directly: the engine rightly survives whatever they throw.
  // They note what they saw instead, and the test checks the notes.

  it('saves the first state, every row pending, before any row runs', async () => {
    const seen: boolean[] = [];
    const executor = new RecordingExecutor({
      onExecute: () => {
        seen.push(harness.store.saves[0]?.items.every((item) => item.status === 'pending') ?? false);
      },
    });
    const harness = createHarness({ executor, store: new MemoryOperationStore([], { writeDelayTurns: 2 }) });
    await harness.run(makeItems(2));
    assert.deepEqual(seen, [true, true]);
  });

  it('saves a row as in progress, attempt counted, before the executor is called', async () => {
    const store = new MemoryOperationStore([], { writeDelayTurns: 2 });
    const seen: string[] = [];
    const executor = new RecordingExecutor({
      script: { 3: [transient(), { status: 'completed' }] },
      onExecute: (item) => {
        const saved = itemAt(store.latest('op-1')?.items ?? [], item.rowNumber);
        seen.push(`${item.rowNumber}:${saved.status}:${saved.attempts}/${item.attempts}`);
      },
    });
    const harness = createHarness({ executor, store });
    await harness.run(makeItems(3));
    assert.deepEqual(seen, ['2:in_progress:1/1', '3:in_progress:1/1', '3:in_progress:2/2', '4:in_progress:1/1']);
  });

  it("has a row's completion saved before the next row of its lane runs", async () => {
    const store = new MemoryOperationStore([], { writeDelayTurns: 2 });
    const unsaved: number[] = [];
    const executor = new RecordingExecutor({
      onExecute: (item) => {
        const earlier = (store.latest('op-1')?.items ?? []).filter((saved) => saved.rowNumber < item.rowNumber);
        if (earlier.some((saved) => saved.status !== 'completed')) unsaved.push(item.rowNumber);
      },
    });
    const harness = createHarness({ executor, store });
    const result = await harness.run(makeItems(6));
    assert.deepEqual(unsaved, []);
    assert.equal(store.latest(result.jobId)?.totals.completed, 6);
  });

  it('saves only the rows a step changed, once the job is saved with all of them', async () => {
    const store = new MemoryOperationStore();
    const harness = createHarness({ store, config: { parallelExecution: true, maxConcurrency: 4 } });
    await harness.run(makeItems(20));
    const [first, ...later] = store.changes;
    assert.equal(first?.rows.length, 20);
    assert.ok(later.length > 40);
    assert.ok(
      later.every((change) => change.rows.length <= 1),
      'a later change carried more than its own row',
    );
  });

  it('saves every change before reporting it to the progress callback or the audit trail', async () => {
    const store = new MemoryOperationStore([], { writeDelayTurns: 2 });
    const problems: string[] = [];
    const appended: AuditEntry[] = [];
    const audit = {
      append: async (event: AuditEvent): Promise<AuditEntry> => {
        if (event.row !== undefined && event.action.startsWith('item.')) {
          const saved = itemAt(store.latest(event.jobId)?.items ?? [], event.row);
          if (saved.status !== event.details.status) problems.push(`${event.action}#${event.row} before its save`);
        }
        const entry = { ...event, seq: appended.length + 1, ts: '', prevHash: '', hash: '' };
        appended.push(entry);
        return entry;
      },
    };
    const manager = new BulkOperationManager({
      executors: { recovery: new RecordingExecutor({ script: { 4: [transient(), { status: 'completed' }] } }) },
      store,
      audit,
      clock: new FakeClock(),
      config: { parallelExecution: true, maxConcurrency: 3, delayBetweenBatches: 0 },
    });
    let reports = 0;
    await manager.execute('recovery', makeItems(9), {
      onProgress: (snapshot) => {
        reports += 1;
        const saved = store.latest(snapshot.jobId);
        const savedFinished =
          (saved?.totals.completed ?? 0) + (saved?.totals.failed ?? 0) + (saved?.totals.skipped ?? 0);
        const reportedFinished = snapshot.totals.completed + snapshot.totals.failed + snapshot.totals.skipped;
        if (savedFinished < reportedFinished) problems.push(`report of ${reportedFinished} finished before its save`);
        const changed = saved?.items.find((item) => item.rowNumber === snapshot.changedItem);
        if (snapshot.changedItem !== undefined && changed?.status === 'pending') {
          problems.push(`row ${snapshot.changedItem} reported before its save`);
        }
      },
    });
    assert.deepEqual(problems, []);
    assert.ok(reports > 18);
    assert.ok(appended.some((entry) => entry.action === 'item.completed'));
  });

  it('saves an executor checkpoint before the executor goes on', async () => {
    const store = new MemoryOperationStore([], { writeDelayTurns: 2 });
    const seen: unknown[] = [];
    const executor = new RecordingExecutor({
      script: {
        2: [
          async (item, context) => {
            await context.saveCheckpoint({ x500Added: true });
            seen.push(itemAt(store.latest('op-1')?.items ?? [], item.rowNumber).checkpoint);
            await context.saveCheckpoint({ restoreRequest: 'IMR-op-1-2' });
            return { status: 'completed' };
          },
        ],
      },
    });
    const harness = createHarness({ executor, store });
    const result = await harness.run(makeItems(1));
    assert.deepEqual(seen, [{ x500Added: true }]);
    assert.deepEqual(itemAt(result.items, 2).checkpoint, { x500Added: true, restoreRequest: 'IMR-op-1-2' });
  });

  it('checks an unsure row against the tenant before a retry of the failed rows runs it again', async () => {
    const store = new MemoryOperationStore([crashedOperation(['in_progress', 'pending'])]);
    const unsure = createHarness({
      executor: new RecordingExecutor({
        reconcile: { 2: { state: 'unknown', reason: 'no answer' } },
        script: { 3: [permanent()] },
      }),
      store,
    });
    const first = await unsure.manager.resume('crashed-op');
    assert.deepEqual(
      first.items.map((item) => item.error?.code),
      ['OUTCOME_UNKNOWN', 'NAME_IN_USE'],
    );

    const executor = new RecordingExecutor({ reconcile: { 2: { state: 'done', result: { mailbox: 'found' } } } });
    const retry = await createHarness({ executor, store }).manager.retryFailed(first);
    assert.deepEqual(executor.reconciled, [2], 'the unsure row was checked');
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [3],
      'only the row that surely failed ran again',
    );
    assert.deepEqual(statusesOf(retry.items), { 2: 'completed', 3: 'completed' });
  });

  it('resumes after a crash: settles interrupted rows by reconciling, never by re-running them blindly', async () => {
    const store = new MemoryOperationStore([
      crashedOperation(['completed', 'in_progress', 'in_progress', 'in_progress', 'pending', 'failed']),
    ]);
    const executor = new RecordingExecutor({
      reconcile: {
        3: { state: 'done', result: { mailbox: 'recovered' } },
        4: { state: 'not_done' },
        5: { state: 'unknown', reason: 'Exchange did not answer' },
      },
    });
    const harness = createHarness({ executor, store });
    const result = await harness.manager.resume('crashed-op');
    assert.deepEqual(executor.reconciled.sort(), [3, 4, 5]);
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [4, 6],
      'only the row found not done and the pending row run',
    );
    assert.deepEqual(statusesOf(result.items), {
      2: 'completed',
      3: 'completed',
      4: 'completed',
      5: 'failed',
      6: 'completed',
      7: 'failed',
    });
    assert.deepEqual(itemAt(result.items, 3).result, { mailbox: 'recovered' });
    assert.equal(itemAt(result.items, 4).attempts, 2, 'the interrupted attempt still counts');
    assert.equal(itemAt(result.items, 5).error?.code, 'OUTCOME_UNKNOWN');
    assert.match(itemAt(result.items, 5).error?.message ?? '', /could not be confirmed after a restart/);
    assert.deepEqual(result.totals, countItems(result.items));
    assert.equal(result.state, 'completed_with_errors');
  });

  it('fails interrupted rows as INTERRUPTED when the executor cannot reconcile', async () => {
    const store = new MemoryOperationStore([crashedOperation(['in_progress', 'pending'])]);
    const executor = new RecordingExecutor({ reconcile: false });
    const harness = createHarness({ executor, store });
    const result = await harness.manager.resume('crashed-op');
    assert.equal(itemAt(result.items, 2).status, 'failed');
    assert.equal(itemAt(result.items, 2).error?.code, 'INTERRUPTED');
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [3],
    );
  });

  it('returns a finished operation unchanged when asked to resume it', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(3));
    const calls = harness.executor.calls.length;
    const resumed = await harness.manager.resume(result.jobId);
    assert.deepEqual(resumed, result);
    assert.equal(harness.executor.calls.length, calls);
  });

  it('finishes a cancel that a crash interrupted instead of running the rest', async () => {
    const crashed = crashedOperation(['completed', 'pending', 'pending']);
    crashed.engine.stop = {
      kind: 'cancelled',
      reason: { code: 'CANCELLED', message: 'The job was cancelled by Adele Vance.' },
      skipError: { code: 'CANCELLED', message: 'Not run: the job was cancelled by Adele Vance.' },
      actor: 'Adele Vance',
    };
    const harness = createHarness({ store: new MemoryOperationStore([crashed]) });
    const result = await harness.manager.resume('crashed-op');
    assert.equal(harness.executor.calls.length, 0);
    assert.equal(result.state, 'cancelled');
    assert.deepEqual(statusesOf(result.items), { 2: 'completed', 3: 'skipped', 4: 'skipped' });
  });

  it('leaves the job running on shutdown, and a new process resumes it without repeating a row', async () => {
    const store = new MemoryOperationStore();
    const interrupting = new RecordingExecutor({
      onExecute: (item) => {
        if (item.rowNumber === 4) void first.manager.shutdown();
      },
      script: {
        4: [
          (_item, context) =>
            context.signal.aborted
              ? { status: 'failed', error: { code: 'ABORTED', message: 'Stopped.' }, errorClass: 'transient' }
              : { status: 'completed' },
        ],
      },
    });
    const first = createHarness({ executor: interrupting, store });
    const interrupted = await first.run(makeItems(6), { batchSize: 2, delayBetweenBatches: 5 });
    assert.equal(interrupted.state, 'running');
    assert.equal(store.latest(interrupted.jobId)?.state, 'running');
    assert.equal(itemAt(interrupted.items, 4).status, 'in_progress');
    assert.throws(() => first.manager.start('recovery', makeItems(1)), { code: 'SHUTTING_DOWN' });

    const second = createHarness({
      store,
      executor: new RecordingExecutor({ reconcile: { 4: { state: 'not_done' } } }),
    });
    const [resumed] = await second.manager.resumeInterrupted();
    assert.equal(resumed?.state, 'completed');
    const completions = [...interrupting.completedRows, ...second.executor.completedRows].sort((a, b) => a - b);
    assert.deepEqual(completions, [2, 3, 4, 5, 6, 7]);
  });

  it('stops and rejects with STORE_UNAVAILABLE when the store fails, without calling the executor again', async () => {
    const executor = new RecordingExecutor({
      onExecute: (item) => {
        if (item.rowNumber === 3) harness.store.failSaves();
      },
    });
    const harness = createHarness({ executor });
    await assert.rejects(harness.run(makeItems(6)), { code: 'STORE_UNAVAILABLE' });
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [2, 3],
    );
  });
});
