/**
 * Keeps one card up to date without ever holding up the job that feeds it: `push` only records the newest
 * state, and a single background loop sends it when the conversation's throttle allows. Older states are
 * dropped (the card only needs the latest), the final state is always attempted, and Teams' throttling and
 * transient faults are retried with `Retry-After` or backoff.
 */
import type { ConversationThrottle } from './conversation-throttle.ts';
import {
  DEFAULT_RETRY_OPTIONS,
  classifySendFailure,
  computeBackoffMs,
  type RetryOptions,
  type UpdaterStopReason,
} from './send-failure.ts';

export interface CardUpdater<T> {
  /** Records the newest state to show. Never waits and never throws; ignored after `finish` or a stop. */
  push(update: T): void;
  /**
   * Sends `final` as the last update (after the conversation's interval if needed) and resolves once it is
   * delivered, given up on, or the updater has stopped. Never rejects; a second call returns the first result.
   */
  finish(final: T): Promise<FinishResult>;
}

export type FinishResult =
  | { status: 'delivered' }
  | { status: 'gave-up'; error: unknown }
  /** The bot cannot write to the conversation any more: drop its stored conversation reference. */
  | { status: 'stopped'; reason: UpdaterStopReason; error: unknown };

export interface GiveUpEvent {
  /** `rejected`: the connector refused this update; `retries-exhausted`; `stopped`: 403 / 404, no more sends. */
  reason: 'rejected' | 'retries-exhausted' | 'stopped';
  stopReason?: UpdaterStopReason;
  error: unknown;
  /** Whether the update given up on was the final one. */
  final: boolean;
}

export interface CoalescingUpdaterOptions<T> {
  /** Delivers one update (e.g. `updateActivity` through `continueConversationAsync`); throws `ConnectorError` on HTTP failures. */
  send: (update: T) => Promise<void>;
  /** The send budget shared by every updater of the same conversation. */
  throttle: ConversationThrottle;
  conversationId: string;
  retry?: Partial<RetryOptions>;
  /** @default Math.random */
  random?: () => number;
  /** Told about every update given up on, for the caller to log; what it throws is ignored. */
  onGiveUp?: (event: GiveUpEvent) => void;
}

interface PendingUpdate<T> {
  update: T;
  final: boolean;
}

export function createCoalescingUpdater<T>(options: CoalescingUpdaterOptions<T>): CardUpdater<T> {
  const { send, throttle, conversationId } = options;
  const retry: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
  const random = options.random ?? Math.random;

  let pending: PendingUpdate<T> | undefined;
  let draining = false;
  let closed = false;
  let finalAttempted = false;
  let failures = 0;
  let result: FinishResult | undefined;
  let finishing: Promise<FinishResult> | undefined;
  let resolveFinish: ((outcome: FinishResult) => void) | undefined;

  function settle(outcome: FinishResult): void {
    closed = true;
    pending = undefined;
    result ??= outcome;
    resolveFinish?.(result);
  }

  function reportGiveUp(event: GiveUpEvent): void {
    try {
      options.onGiveUp?.(event);
    } catch {
      // A failing logger must not break the updater, and through it the job.
    }
  }

  function giveUp(entry: PendingUpdate<T>, reason: 'rejected' | 'retries-exhausted', error: unknown): void {
    failures = 0;
    reportGiveUp({ reason, error, final: entry.final });
    if (entry.final) settle({ status: 'gave-up', error });
  }

  function handleFailure(entry: PendingUpdate<T>, error: unknown): void {
    const failure = classifySendFailure(error);
    if (failure.kind === 'stop') {
      reportGiveUp({ reason: 'stopped', stopReason: failure.reason, error, final: entry.final });
      settle({ status: 'stopped', reason: failure.reason, error });
      return;
    }
    if (failure.kind === 'reject') return giveUp(entry, 'rejected', error);
    failures += 1;
    if (failures >= retry.maxAttempts) return giveUp(entry, 'retries-exhausted', error);
    // A newer state pushed meanwhile replaces the one that failed: the retry sends the latest.
    pending ??= entry;
    throttle.holdOff(conversationId, failure.retryAfterMs ?? computeBackoffMs(failures, retry, random));
  }

  async function sendOnce(entry: PendingUpdate<T>): Promise<void> {
    if (entry.final && !finalAttempted) {
      // The final state gets its own full set of attempts, whatever the updates before it went through.
      finalAttempted = true;
      failures = 0;
    }
    try {
      await send(entry.update);
    } catch (error) {
      handleFailure(entry, error);
      return;
    }
    failures = 0;
    if (entry.final) settle({ status: 'delivered' });
  }

  async function drain(): Promise<void> {
    try {
      while (pending !== undefined && result === undefined) {
        await throttle.waitForSlot(conversationId);
        const entry = pending;
        pending = undefined;
        if (entry !== undefined) await sendOnce(entry);
      }
    } catch (error) {
      // Only the clock or throttle can land here: nothing can be sent safely any more.
      reportGiveUp({ reason: 'retries-exhausted', error, final: pending?.final ?? false });
      settle({ status: 'gave-up', error });
    } finally {
      draining = false;
    }
  }

  function enqueue(entry: PendingUpdate<T>): void {
    pending = entry;
    if (draining) return;
    draining = true;
    void drain();
  }

  return {
    push(update) {
      if (closed) return;
      enqueue({ update, final: false });
    },
    finish(final) {
      if (finishing) return finishing;
      finishing = new Promise<FinishResult>((resolve) => {
        resolveFinish = resolve;
      });
      if (result !== undefined) {
        resolveFinish?.(result);
      } else {
        closed = true;
        enqueue({ update: final, final: true });
      }
      return finishing;
    },
  };
}
