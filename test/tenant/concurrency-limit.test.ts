import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConcurrencyLimit } from '../../src/tenant/concurrency-limit.ts';

function createGate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open: () => open() };
}

describe('createConcurrencyLimit', () => {
  it('starts a waiting task only when a running one finishes, in arrival order', async () => {
    const limit = createConcurrencyLimit(2);
    const gates = [createGate(), createGate(), createGate()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      limit.run(async () => {
        started.push(index);
        await gate.opened;
        return index;
      }),
    );
    await Promise.resolve();
    assert.deepEqual(started, [0, 1]);

    gates[1]?.open();
    await runs[1];
    await Promise.resolve();
    assert.deepEqual(started, [0, 1, 2]);

    gates[0]?.open();
    gates[2]?.open();
    assert.deepEqual(await Promise.all(runs), [0, 1, 2]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = createConcurrencyLimit(1);

    await assert.rejects(
      limit.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );

    assert.equal(await limit.run(() => Promise.resolve('next')), 'next');
  });

  it('drops a waiting task whose signal aborts, without running it', async () => {
    const limit = createConcurrencyLimit(1);
    const gate = createGate();
    const first = limit.run(() => gate.opened);
    const controller = new AbortController();
    let ran = false;

    const waiting = limit.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('cancelled'));

    await assert.rejects(waiting, /cancelled/);
    gate.open();
    await first;
    assert.equal(ran, false);
    assert.equal(await limit.run(() => Promise.resolve('free')), 'free');
  });

  it('rejects a limit below one', () => {
    assert.throws(() => createConcurrencyLimit(0), RangeError);
  });
});
