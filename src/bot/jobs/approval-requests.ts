/**
 * Tells the approvers about a submitted job: the approvers' channel gets the card with an @mention of each
 * approver the bot can name, and each approver the bot can reach gets it in their 1:1 chat. The request is
 * claimed on the job before anything is sent, so a double click or Teams' retry of the invoke sends nothing twice.
 */
import type { AdaptiveCard, CardElement } from '../../cards/index.ts';
import type { StoredReference } from '../../operations/conversation-store.ts';
import { isSamePerson, withCardActivity, type JobRecord } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { summariseApprovalRequest } from '../message-summaries.ts';
import { cardMessage, type SummarisedMessage } from '../reply.ts';
import { describeError } from './background-work.ts';

export type ApprovalRequestServices = Pick<
  BotServices,
  'clock' | 'conversations' | 'jobs' | 'log' | 'proactive' | 'settings'
>;

/**
 * What became of the approvers' channel: `posted`; `here` (the job was submitted in it, so the clicked card is
 * the request); `none` (not configured); `unknown` (the bot was never added there); `failed` (Teams refused).
 */
export type ChannelDelivery = 'posted' | 'here' | 'none' | 'unknown' | 'failed';

export interface ApprovalRequestDelivery {
  /** An earlier click (or Teams' retry) sent the request already: nothing new went out. */
  alreadySent: boolean;
  channel: ChannelDelivery;
  channelActivityId?: string;
  /** Approvers told in their 1:1 chat (by name when the bot knows it, else by their id). */
  sentTo: string[];
  /** Approvers who never opened a chat with the bot: it cannot write to them first. */
  notReached: string[];
  /** Approvers whose 1:1 chat refused the message (blocked the bot, chat gone, throttled). */
  failed: string[];
}

interface Approver {
  /** As configured in APPROVER_USER_IDS: a Teams id or an Entra object id. */
  configuredId: string;
  /** What to call them: their name as Teams last gave it, else the configured id. */
  label: string;
  /** Teams id and name, when the bot has seen them: enough to @mention them. */
  seen?: { id: string; name: string };
  personalChat?: StoredReference;
}

export async function requestApproval(
  bot: ApprovalRequestServices,
  job: JobRecord,
  card: AdaptiveCard,
): Promise<ApprovalRequestDelivery> {
  const channel = channelOf(bot, job);
  const nothing: ApprovalRequestDelivery = { alreadySent: false, channel, sentTo: [], notReached: [], failed: [] };
  if (channel === 'none' && bot.settings.approvers.userIds.length === 0) return nothing;
  if (channel === 'here' && bot.settings.approvers.userIds.length === 0) return nothing;

  let claimed = false;
  const stored = await bot.jobs.update(job.jobId, (current) => {
    if (current === undefined || current.approvalRequest?.contentHash === current.contentHash) return undefined;
    claimed = true;
    const sentAt = bot.clock.now().toISOString();
    return { ...current, approvalRequest: { sentAt, contentHash: current.contentHash, approverActivityIds: {} } };
  });
  if (!claimed) return alreadySent(stored);

  const approvers = await resolveApprovers(bot, job);
  const summary = summariseApprovalRequest(job);
  const posted = await postToChannel(bot, job, cardMessage(withMentions(card, approvers), summary), channel);
  const delivery: ApprovalRequestDelivery = { ...nothing, ...posted };
  const approverActivityIds = await sendToApprovers(bot, job, cardMessage(card, summary), approvers, delivery);

  const delivered = delivery.channel === 'posted' || Object.keys(approverActivityIds).length > 0;
  await bot.jobs.update(job.jobId, (current) => {
    if (current?.approvalRequest?.contentHash !== job.contentHash) return undefined;
    // Nobody was told: release the claim, so that the next click tries again.
    if (!delivered) return { ...current, approvalRequest: null };
    const record = { ...current.approvalRequest, approverActivityIds };
    // Posted marks the channel as told, with or without an id to update the card by.
    if (delivery.channel === 'posted') record.channelActivityId = delivery.channelActivityId ?? '';
    const withRecord = { ...current, approvalRequest: record };
    return delivery.channelActivityId === undefined
      ? withRecord
      : withCardActivity(withRecord, 'approval', delivery.channelActivityId);
  });
  return delivery;
}

function channelOf(bot: ApprovalRequestServices, job: JobRecord): ChannelDelivery {
  const channelId = bot.settings.approvers.channelConversationId;
  if (channelId === undefined) return 'none';
  return channelId === job.conversation?.id ? 'here' : 'posted';
}

function alreadySent(job: JobRecord | undefined): ApprovalRequestDelivery {
  const request = job?.approvalRequest ?? null;
  const channelActivityId = request?.channelActivityId;
  return {
    alreadySent: true,
    channel: channelActivityId === undefined ? 'none' : 'posted',
    ...(channelActivityId ? { channelActivityId } : {}),
    sentTo: Object.keys(request?.approverActivityIds ?? {}),
    notReached: [],
    failed: [],
  };
}

