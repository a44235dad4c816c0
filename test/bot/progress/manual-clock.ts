/**
 * A clock whose sleeps wait until the test moves time past them, so that several concurrent sleepers see
 * one consistent timeline (the shared FakeClock moves time on every sleep, which stretches concurrent waits).
 */
import type { Clock } from '../../../src/operations/ports.ts';

interface Sleeper {
  dueMs: number;
  order: number;
  wake: () => void;
}

export class ManualClock implements Clock {
  #nowMs: number;
  #order = 0;
  #sleepers: Sleeper[] = [];

  constructor(start = '2025-01-06T09:00:00.000Z') {
    this.#nowMs = Date.parse(start);
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  get nowMs(): number {
    return this.#nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = { dueMs: this.#nowMs + Math.max(0, ms), order: this.#order++, wake: resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((other) => other !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, waking each sleeper due on the way at its own due time, in order. */
  async advanceBy(ms: number): Promise<void> {
    await this.#runUntil(this.#nowMs + ms);
  }

  /** Wakes sleepers in time order until nobody sleeps any more (fails past `limitMs` of clock time). */
  async runUntilIdle(limitMs = 3_600_000): Promise<void> {
    await this.#runUntil(this.#nowMs + limitMs, false);
    if (this.#sleepers.length > 0) throw new Error(`Still ${this.#sleepers.length} sleeper(s) after ${limitMs} ms.`);
  }

  async #runUntil(targetMs: number, moveToTarget = true): Promise<void> {
    for (;;) {
      await settlePromises();
      const next = [...this.#sleepers].sort((a, b) => a.dueMs - b.dueMs || a.order - b.order)[0];
      if (next === undefined || next.dueMs > targetMs) break;
      this.#sleepers = this.#sleepers.filter((other) => other !== next);
      this.#nowMs = Math.max(this.#nowMs, next.dueMs);
      next.wake();
    }
    if (moveToTarget) this.#nowMs = Math.max(this.#nowMs, targetMs);
    await settlePromises();
  }
}

/** Lets every promise chain that waits on nothing but other promises run to its next real wait. */
export async function settlePromises(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}
