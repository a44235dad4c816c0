/** Submit for approval, approve, reject, and the approver's own view: four eyes, checked server-side. */
import type { AdaptiveCard } from '../../cards/index.ts';
import {
  applyJobEvent,
  checkApprover,
  isSamePerson,
  DEFAULT_APPROVAL_RULES,
  recordApproval,
  type ApprovalPolicy,
  type ApprovalRules,
  type JobRecord,
} from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { describeApprovalRequest } from '../jobs/approval-request-notice.ts';
import { requestApproval } from '../jobs/approval-requests.ts';
import { renderJobApprovalCard } from '../job-cards.ts';
import { REQUESTER_CARD, tellRequester } from '../jobs/requester-updates.ts';
import { BotUserError, withNotice } from '../reply.ts';
import type { ActionTurn } from '../turn.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type ApprovalServices = Pick<
  BotServices,
  | 'audit'
  | 'background'
  | 'clock'
  | 'conversations'
  | 'fileChecks'
  | 'jobs'
  | 'log'
  | 'proactive'
  | 'rememberCard'
  | 'runner'
  | 'settings'
  | 'signLink'
  | 'tenant'
  | 'vault'
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

export function rulesOf(bot: Pick<BotServices, 'settings'>): ApprovalRules {
  return bot.settings.approvalRules ?? DEFAULT_APPROVAL_RULES;
}

/** Submit / "Submit only the ready rows": the job's `submit` event, then the approvers are asked. */
export async function submitJob(bot: ApprovalServices, turn: ActionTurn, readyOnly = false): Promise<AdaptiveCard> {
  if (bot.fileChecks.isChecking(turn.data.jobId ?? '')) {
    throw new BotUserError(
      'STILL_CHECKING',
      'I am still checking this file against the tenant: submit it from the summary card once that replaces “Checking…”.',
    );
  }
  const outcome = await applyJobEvent({ store: bot.jobs, audit: bot.audit }, turn.data.jobId ?? '', {
    kind: 'submit',
    actor: turn.actor,
    contentHash: turn.data.contentHash ?? '',
    readyOnly,
    rules: rulesOf(bot),
    now: bot.clock.now(),
  });
  if (outcome.kind === 'refused') {
    if (outcome.job === undefined) throw new BotUserError(outcome.code, outcome.message);
    return withNotice(renderJobApprovalCard(outcome.job, bot.settings), outcome.message);
  }
  const job = outcome.job;
  // The clicked card is the requester's own view of the job from now on: it is updated as the job moves.
  const replyToId = turn.context.activity.replyToId;
  if (replyToId && outcome.changed) await bot.rememberCard(job.jobId, REQUESTER_CARD, replyToId);
  return afterSubmit(bot, turn, job, outcome.changed);
}

/** A job just submitted (`changed`) or submitted again: it runs at once when no approver is needed. */
export async function afterSubmit(bot: ApprovalServices, turn: ActionTurn, job: JobRecord, changed: boolean) {
  const card = renderJobApprovalCard(job, bot.settings);
  if (job.state === 'approved' && job.decision?.via === 'policy') {
    if (changed) await bot.runner.start(job, turn.actor.id);
    return withNotice(card, 'This job changes nothing in the tenant, so it runs without an approver.', 'good');
  }
  if (job.state !== 'submitted') return card;
  const delivery = await requestApproval(bot, job, card);
  // Without a post in the approvers' channel the clicked card itself is the approval request.
  const replyToId = turn.context.activity.replyToId;
  if (delivery.channelActivityId === undefined && replyToId) await bot.rememberCard(job.jobId, 'approval', replyToId);
  // The answer is the requester's alone: as the job now stands (was anybody told?), unlike the approvers' copy.
  const mine = renderJobApprovalCard((await bot.jobs.get(job.jobId)) ?? job, bot.settings, 'everyone', {
    forRequester: true,
  });
  const notice = describeApprovalRequest(delivery);
  return notice === undefined ? mine : withNotice(mine, notice.text, notice.color);
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
  if (outcome.kind === 'awaiting-second') {
    const card = renderJobApprovalCard(outcome.job, bot.settings);
    return withNotice(card, 'Your approval is recorded; a second, different approver must approve too.', 'good');
  }
  if (!outcome.repeated) {
    if (outcome.kind === 'approved') await bot.runner.start(outcome.job, turn.actor.id);
    // The other cards and the requester's sentence are connector calls (a Teams round trip each, more after a
    // 429): they go out after the reply, so the click is answered within its turn whatever Teams is doing.
    bot.background.track(tellRequester(bot, outcome.job, turn.context.activity.replyToId));
  }
  return renderJobApprovalCard(outcome.job, bot.settings);
}

/** Teams asks for an approver's own view; it is shown only after the server agrees they are one. */
export async function refreshApproval(bot: ApprovalServices, turn: ActionTurn): Promise<AdaptiveCard> {
  const job = await loadJob(bot, turn.data.jobId ?? '');
  const verdict = await checkApprover(turn.actor, policyOf(bot), isInApproverGroup(bot));
  if (!verdict.approver) {
    return renderJobApprovalCard(job, bot.settings, 'everyone', {
      forRequester: isSamePerson(job.requester, turn.actor),
    });
  }
  // The report link goes only into a verified approver's own view, never into the shared card.
  const report =
    job.state === 'submitted' && !job.retryOf
      ? await bot.vault.get({ jobId: job.jobId, kind: 'validation-report' })
      : undefined;
  const reportUrl = report
    ? bot.signLink(job.jobId, 'validation-report', `validation-${job.jobId}.csv`, turn.actor)
    : undefined;
  return renderJobApprovalCard(job, bot.settings, 'approver', reportUrl === undefined ? {} : { reportUrl });
}
