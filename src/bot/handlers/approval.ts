/** Submit for approval, approve, reject, and the approver's own view: four eyes, checked server-side. */
import { randomUUID } from 'node:crypto';
import type { AdaptiveCard } from '../../cards/index.ts';
import {
  checkApprover,
  type ApprovalPolicy,
  submitReadyOnly,
  withCardActivity,
  isSamePerson,
  type JobRecord,
  recordApproval,
} from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { renderJobApprovalCard } from '../job-cards.ts';
import { BotUserError, cardMessage, withNotice } from '../reply.ts';
import type { ActionTurn } from '../turn.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type ApprovalServices = Pick<
  BotServices,
  'audit' | 'clock' | 'conversations' | 'jobs' | 'log' | 'proactive' | 'rememberCard' | 'runner' | 'settings' | 'tenant'
>;

export async function loadJob(bot: Pick<BotServices, 'jobs'>, jobId: string): Promise<JobRecord> {
  const job = await bot.jobs.get(jobId);
  if (job === undefined) throw new BotUserError('JOB_NOT_FOUND', `I know no job ${jobId}; send the file again.`);
  return job;
}

export function policyOf(bot: Pick<BotServices, 'settings'>): ApprovalPolicy {
  const { userIds, groupId, allowSelfApproval } = bot.settings.approvers;
  return { approverUserIds: userIds, allowSelfApproval, ...(groupId ? { approverGroupId: groupId } : {}) };
}

export function isInApproverGroup(bot: Pick<BotServices, 'settings' | 'tenant'>) {
  return (aadObjectId: string) =>
    bot.settings.approvers.groupId === undefined
      ? Promise.resolve(false)
      : bot.tenant.graph.isMemberOfGroup(aadObjectId, bot.settings.approvers.groupId);
}

/** Marks (in the job's card ids) that the approval request went to the approvers' channel. */
const CHANNEL_POST = 'approvalChannelPost';

export async function submitJob(bot: ApprovalServices, turn: ActionTurn, readyOnly = false): Promise<AdaptiveCard> {
  let job = await loadJob(bot, turn.data.jobId ?? '');
  if (!isSamePerson(job.requester, turn.actor)) {
    return withNotice(renderJobApprovalCard(job, bot.settings), 'Only the person who sent the file can submit it.');
  }
  if (job.state !== 'awaiting_approval') return renderJobApprovalCard(job, bot.settings);
  if (job.contentHash !== turn.data.contentHash && !(readyOnly && job.readyOnly)) {
    return withNotice(renderJobApprovalCard(job, bot.settings), 'This card shows an older version of the job.');
  }
  if (readyOnly) job = (await bot.jobs.update(job.jobId, (current) => current && submitReadyOnly(current))) ?? job;
  const card = renderJobApprovalCard(job, bot.settings);
  const channelId = bot.settings.approvers.channelConversationId;
  if (channelId !== undefined && channelId !== turn.conversation.id) {
    const reference = await bot.conversations.getReference(channelId);
    if (reference === undefined) {
      throw new BotUserError(
        'APPROVER_CHANNEL_UNKNOWN',
        'I cannot reach the approvers’ channel yet: add me there first.',
      );
    }
    // A double click or Teams' retry of the invoke must not post a second request: the first claims the post.
    const claim = `posting-${randomUUID()}`;
    const claimed = await bot.jobs.update(job.jobId, (current) =>
      current === undefined || current.cardActivityIds[CHANNEL_POST]
        ? undefined
        : withCardActivity(current, CHANNEL_POST, claim),
    );
    if (claimed?.cardActivityIds[CHANNEL_POST] !== claim) {
      return withNotice(card, 'Already sent to the approvers’ channel.', 'good');
    }
    let activityId: string | undefined;
    try {
      activityId = await bot.proactive.send(reference, cardMessage(card));
    } catch (error) {
      // Not posted: the next click may try again.
      await bot.rememberCard(job.jobId, CHANNEL_POST, '');
      throw error;
    }
    // The claim stays as the mark that the request went out.
    if (activityId) await bot.rememberCard(job.jobId, 'approval', activityId);
    return withNotice(card, 'Sent to the approvers’ channel.', 'good');
  }
  // Without an approvers' channel the clicked card itself becomes the approval request.
  const replyToId = turn.context.activity.replyToId;
  if (replyToId) await bot.rememberCard(job.jobId, 'approval', replyToId);
  return card;
}

export async function decideJob(
  bot: ApprovalServices,
  turn: ActionTurn,
  action: 'approve' | 'reject',
): Promise<AdaptiveCard> {
  const outcome = await recordApproval(
    { store: bot.jobs, audit: bot.audit },
    {
      jobId: turn.data.jobId ?? '',
      actor: turn.actor,
      action,
      contentHash: turn.data.contentHash ?? '',
      ...(turn.data.reason ? { reason: turn.data.reason } : {}),
      now: bot.clock.now(),
      policy: policyOf(bot),
      isInApproverGroup: isInApproverGroup(bot),
    },
  );
  if (outcome.kind === 'refused') {
    if (outcome.cause !== undefined) bot.log(`approver check failed for job ${turn.data.jobId}`);
    const job = outcome.job ?? (await bot.jobs.get(turn.data.jobId ?? ''));
    if (job === undefined) throw new BotUserError(outcome.code, outcome.message);
    return withNotice(renderJobApprovalCard(job, bot.settings), outcome.message);
  }
  if (outcome.kind === 'already-decided') {
    return withNotice(renderJobApprovalCard(outcome.job, bot.settings), outcome.message);
  }
  if (outcome.kind === 'approved' && !outcome.repeated) await bot.runner.start(outcome.job, turn.actor.id);
  return renderJobApprovalCard(outcome.job, bot.settings);
}

/** Teams asks for an approver's own view; it is shown only after the server agrees they are one. */
export async function refreshApproval(bot: ApprovalServices, turn: ActionTurn): Promise<AdaptiveCard> {
  const job = await loadJob(bot, turn.data.jobId ?? '');
  const verdict = await checkApprover(turn.actor, policyOf(bot), isInApproverGroup(bot));
  return renderJobApprovalCard(job, bot.settings, verdict.approver ? 'approver' : 'everyone');
}
