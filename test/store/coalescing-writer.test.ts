import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoalescingWriter } from '../../src/store/coalescing-writer.ts';

/** A write that stays in flight until the test lets it finish (or fail). */
function makeControlledWrites() {
  const written: string[] = [];
  const inFlight: { finish(): void; fail(error: Error): void }[] = [];
  const write = (value: string) =>
    new Promise<void>((resolve, reject) => {
      inFlight.push({
        finish: () => {
          written.push(value);
          resolve();
        },
        fail: reject,
      });
    });
  const next = async () => {
    while (inFlight.length === 0) await new Promise((resolve) => setImmediate(resolve));
    return inFlight.shift() as { finish(): void; fail(error: Error): void };
  };
  return { written, write, next };
}

describe('CoalescingWriter', () => {
  it('writes only the newest of the values submitted while a write is in flight, and resolves them all', async () => {
    const writes = makeControlledWrites();
    const writer = new CoalescingWriter<string>({ write: writes.write, minIntervalMs: 0 });
    const saves = [writer.submit('a'), writer.submit('b'), writer.submit('c')];
    (await writes.next()).finish();
    (await writes.next()).finish();
    await Promise.all(saves);
    assert.deepEqual(writes.written, ['a', 'c']);
  });

  it('offers the newest unwritten value until it is written', async () => {
    const writes = makeControlledWrites();
    const writer = new CoalescingWriter<string>({ write: writes.write, minIntervalMs: 0 });
    const saved = writer.submit('a');
    assert.equal(writer.unwritten(), 'a');
    (await writes.next()).finish();
    await saved;
    assert.equal(writer.unwritten(), undefined);
  });

  it('rejects the saves of a failed write, then writes the next value normally', async () => {
    const writes = makeControlledWrites();
    const writer = new CoalescingWriter<string>({ write: writes.write, minIntervalMs: 0 });
    const failed = writer.submit('a');
    (await writes.next()).fail(new Error('disk full'));
    await assert.rejects(failed, /disk full/);
    const retried = writer.submit('b');
    (await writes.next()).finish();
    await retried;
    assert.deepEqual(writes.written, ['b']);
  });

  it('flush writes a waiting value at once instead of waiting out the interval', { timeout: 10_000 }, async () => {
    const written: string[] = [];
    const writer = new CoalescingWriter<string>({
      write: async (value) => {
        written.push(value);
      },
      minIntervalMs: 600_000,
    });
    await writer.submit('a');
    const waiting = writer.submit('b');
    await writer.flush();
    await waiting;
    assert.deepEqual(written, ['a', 'b']);
  });
});
