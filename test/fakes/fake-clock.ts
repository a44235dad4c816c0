/**
 * A clock for tests: `sleep` does not wait, it moves `now` forward by the requested time and records it, so
 * tests assert the pauses and backoffs that were asked for without being slow or timing-dependent.
 */
import type { Clock } from '../../src/operations/ports.ts';

export class FakeClock implements Clock {
  /** Every sleep requested, in order, in milliseconds (aborted ones included). */
  readonly sleeps: number[] = [];
  #nowMs: number;

  constructor(start = '2025-01-06T09:00:00.000Z') {
    this.#nowMs = Date.parse(start);
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  advance(ms: number): void {
    this.#nowMs += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) throw signal.reason;
    this.#nowMs += ms;
    // One turn of the event loop, so that work started "during" the sleep (a cancel) can happen first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw signal.reason;
  }
}