/**
 * The configured approvers, less the requester (they have the card already, and with self-approval off they
 * may not approve), once each although an approver may be listed by both their Teams and Entra ids.
 */
async function resolveApprovers(bot: ApprovalRequestServices, job: JobRecord): Promise<Approver[]> {
  const approvers: Approver[] = [];
  for (const configuredId of bot.settings.approvers.userIds) {
    const personalChat = await bot.conversations.getPersonalReference(configuredId);
    // A chat's reference names whoever spoke last: in a chat several people share (the Agents Playground's
    // one "personal" chat) that may be someone else, even the requester.
    const chatUser = personalChat?.user;
    const user =
      chatUser !== undefined && isSamePerson(chatUser, { id: configuredId })
        ? chatUser
        : await bot.conversations.findUser(configuredId);
    const ids = user === undefined ? { id: configuredId } : { id: user.id, aadObjectId: user.aadObjectId };
    if (isSamePerson(job.requester, ids) || isSamePerson(job.requester, { id: configuredId })) continue;
    if (approvers.some((known) => known.seen !== undefined && isSamePerson(ids, { id: known.seen.id }))) continue;
    const name = user?.name?.trim();
    approvers.push({
      configuredId,
      label: name || configuredId,
      ...(user !== undefined && name ? { seen: { id: user.id, name } } : {}),
      ...(personalChat === undefined ? {} : { personalChat }),
    });
  }
  return approvers;
}

async function postToChannel(
  bot: ApprovalRequestServices,
  job: JobRecord,
  message: SummarisedMessage,
  channel: ChannelDelivery,
): Promise<Pick<ApprovalRequestDelivery, 'channel' | 'channelActivityId'>> {
  const channelId = bot.settings.approvers.channelConversationId;
  if (channel !== 'posted' || channelId === undefined) return { channel };
  const reference = await bot.conversations.getReference(channelId);
  if (reference === undefined) return { channel: 'unknown' };
  try {
    const activityId = await bot.proactive.send(reference, message);
    return activityId === undefined ? { channel } : { channel, channelActivityId: activityId };
  } catch (error) {
    bot.log(
      `job ${job.jobId}: the approval request was not posted to the approvers' channel (${describeError(error)})`,
    );
    return { channel: 'failed' };
  }
}

/** Side by side: each 1:1 chat is its own conversation, with its own rate limit. */
async function sendToApprovers(
  bot: ApprovalRequestServices,
  job: JobRecord,
  message: SummarisedMessage,
  approvers: Approver[],
  delivery: ApprovalRequestDelivery,
): Promise<Record<string, string>> {
  const activityIds: Record<string, string> = {};
  await Promise.all(
    approvers.map(async (approver) => {
      if (approver.personalChat === undefined) return void delivery.notReached.push(approver.label);
      // The Agents Playground lets several people share one "personal" chat: there the card is already, and
      // the approver counts as told (no id: that card is the requester's, updated as such).
      if (approver.personalChat.conversation.id === job.conversation?.id) {
        activityIds[approver.configuredId] = '';
        return void delivery.sentTo.push(approver.label);
      }
      try {
        const activityId = await bot.proactive.send(approver.personalChat, message);
        // An id marks the approver as told; a channel that gives none still delivered.
        activityIds[approver.configuredId] = activityId ?? '';
        delivery.sentTo.push(approver.label);
      } catch (error) {
        bot.log(`job ${job.jobId}: an approver's 1:1 chat refused the approval request (${describeError(error)})`);
        delivery.failed.push(approver.label);
      }
    }),
  );
  return activityIds;
}

/**
 * The card with "<at>Name</at>" for each approver the bot can name, and the `msteams.entities` mentions that
 * make Teams notify them (Microsoft Learn, "Format cards in Teams" → "Mention support within Adaptive Cards":
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards;
 * the same rules as "Channel and group chat conversations with a bot" → "Work with mentions").
 */
function withMentions(card: AdaptiveCard, approvers: readonly Approver[]): AdaptiveCard {
  const named = approvers.flatMap((approver) => (approver.seen === undefined ? [] : [approver.seen]));
  if (named.length === 0) return card;
  const entities: CardElement[] = named.map((person) => ({
    type: 'mention',
    text: `<at>${person.name}</at>`,
    mentioned: { id: person.id, name: person.name },
  }));
  const line: CardElement = {
    type: 'TextBlock',
    text: `${named.map((person) => `<at>${person.name}</at>`).join(', ')}: please review this request.`,
    wrap: true,
  };
  return { ...card, body: [line, ...card.body], msteams: { entities } } as AdaptiveCard;
}
