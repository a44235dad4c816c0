/**
 * Messages the bot sends outside a turn (progress, summaries, approval requests, passes), through the
 * adapter's `continueConversationAsync`. Connector failures become `ConnectorError`s so the card updater's
 * retry rules (429 / 412 / 5xx, stop on 403 / 404) apply; a conversation Teams says is gone is forgotten.
 */
import { TeamsInfo, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Clock } from '../operations/ports.ts';
import type { StoredReference } from '../operations/conversation-store.ts';
import { ConnectorError, parseRetryAfter } from './progress/index.ts';
import type { SummarisedMessage } from './reply.ts';

/** What proactive messages need from the adapter; botbuilder's CloudAdapter provides it. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/**
 * Every message takes a `SummarisedMessage` (`summary` and `text` set, see reply.ts `cardMessage`): outside a
 * turn nobody is looking at the chat, so the notification is what the user reads first.
 */
export interface Proactive {
  /** Sends a new message; resolves with its activity id (to update it later) when the channel gives one. */
  send(reference: StoredReference, activity: SummarisedMessage): Promise<string | undefined>;
  update(reference: StoredReference, activityId: string, activity: SummarisedMessage): Promise<void>;
  /**
   * Posts to a team channel as a new thread (completion summaries), not as a reply in the thread the
   * reference came from. Outside a channel, or without an app id (sandbox), it is a plain `send`.
   */
  postNewThread(reference: StoredReference, activity: SummarisedMessage): Promise<string | undefined>;
}

export interface ProactiveOptions {
  adapter: ProactiveAdapter;
  appId: string | null;
  clock: Clock;
  /** Told when Teams says the bot can no longer write to a conversation (blocked, or the chat is gone). */
  onGone?: (conversationId: string) => Promise<void>;
}

/** Connector codes that mean the stored reference is useless from now on. */
const GONE_CODES = new Set(['MessageWritesBlocked', 'ConversationNotFound']);

export function createProactive(options: ProactiveOptions): Proactive {
  const { adapter, appId, clock, onGone } = options;
  const run = async <T>(reference: StoredReference, logic: (context: TurnContext) => Promise<T>) => {
    let result: T | undefined;
    try {
      await adapter.continueConversationAsync(appId ?? '', reference as Partial<ConversationReference>, async (ctx) => {
        result = await logic(ctx);
      });
    } catch (error) {
      const mapped = toConnectorError(error, clock);
      if (mapped instanceof ConnectorError && GONE_CODES.has(mapped.code)) await onGone?.(reference.conversation.id);
      throw mapped;
    }
    return result;
  };
  const send = async (reference: StoredReference, activity: SummarisedMessage) =>
    (await run(reference, (ctx) => ctx.sendActivity(activity)))?.id;
  return {
    send,
    update: async (reference, activityId, activity) => {
      await run(reference, (ctx) => ctx.updateActivity({ ...activity, id: activityId }));
    },
    postNewThread: async (reference, activity) => {
      if (reference.conversation.conversationType !== 'channel' || !appId) return send(reference, activity);
      const channelId = teamsChannelIdOf(reference.conversation.id);
      const posted = await run(reference, (ctx) =>
        TeamsInfo.sendMessageToTeamsChannel(ctx, activity as Activity, channelId, appId),
      );
      return posted?.[1];
    },
  };
}

/** A channel conversation id names the thread it came from (`19:…@thread.tacv2;messageid=…`); the channel is the part before. */
export function teamsChannelIdOf(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
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
