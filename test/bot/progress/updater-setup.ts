/** Builds an updater on a manual clock with a recording `send`, as the updater tests need it. */
import {
  createCoalescingUpdater,
  type CardUpdater,
  type GiveUpEvent,
} from '../../../src/bot/progress/coalescing-updater.ts';
import {
  createConversationThrottle,
  type ConversationThrottle,
} from '../../../src/bot/progress/conversation-throttle.ts';
import type { RetryOptions } from '../../../src/bot/progress/send-failure.ts';
import { ManualClock } from './manual-clock.ts';
import { createRecordingSend, type RecordingSend } from './recording-send.ts';

export interface UpdaterSetup {
  clock: ManualClock;
  throttle: ConversationThrottle;
  recorder: RecordingSend<string>;
  updater: CardUpdater<string>;
  givenUp: GiveUpEvent[];
  startMs: number;
}

export function setUpUpdater(
  options: {
    minIntervalMs?: number;
    failures?: readonly unknown[];
    retry?: Partial<RetryOptions>;
    random?: () => number;
  } = {},
): UpdaterSetup {
  const clock = new ManualClock();
  const throttle = createConversationThrottle({ minIntervalMs: options.minIntervalMs ?? 5000, clock });
  const recorder = createRecordingSend<string>(clock, options.failures);
  const givenUp: GiveUpEvent[] = [];
  const updater = createCoalescingUpdater({
    send: recorder.send,
    throttle,
    conversationId: 'conversation-1',
    retry: options.retry,
    random: options.random ?? (() => 0.5),
    onGiveUp: (event) => givenUp.push(event),
  });
  return { clock, throttle, recorder, updater, givenUp, startMs: clock.nowMs };
}
