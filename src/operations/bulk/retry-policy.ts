/** How long to wait before retrying a transient failure. */

export interface RetryDelayInput {
  /** 1 for the first retry, 2 for the second… */
  retry: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** What the service asked for (HTTP Retry-After); never waited less than this. */
  retryAfterMs?: number;
  /** Uniform in [0, 1): injected so tests choose the jitter. */
  random: () => number;
}

/**
 * Exponential backoff, `min(maxDelayMs, baseDelayMs · 2^(retry-1))`, with "equal jitter": a random point in
 * the upper half of that window. Jitter spreads the retries of parallel items that were throttled together;
 * keeping the lower half means the waits still grow from one retry to the next. A service's `retryAfterMs`
 * wins when it is longer (Exchange and Graph throttle with 429 + Retry-After).
 */
export function computeRetryDelayMs(input: RetryDelayInput): number {
  const window = Math.min(input.maxDelayMs, input.baseDelayMs * 2 ** Math.max(0, input.retry - 1));
  const jittered = window / 2 + clampUnit(input.random()) * (window / 2);
  return Math.round(Math.max(input.retryAfterMs ?? 0, jittered));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
