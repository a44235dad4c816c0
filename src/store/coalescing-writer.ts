import { performance } from 'node:perf_hooks';

export interface CoalescingWriterOptions<T> {
  /** Persists one value; the writer never calls it again before the previous call settles. */
  write(value: T): Promise<void>;
  /** Minimum time between the end of one write and the start of the next. */
  minIntervalMs: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for "latest state wins" documents: values submitted while a write is in flight, or within
 * `minIntervalMs` of the last one, are merged into ONE write of the newest value, and every waiting
 * `submit()` settles when that write does. So each `submit()` resolves only once its value (or a newer one)
 * is written, and a burst of submits costs at most one write per interval.
 */
export class CoalescingWriter<T> {
  readonly #options: CoalescingWriterOptions<T>;
  #pending: { value: T; waiters: Waiter[] } | undefined;
  #inFlight: { value: T; done: Promise<void> } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastWriteEndedAt = Number.NEGATIVE_INFINITY;
  #urgent = false;

  constructor(options: CoalescingWriterOptions<T>) {
    this.#options = options;
  }

  submit(value: T): Promise<void> {
    const waiters = this.#pending?.waiters ?? [];
    this.#pending = { value, waiters };
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    this.#schedule();
    return done;
  }

  /** The newest submitted value that may not be written yet, if any. */
  unwritten(): T | undefined {
    return this.#pending?.value ?? this.#inFlight?.value;
  }

  /** Writes any waiting value now, ignoring the interval; rejects if that write fails. */
  flush(): Promise<void> {
    const pending = this.#pending;
    if (pending === undefined) return this.#inFlight?.done ?? Promise.resolve();
    const done = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
    this.#urgent = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#schedule();
    return done;
  }

  #schedule(): void {
    if (this.#pending === undefined || this.#inFlight !== undefined || this.#timer !== undefined) return;
    const wait = this.#urgent ? 0 : this.#lastWriteEndedAt + this.#options.minIntervalMs - performance.now();
    if (wait <= 0) {
      this.#startWrite();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#startWrite();
    }, wait);
  }

  #startWrite(): void {
    const batch = this.#pending;
    if (batch === undefined) return;
    this.#pending = undefined;
    this.#urgent = false;
    // `done` never rejects: each waiter hears about a failure through its own promise. The writer is idle
    // again before the waiters hear, so a save made on resolution sees the state it expects.
    const done = Promise.resolve()
      .then(() => this.#options.write(batch.value))
      .then(
        () => {
          this.#finishWrite();
          batch.waiters.forEach((waiter) => waiter.resolve());
        },
        (error: unknown) => {
          this.#finishWrite();
          batch.waiters.forEach((waiter) => waiter.reject(error));
        },
      );
    this.#inFlight = { value: batch.value, done };
  }

  #finishWrite(): void {
    this.#inFlight = undefined;
    this.#lastWriteEndedAt = performance.now();
    this.#schedule();
  }
}
