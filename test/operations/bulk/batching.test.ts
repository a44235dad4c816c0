import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';
import { createHarness, makeItems } from './bulk-test-support.ts';

describe('batching and concurrency', () => {
  it('runs every row once, in row order, when sequential', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(12), { batchSize: 5 });
    assert.deepEqual(
      harness.executor.calls.map((call) => call.row),
      result.items.map((item) => item.rowNumber),
    );
    assert.equal(result.state, 'completed');
  });

  it('pauses delayBetweenBatches between batches, never before the first or after the last', async () => {
    const harness = createHarness();
    await harness.run(makeItems(25), { batchSize: 10, delayBetweenBatches: 1.5 });
    assert.deepEqual(harness.clock.sleeps, [1500, 1500]);
  });

  it('never runs two rows at once when sequential', async () => {
    const harness = createHarness();
    await harness.run(makeItems(12), { batchSize: 4, parallelExecution: false, maxConcurrency: 8 });
    assert.equal(harness.executor.maxInFlight, 1);
  });

  it('runs up to maxConcurrency rows at once in parallel, and never more', async () => {
    const harness = createHarness();
    const result = await harness.run(makeItems(30), { batchSize: 10, parallelExecution: true, maxConcurrency: 3 });
    assert.equal(harness.executor.maxInFlight, 3);
    assert.equal(result.totals.completed, 30);
  });

  it('keeps retries inside the concurrency limit', async () => {
    const flaky = { status: 'failed', error: { code: 'BUSY', message: 'Busy.' }, errorClass: 'transient' } as const;
    const script = Object.fromEntries(
      makeItems(12).map((item) => [item.rowNumber, [flaky, flaky, { status: 'completed' } as const]]),
    );
    const harness = createHarness({ executor: new RecordingExecutor({ script }) });
    await harness.run(makeItems(12), { batchSize: 12, parallelExecution: true, maxConcurrency: 4 });
    assert.equal(harness.executor.calls.length, 36);
    assert.equal(harness.executor.maxInFlight, 4);
  });

  it('finishes a whole batch before the next batch starts', async () => {
    const startedWhile: { row: number; completedBefore: number[] }[] = [];
    const executor = new RecordingExecutor({
      onExecute: (item) => {
        startedWhile.push({ row: item.rowNumber, completedBefore: [...executor.completedRows] });
      },
    });
    const harness = createHarness({ executor });
    await harness.run(makeItems(10), { batchSize: 4, parallelExecution: true, maxConcurrency: 3 });
    for (const { row, completedBefore } of startedWhile) {
      const batchStart = row - ((row - 2) % 4);
      for (let earlier = 2; earlier < batchStart; earlier += 1) {
        assert.ok(
          completedBefore.includes(earlier),
          `row ${row} started before row ${earlier} of an earlier batch ended`,
        );
      }
    }
  });

  it('lets a row that only waits give its slot to the next row, and still waits for it before finishing', async () => {
    // Each row "submits" (holding its slot), releases it, then waits until every row has submitted: with
    // maxConcurrency 2 that can only finish if released rows stop counting against the limit.
    const rows = 8;
    let submitted = 0;
    let working = 0;
    let mostWorking = 0;
    let allSubmitted = () => undefined as void;
    const everySubmitted = new Promise<void>((resolve) => (allSubmitted = resolve));
    const waitForAll = async (_item: unknown, context: { releaseSlot?: () => void }) => {
      working += 1;
      mostWorking = Math.max(mostWorking, working);
      await new Promise<void>((resolve) => setImmediate(resolve));
      working -= 1;
      submitted += 1;
      if (submitted === rows) allSubmitted();
      context.releaseSlot?.();
      await everySubmitted;
      return { status: 'completed' } as const;
    };
    const script = Object.fromEntries(makeItems(rows).map((item) => [item.rowNumber, [waitForAll]]));
    const harness = createHarness({ executor: new RecordingExecutor({ script }) });
    const result = await harness.run(makeItems(rows), { batchSize: rows, parallelExecution: true, maxConcurrency: 2 });
    assert.equal(result.state, 'completed');
    assert.equal(result.totals.completed, rows);
    assert.equal(mostWorking, 2, 'no more than maxConcurrency rows worked at once');
  });
});
