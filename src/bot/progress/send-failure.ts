/**
 * How the progress updater reacts to a failed card send, following the Teams rate-limit guidance:
 * retry throttling and transient faults, give up on an update the connector refuses, stop for good when
 * the bot can no longer write to the conversation.
 */
import { ConnectorError } from './connector-error.ts';

/** Why an updater stopped sending: the bot should drop the stored conversation reference. */
export type UpdaterStopReason = 'bot-blocked' | 'conversation-not-found';

export type SendFailure =
  | { kind: 'retry'; retryAfterMs: number | undefined }
  | { kind: 'reject' }
  | { kind: 'stop'; reason: UpdaterStopReason };

export interface RetryOptions {
  /** Attempts per update (the first one included) before giving up on it. @default 5 */
  maxAttempts: number;
  /** The first backoff; doubles on each further failure. @default 1000 */
  baseDelayMs: number;
  /** The longest backoff (a `Retry-After` from the connector is honoured even when longer). @default 30000 */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

// 412 is Teams' "precondition failed" under concurrent updates; 502/503/504 are passing gateway faults.
const RETRYABLE_STATUSES = new Set([412, 429, 502, 503, 504]);

export function classifySendFailure(error: unknown): SendFailure {
  // Anything that is not a connector answer never reached it (reset, DNS, timeout): worth another try.
  if (!(error instanceof ConnectorError)) return { kind: 'retry', retryAfterMs: undefined };
  if (RETRYABLE_STATUSES.has(error.status)) return { kind: 'retry', retryAfterMs: error.retryAfterMs };
  if (error.status === 403) return { kind: 'stop', reason: 'bot-blocked' };
  if (error.status === 404) return { kind: 'stop', reason: 'conversation-not-found' };
  return { kind: 'reject' };
}

/**
 * The pause before the next attempt after `failures` consecutive failures: exponential, capped, with
 * "equal jitter" (half fixed, half random) so that several cards do not retry in lockstep, yet below the
 * cap each pause is at least as long as the one before.
 */
export function computeBackoffMs(failures: number, options: RetryOptions, random: () => number): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
