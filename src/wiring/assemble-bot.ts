/**
 * Builds the bot from its parts: the pieces the engine and the bot share (proactive messages, background work,
 * the Temporary Access Pass delivery the recovery executor is built with) first, then the bulk engine over the
 * executors, then the bot itself. `npm start`, the e2e stack and the bot's turn tests all assemble it here.
 */
import type { BotDeps, MailboxRecoveryBot, ProactiveAdapter } from '../bot/bot-deps.ts';
import { createBot } from '../bot/create-bot.ts';
import { createAccessPassDelivery } from '../bot/jobs/access-pass-delivery.ts';
import { createBackgroundWork } from '../bot/jobs/background-work.ts';
import { createProactive } from '../bot/proactive.ts';
import { BulkOperationManager } from '../operations/bulk/bulk-operation-manager.ts';
import type { TemporaryAccessPassDelivery } from '../operations/executors/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import type { Clock, ItemExecutor } from '../operations/ports.ts';
import { systemClock } from '../operations/system-clock.ts';

export interface BotParts extends Omit<BotDeps, 'engine' | 'proactive' | 'background' | 'clock' | 'log'> {
  /** For continueConversationAsync (proactive updates): a CloudAdapter. */
  adapter: ProactiveAdapter;
  /** Builds the executors with the bot's Temporary Access Pass delivery (to the requester's 1:1 chat only). */
  createExecutors: (delivery: TemporaryAccessPassDelivery) => Record<BulkOperationType, ItemExecutor>;
  clock?: Clock;
  log?: (line: string) => void;
}

export function assembleBot(parts: BotParts): MailboxRecoveryBot {
  const { adapter, createExecutors, settings, conversations, ...rest } = parts;
  const clock = parts.clock ?? systemClock;
  const log = parts.log ?? (() => undefined);
  const background = createBackgroundWork(log);
  const proactive = createProactive({
    adapter,
    appId: settings.appId,
    clock,
    onGone: async (conversationId) => {
      log(`conversation ${conversationId} is gone or blocks the bot: forgotten`);
      await conversations.forget(conversationId);
    },
  });
  const delivery = createAccessPassDelivery({ jobs: parts.jobs, conversations, proactive, background, log });
  const engine = new BulkOperationManager({
    executors: createExecutors(delivery),
    store: parts.operations,
    audit: parts.audit,
    clock,
    ...(settings.bulk === undefined ? {} : { config: settings.bulk }),
  });
  return createBot({ ...rest, settings, conversations, clock, log, background, proactive, engine });
}
