/**
 * One send budget per conversation, shared by every card updater writing to it. Teams counts sends and
 * updates per bot per conversation, so two jobs running in one chat must take turns: each send claims the
 * conversation's next free slot, and slots are at least `minIntervalMs` apart.
 */
import type { Clock } from '../../operations/ports.ts';

export interface ConversationThrottle {
  /** Waits for this conversation's next free send slot and claims it; the caller sends right after. */
  waitForSlot(conversationId: string): Promise<void>;
  /**
   * Pushes this conversation's next free slot to at least `delayMs` from now: a 429 throttles the whole
   * conversation, not one card. Slots already claimed by a waiting sender are kept.
   */
  holdOff(conversationId: string, delayMs: number): void;
}

export interface ConversationThrottleOptions {
  /** The shortest gap between two sends to one conversation. @default 5000 (a setting) */
  minIntervalMs: number;
  clock: Clock;
}

export function createConversationThrottle(options: ConversationThrottleOptions): ConversationThrottle {
  const { minIntervalMs, clock } = options;
  // When each conversation's next slot opens. Only conversations with a slot in the future are kept.
  const nextFreeAtMs = new Map<string, number>();

  function forgetIdleConversations(nowMs: number): void {
    for (const [conversationId, freeAtMs] of nextFreeAtMs) {
      if (freeAtMs <= nowMs) nextFreeAtMs.delete(conversationId);
    }
  }

  return {
    async waitForSlot(conversationId) {
      const nowMs = clock.now().getTime();
      const slotMs = Math.max(nowMs, nextFreeAtMs.get(conversationId) ?? nowMs);
      forgetIdleConversations(nowMs);
      // Claimed before sleeping, so a second sender asking meanwhile queues behind this one.
      nextFreeAtMs.set(conversationId, slotMs + minIntervalMs);
      if (slotMs > nowMs) await clock.sleep(slotMs - nowMs);
    },
    holdOff(conversationId, delayMs) {
      const untilMs = clock.now().getTime() + Math.max(0, delayMs);
      nextFreeAtMs.set(conversationId, Math.max(untilMs, nextFreeAtMs.get(conversationId) ?? untilMs));
    },
  };
}
