/**
 * A TestAdapter that records everything the bot sends or updates, in turns and proactively, and that runs
 * `continueConversationAsync` (TestAdapter itself does not). A recording fake, not a mock.
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
}

export class RecordingAdapter extends TestAdapter {
  readonly sent: RecordedActivity[] = [];
  readonly updated: RecordedActivity[] = [];
  #nextId = 0;

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      const id = `activity-${++this.#nextId}`;
      this.sent.push({ conversationId: context.activity.conversation?.id ?? '', activity: { ...activity, id } });
      return { id };
    });
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    this.updated.push({ conversationId: context.activity.conversation?.id ?? '', activity });
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
}
