/** A card `send` that records every attempt with its clock time, failing the attempts a test scripts. */
import type { Clock } from '../../../src/operations/ports.ts';

export interface SendAttempt<T> {
  update: T;
  atMs: number;
  /** What the attempt threw, or null when it was delivered. */
  error: unknown;
}

export interface RecordingSend<T> {
  send: (update: T) => Promise<void>;
  attempts: SendAttempt<T>[];
  /** The updates that reached the card, in order. */
  delivered(): T[];
}

/** `failures[i]` is thrown by the i-th attempt; attempts past the script succeed. */
export function createRecordingSend<T>(clock: Clock, failures: readonly unknown[] = []): RecordingSend<T> {
  const attempts: SendAttempt<T>[] = [];
  return {
    attempts,
    async send(update) {
      const error = failures[attempts.length] ?? null;
      attempts.push({ update, atMs: clock.now().getTime(), error });
      if (error !== null) throw error;
    },
    delivered: () => attempts.filter((attempt) => attempt.error === null).map((attempt) => attempt.update),
  };
}

export function gapsBetween(times: readonly number[]): number[] {
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}
