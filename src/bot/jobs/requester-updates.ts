/**
 * After a job moves without its requester clicking (an approver decided, the deadline passed), the cards that
 * show it are brought up to date and the requester is told: a card left saying "Waiting for approval" with live
 * buttons after the job ran would not tell the truth. Delivery failures are logged, never thrown: the move
 * itself is stored and audited already.
 */
import type { JobRecord } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { renderJobApprovalCard } from '../job-cards.ts';
import { cardMessage, type SummarisedMessage } from '../reply.ts';
import { describeError } from './background-work.ts';

/** The card id (in `cardActivityIds`) of the requester's own view: the validation card they submitted. */
export const REQUESTER_CARD = 'requester';

export type RequesterUpdateServices = Pick<BotServices, 'conversations' | 'proactive' | 'settings' | 'log'>;

/**
 * Updates the requester's card and the approval request (except `clickedActivityId`, which the invoke answer
 * replaces), and sends the requester one sentence when the job was rejected or expired.
 */
export async function tellRequester(
  bot: RequesterUpdateServices,
  job: JobRecord,
  clickedActivityId?: string,
): Promise<void> {
  const requesterChat = job.conversation
    ? await bot.conversations.getReference(job.conversation.id)
    : await bot.conversations.getPersonalReference(job.requester.id);
  // `summary` only on an update: the Agents Playground does not update a message in place that carries `text`.
  const { text: _text, ...card } = cardMessage(renderJobApprovalCard(job, bot.settings), describeCardForFeed(job));
  const update = async (reference: typeof requesterChat, activityId: string | undefined) => {
    if (reference === undefined || !activityId || activityId === clickedActivityId) return;
    await bot.proactive.update(reference, activityId, card as SummarisedMessage).catch((error: unknown) => {
      bot.log(`job ${job.jobId}: a card was not updated (${describeError(error)})`);
    });
  };
  await update(requesterChat, job.cardActivityIds[REQUESTER_CARD]);
  // The request in the approvers' channel; approvers' 1:1 copies refresh themselves (they are in `userIds`).
  const channelId = bot.settings.approvers.channelConversationId;
  const channelActivityId = job.approvalRequest?.channelActivityId;
  if (channelActivityId && channelId !== undefined) {
    await update(await bot.conversations.getReference(channelId), channelActivityId);
  } else if (job.cardActivityIds.approval !== job.cardActivityIds[REQUESTER_CARD]) {
    await update(requesterChat, job.cardActivityIds.approval);
  }
  const sentence = describeOutcomeForRequester(job);
  if (sentence === undefined || requesterChat === undefined) return;
  await bot.proactive
    .send(requesterChat, { type: 'message', text: sentence, summary: sentence })
    .catch((error: unknown) => bot.log(`job ${job.jobId}: the requester was not told (${describeError(error)})`));
}

/** What the Teams activity feed shows for an updated approval card. */
function describeCardForFeed(job: JobRecord): string {
  return `Job ${job.jobId} (${job.fileName}) is ${job.state.replaceAll('_', ' ')}.`;
}

/** One sentence for a requester whose job will not run; undefined for a job that runs. */
export function describeOutcomeForRequester(job: JobRecord): string | undefined {
  const what = `Your ${job.type} job ${job.jobId} (${job.fileName})`;
  if (job.state === 'rejected' && job.decision !== null) {
    const reason = job.decision.reason ? `: “${job.decision.reason}”` : ' (no reason given)';
    return `${what} was rejected by ${job.decision.by.name}${reason}. Nothing was changed in the tenant.`;
  }
  if (job.state === 'expired') {
    return `${what} expired without a decision. Nothing was changed in the tenant; send the file again to start over.`;
  }
  return undefined;
}
