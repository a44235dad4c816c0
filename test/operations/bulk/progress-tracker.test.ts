import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countItems } from '../../../src/operations/model.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, makeItems, permanent, transient } from './bulk-test-support.ts';

describe('progress', () => {
  it('reports counts that never go backwards and end equal to the row statuses', async () => {
    const busy = transient();
    const executor = new RecordingExecutor({
      script: {
        3: [busy, { status: 'completed' }],
        5: [busy, busy, busy, { status: 'completed' }],
        6: [permanent()],
        9: [busy],
      },
    });
    const harness = createHarness({ executor });
    const result = await harness.run(makeItems(12), {
      parallelExecution: true,
      maxConcurrency: 4,
      batchSize: 5,
      maxRetries: 2,
      retryPass: true,
    });

    let finished = 0;
    let remaining = Number.POSITIVE_INFINITY;
    for (const snapshot of harness.progress) {
      const { completed, failed, skipped, pending, inProgress, total } = snapshot.totals;
      assert.equal(completed + failed + skipped + pending + inProgress, total);
      assert.ok(completed + failed + skipped >= finished, 'the finished count went backwards');
      assert.ok(pending + inProgress <= remaining, 'the remaining count went up');
      finished = completed + failed + skipped;
      remaining = pending + inProgress;
    }
    const last = harness.progress.at(-1);
    assert.deepEqual(last?.totals, countItems(result.items));
    assert.deepEqual(result.totals, countItems(result.items));
    assert.equal(last?.state, 'completed_with_errors');
    assert.deepEqual(result.totals, { total: 12, pending: 0, inProgress: 0, completed: 10, failed: 2, skipped: 0 });
  });

  it('reports a throughput and an ETA once a row has finished', async () => {
    const harness = createHarness({
      executor: new RecordingExecutor({ onExecute: () => harness.clock.advance(6000) }),
    });
    await harness.run(makeItems(10));
    const beforeAnyFinished = harness.progress.find((snapshot) => snapshot.totals.completed === 0);
    assert.equal(beforeAnyFinished?.etaSeconds, null);
    const afterFirst = harness.progress.find((snapshot) => snapshot.totals.completed === 1);
    // One row per 6 s: 10 rows a minute, 9 rows (54 s) to go.
    assert.equal(afterFirst?.throughputPerMinute, 10);
    assert.equal(afterFirst?.etaSeconds, 54);
    assert.equal(harness.progress.at(-1)?.etaSeconds, 0);
  });

  it('names the changed row and lists the last five failures', async () => {
    const script = Object.fromEntries([2, 3, 4, 5, 6, 7, 8].map((row) => [row, [permanent(`CODE_${row}`)]]));
    const harness = createHarness({ executor: new RecordingExecutor({ script }) });
    await harness.run(makeItems(8));
    const last = harness.progress.at(-1);
    assert.deepEqual(
      last?.lastErrors.map((error) => error.row),
      [4, 5, 6, 7, 8],
    );
    assert.equal(last?.lastErrors[0]?.code, 'CODE_4');
    assert.ok(harness.progress.some((snapshot) => snapshot.changedItem === 9));
  });

  it('reports a saved step of a row still running, so a long restore keeps its progress display alive', async () => {
    const executor = new RecordingExecutor({
      onExecute: async (_item, context) => {
        await context.saveCheckpoint({ step: 'tracking', percentComplete: 40 });
      },
    });
    const harness = createHarness({ executor });
    await harness.run(makeItems(1));
    const whileRunning = harness.progress.filter((p) => p.totals.inProgress === 1 && p.changedItem === 2);
    assert.ok(whileRunning.length >= 2, 'the start and the saved step are both reported');
  });

  it('keeps running when the progress callback throws', async () => {
    const harness = createHarness();
    let calls = 0;
    const result = await harness.manager.execute('recovery', makeItems(5), {
      onProgress: () => {
        calls += 1;
        throw new Error('Teams card update failed');
      },
    });
    assert.equal(result.state, 'completed');
    assert.ok(calls > 5);
  });

  it('keeps running when an async progress callback rejects', async () => {
    const harness = createHarness();
    const result = await harness.manager.execute('recovery', makeItems(3), {
      onProgress: async () => {
        throw new Error('Teams card update failed');
      },
    });
    assert.equal(result.state, 'completed');
  });
});
