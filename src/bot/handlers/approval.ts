/** Submit for approval, approve, reject, and the approver's own view: four eyes, checked server-side. */
import type { AdaptiveCard } from '../../cards/index.ts';
import {
  checkApprover,
  type ApprovalPolicy,
  submitReadyOnly,
  isSamePerson,
  type JobRecord,
  recordApproval,
} from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { describeApprovalRequest } from '../jobs/approval-request-notice.ts';
import { requestApproval } from '../jobs/approval-requests.ts';
import { renderJobApprovalCard } from '../job-cards.ts';
import { BotUserError, withNotice } from '../reply.ts';
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
  const delivery = await requestApproval(bot, job, card);
  // Without a post in the approvers' channel the clicked card itself is the approval request.
  const replyToId = turn.context.activity.replyToId;
  if (delivery.channelActivityId === undefined && replyToId) await bot.rememberCard(job.jobId, 'approval', replyToId);
  const notice = describeApprovalRequest(delivery);
  return notice === undefined ? card : withNotice(card, notice.text, notice.color);
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
