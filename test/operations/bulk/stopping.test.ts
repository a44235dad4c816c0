import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, fatal, itemAt, makeItems, permanent, statusesOf, transient } from './bulk-test-support.ts';

describe('stopping a job', () => {
  it('skips the remaining rows after the first failure when stopOnError is on', async () => {
    const executor = new RecordingExecutor({ script: { 4: [permanent()] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(8), { stopOnError: true, batchSize: 3 });
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [2, 3, 4],
    );
    for (let row = 5; row <= 9; row += 1) {
      assert.deepEqual(itemAt(result.items, row).error, {
        code: 'STOPPED_ON_ERROR',
        message: 'Not run: the job stops at the first failure (row 4).',
      });
      assert.equal(itemAt(result.items, row).status, 'skipped');
    }
    assert.equal(result.state, 'completed_with_errors');
    assert.deepEqual(result.stopReason, {
      code: 'STOPPED_ON_ERROR',
      message: 'The job stopped at the first failure (row 4).',
    });
  });

  it('stops on a transient failure only once its retries are used up', async () => {
    const executor = new RecordingExecutor({ script: { 2: [transient()] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(3), { stopOnError: true, retryPass: true, maxRetries: 2 });
    assert.equal(executor.callsFor(2), 3);
    assert.deepEqual(statusesOf(result.items), { 2: 'failed', 3: 'skipped', 4: 'skipped' });
  });

  it('lets the rows already running finish when stopOnError stops a parallel job', async () => {
    const executor = new RecordingExecutor({ script: { 2: [permanent()] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(9), { stopOnError: true, parallelExecution: true, maxConcurrency: 3 });
    assert.deepEqual(statusesOf(result.items), {
      2: 'failed',
      3: 'completed',
      4: 'completed',
      5: 'skipped',
      6: 'skipped',
      7: 'skipped',
      8: 'skipped',
      9: 'skipped',
      10: 'skipped',
    });
  });

  it('never starts a row whose start was still being saved when stopOnError stopped the job', async () => {
    const executor = new RecordingExecutor({ script: { 2: [permanent()] }, turns: 0 });
    const store = new MemoryOperationStore([], { writeDelayTurns: 8 });
    const harness = createHarness({ executor, store });
    const result = await harness.run(makeItems(8), { stopOnError: true, parallelExecution: true, maxConcurrency: 2 });
    const started = new Set(executor.calls.map((call) => call.row));
    for (const item of result.items) {
      if (item.status === 'skipped') {
        assert.ok(!started.has(item.rowNumber), `row ${item.rowNumber} was run, then reported as not run`);
        assert.equal(item.attempts, 0);
      }
    }
    const actions = harness.audit.actions();
    const stoppedAt = actions.indexOf('job.stopped');
    assert.ok(stoppedAt > 0);
    assert.deepEqual(
      actions.slice(stoppedAt).filter((a) => a.startsWith('item.completed')),
      [],
      'nothing completes after the stop',
    );
  });

  it('stops the job at a fatal error, even without stopOnError, and says why on every unstarted row', async () => {
    const lostRole = { code: 'TENANT_FORBIDDEN', message: 'The app no longer has its Exchange role.' };
    const executor = new RecordingExecutor({ script: { 3: [fatal(lostRole)] } });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(6), { stopOnError: false });
    assert.equal(executor.callsFor(3), 1, 'a fatal error is not retried');
    assert.deepEqual(statusesOf(result.items), {
      2: 'completed',
      3: 'failed',
      4: 'skipped',
      5: 'skipped',
      6: 'skipped',
      7: 'skipped',
    });
    assert.deepEqual(itemAt(result.items, 5).error, {
      code: 'JOB_STOPPED',
      message: 'Not run: The app no longer has its Exchange role.',
    });
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.stopReason, lostRole);
  });

  it('cancels mid-run: unstarted rows are skipped, finished rows stay as they were', async () => {
    let jobId = '';
    let accepted: boolean | undefined;
    const executor = new RecordingExecutor({
      onExecute: (item) => {
        if (item.rowNumber === 5) accepted = harness.manager.cancel(jobId, 'Adele Vance');
      },
      script: {
        5: [
          (_item, context) =>
            context.signal.aborted
              ? {
                  status: 'failed',
                  error: { code: 'ABORTED', message: 'Stopped before the write.' },
                  errorClass: 'permanent',
                }
              : { status: 'completed' },
        ],
      },
    });
    const harness = createHarness({ executor });
    const started = harness.manager.start('recovery', makeItems(8), { config: { batchSize: 3 } });
    jobId = started.jobId;
    const result = await started.done;
    assert.equal(accepted, true);
    assert.deepEqual(
      executor.calls.map((call) => call.row),
      [2, 3, 4, 5],
    );
    assert.deepEqual(statusesOf(result.items), {
      2: 'completed',
      3: 'completed',
      4: 'completed',
      5: 'failed',
      6: 'skipped',
      7: 'skipped',
      8: 'skipped',
      9: 'skipped',
    });
    assert.equal(itemAt(result.items, 5).error?.code, 'ABORTED', 'the running row saw the abort signal');
    assert.deepEqual(itemAt(result.items, 6).error, {
      code: 'CANCELLED',
      message: 'Not run: the job was cancelled by Adele Vance.',
    });
    assert.equal(result.state, 'cancelled');
    assert.equal(result.stopReason?.code, 'CANCELLED');
  });

  it('does not retry a transient failure after a cancel', async () => {
    let jobId = '';
    const executor = new RecordingExecutor({
      script: { 2: [transient()] },
      onExecute: () => {
        harness.manager.cancel(jobId);
      },
    });
    const harness = createHarness({ executor });
    const started = harness.manager.start('recovery', makeItems(2), { config: { retryPass: true } });
    jobId = started.jobId;
    const result = await started.done;
    assert.equal(executor.callsFor(2), 1);
    assert.deepEqual(statusesOf(result.items), { 2: 'failed', 3: 'skipped' });
    assert.equal(result.state, 'cancelled');
  });

  it('returns false when cancelling a job that is not running', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(2));
    assert.equal(harness.manager.cancel(result.jobId), false);
    assert.equal(harness.manager.cancel('no-such-job'), false);
  });
});
