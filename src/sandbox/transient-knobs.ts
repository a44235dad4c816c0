/** The knobs that make the sandbox behave like a busy tenant: latency, a concurrency limit and faults. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Prng } from './prng.ts';

export type FaultKind = '5xx' | 'non-json' | 'drop';
export const FAULT_KINDS: readonly FaultKind[] = ['5xx', 'non-json', 'drop'];

/** Counts requests in flight and refuses one beyond `limit`. */
export class ConcurrencyGate {
  private active = 0;
  private readonly limit: number;

  constructor(limit = Number.POSITIVE_INFINITY) {
    this.limit = limit;
  }

  tryEnter(): boolean {
    if (this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
  }

  get inFlight(): number {
    return this.active;
  }
}

/** Decides, per request, whether to misbehave and how: the same seed gives the same sequence. */
export function createFaultRoller(rate: number, kinds: readonly FaultKind[], prng: Prng): () => FaultKind | undefined {
  if (rate < 0 || rate > 1) throw new RangeError(`faultRate must be between 0 and 1, got ${rate}.`);
  const usable = kinds.length > 0 ? kinds : FAULT_KINDS;
  return () => (rate > 0 && prng.next() < rate ? prng.pick(usable) : undefined);
}

/** Waits mean ± jitter milliseconds (uniform), or not at all when no latency is set. */
export function createLatency(latency: { mean: number; jitter: number } | undefined, prng: Prng): () => Promise<void> {
  if (!latency || (latency.mean <= 0 && latency.jitter <= 0)) return () => Promise.resolve();
  return () => sleep(Math.max(0, latency.mean + (prng.next() * 2 - 1) * latency.jitter));
}
