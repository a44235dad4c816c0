/**
 * Messages the bot sends outside a turn (progress, summaries, approval requests, passes), through the
 * adapter's `continueConversationAsync`. Connector failures become `ConnectorError`s so the card updater's
 * retry rules (429 / 412 / 5xx, stop on 403 / 404) apply.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import type { Clock } from '../operations/ports.ts';
import type { StoredReference } from './conversation-store.ts';
import type { ProactiveAdapter } from './create-bot.ts';
import { ConnectorError, parseRetryAfter } from './progress/index.ts';

export interface Proactive {
  /** Sends a new message; resolves with its activity id (to update it later) when the channel gives one. */
  send(reference: StoredReference, activity: Partial<Activity>): Promise<string | undefined>;
  update(reference: StoredReference, activityId: string, activity: Partial<Activity>): Promise<void>;
}

export function createProactive(adapter: ProactiveAdapter, appId: string | null, clock: Clock): Proactive {
  const run = async <T>(
    reference: StoredReference,
    logic: (context: import('botbuilder').TurnContext) => Promise<T>,
  ) => {
    let result: T | undefined;
    try {
      await adapter.continueConversationAsync(appId ?? '', reference as Partial<ConversationReference>, async (ctx) => {
        result = await logic(ctx);
      });
    } catch (error) {
      throw toConnectorError(error, clock);
    }
    return result;
  };
  return {
    send: async (reference, activity) => (await run(reference, (ctx) => ctx.sendActivity(activity)))?.id,
    update: async (reference, activityId, activity) => {
      await run(reference, (ctx) => ctx.updateActivity({ ...activity, id: activityId }));
    },
  };
}

/** botbuilder's RestError carries `statusCode`, the connector's `code` and the response headers. */
function toConnectorError(error: unknown, clock: Clock): unknown {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return error;
  const status = Number(error.statusCode);
  if (!Number.isInteger(status)) return error;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const headers = 'response' in error ? (error.response as { headers?: { get?: (name: string) => string } }) : {};
  const retryAfter = headers?.headers?.get?.('retry-after');
  return new ConnectorError({ status, code, retryAfterMs: parseRetryAfter(retryAfter, clock.now()) }, { cause: error });
}

/** The reference of the conversation a turn came from, as plain JSON to store. */
export function toStoredReference(reference: Partial<ConversationReference>): StoredReference | undefined {
  const conversation = reference.conversation;
  if (!conversation?.id || !reference.serviceUrl || !reference.channelId) return undefined;
  const stored: StoredReference = {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: {
      id: conversation.id,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
  };
  if (reference.bot) stored.bot = { id: reference.bot.id, name: reference.bot.name };
  if (reference.user) {
    stored.user = { id: reference.user.id, name: reference.user.name };
    if (reference.user.aadObjectId) stored.user.aadObjectId = reference.user.aadObjectId;
  }
  return stored;
}
