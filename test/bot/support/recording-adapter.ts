/**
 * A TestAdapter that records everything the bot sends or updates, in turns and proactively, and that runs
 * `continueConversationAsync` (TestAdapter itself does not). A recording fake, not a mock: each entry carries
 * the fake clock's time, new channel threads (TeamsInfo.sendMessageToTeamsChannel) go through a recording
 * connector client, and a test can make the connector refuse a conversation.
 */
import {
  TestAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder-core';

export interface RecordedActivity {
  conversationId: string;
  activity: Partial<Activity>;
  /** The fake clock's time when it was sent, in ms since the epoch. */
  atMs: number;
  /** Set for a post that started a new thread in a team channel: the channel's id. */
  newThreadIn?: string;
}

/** What botbuilder's RestError looks like to the bot: an HTTP status and the connector's code. */
export function connectorFailure(statusCode: number, code: string): Error {
  return Object.assign(new Error(`connector answered ${statusCode} ${code}`), { statusCode, code });
}

/** Turns the bot opened itself (continueConversationAsync), as opposed to the user's own turns. */
function isProactive(context: TurnContext): boolean {
  return context.activity.type === 'event' && context.activity.name === 'continue';
}

export class RecordingAdapter extends TestAdapter {
  readonly sent: RecordedActivity[] = [];
  readonly updated: RecordedActivity[] = [];
  /** Conversations whose proactive sends and updates the connector refuses with the given error. */
  readonly refuse = new Map<string, Error>();
  #nextId = 0;
  readonly #now: () => number;

  constructor(clock: { now(): Date } = { now: () => new Date(0) }) {
    super();
    this.#now = () => clock.now().getTime();
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id ?? '';
    if (isProactive(context)) this.#refuseIfAsked(conversationId);
    return activities.map((activity) => {
      const id = `activity-${++this.#nextId}`;
      this.sent.push({ conversationId, activity: { ...activity, id }, atMs: this.#now() });
      return { id };
    });
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const conversationId = context.activity.conversation?.id ?? '';
    if (isProactive(context)) this.#refuseIfAsked(conversationId);
    this.updated.push({ conversationId, activity, atMs: this.#now() });
  }

  override async continueConversationAsync(
    _appId: unknown,
    reference: Partial<ConversationReference>,
    logic: unknown,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continue' }, reference, true);
    const context = new TurnContext(this, activity);
    await (logic as (context: TurnContext) => Promise<void>)(context);
  }

  /** What TeamsInfo uses outside a CloudAdapter to start a channel thread. */
  createConnectorClient(_serviceUrl: string) {
    return {
      conversations: {
        createConversation: async (parameters: {
          channelData?: { channel?: { id?: string } };
          activity?: Partial<Activity>;
        }) => {
          const channelId = parameters.channelData?.channel?.id ?? '';
          this.#refuseIfAsked(channelId);
          const activityId = `activity-${++this.#nextId}`;
          const conversationId = `${channelId};messageid=${activityId}`;
          const activity = { ...parameters.activity, id: activityId };
          this.sent.push({ conversationId, activity, atMs: this.#now(), newThreadIn: channelId });
          return { id: conversationId, activityId };
        },
      },
    };
  }

  #refuseIfAsked(conversationId: string): void {
    const error = this.refuse.get(conversationId);
    if (error !== undefined) throw error;
  }
}
