export { ConnectorError, parseRetryAfter } from './connector-error.ts';
export { createConversationThrottle } from './conversation-throttle.ts';
export type { ConversationThrottle, ConversationThrottleOptions } from './conversation-throttle.ts';
export { createCoalescingUpdater } from './coalescing-updater.ts';
export type { CardUpdater, CoalescingUpdaterOptions, FinishResult, GiveUpEvent } from './coalescing-updater.ts';
export { DEFAULT_RETRY_OPTIONS, classifySendFailure, computeBackoffMs } from './send-failure.ts';
export type { RetryOptions, SendFailure, UpdaterStopReason } from './send-failure.ts';
