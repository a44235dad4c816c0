/** Job records as the cards show them. */
import { renderApprovalCard, type AdaptiveCard, type ApprovalAudience, type ApprovalDecision } from '../cards/index.ts';
import { isFinalJobState, type JobRecord, type JobState } from '../operations/jobs/index.ts';
import type { BotSettings } from './bot-deps.ts';

const OUTCOME_OF: Partial<Record<JobState, string>> = {
  approved: 'The job is starting.',
  running: 'The job is running: its progress card follows it.',
  completed: 'The job completed.',
  completed_with_errors: 'The job ended with errors: see its summary.',
  cancelled: 'The job was cancelled while it ran: see its summary.',
  failed: 'The job failed: see its summary.',
};

function decisionOf(job: JobRecord): ApprovalDecision {
  if (job.decision?.action === 'approve') {
    return {
      status: 'approved',
      by: job.decision.by.name,
      at: job.decision.at,
      byPolicy: job.decision.via === 'policy',
      outcome: OUTCOME_OF[job.state] ?? 'The job is starting.',
    };
  }
  if (job.decision?.action === 'reject') {
    return { status: 'rejected', by: job.decision.by.name, at: job.decision.at, reason: job.decision.reason };
  }
  if (job.state === 'expired') return { status: 'expired', at: job.expiresAt };
  if (job.state === 'cancelled') return { status: 'cancelled' };
  if (job.state === 'validated') return { status: 'not_submitted' };
  return {
    status: 'pending',
    approvedBy: job.approvals.map((given) => given.by.name),
    required: job.requiredApprovals,
  };
}

export interface ApprovalCardExtras {
  /** The validation report link, for a verified approver's own view only. */
  reportUrl?: string;
  /**
   * The card goes to the requester alone (the answer to their click, their refresh): it may offer to send an
   * undelivered request again. Never set for the copy that approvers or a channel get.
   */
  forRequester?: boolean;
}

export function renderJobApprovalCard(
  job: JobRecord,
  settings: BotSettings,
  audience: ApprovalAudience = 'everyone',
  { reportUrl, forRequester = false }: ApprovalCardExtras = {},
): AdaptiveCard {
  return renderApprovalCard(
    {
      jobId: job.jobId,
      operationType: job.type,
      fileName: job.fileName,
      rowCount: job.rowCounts.ready,
      rowsWithWarnings: job.rowCounts.withWarnings,
      contentHash: job.contentHash,
      requestedBy: job.requester.name,
      requestedAt: job.createdAt,
      expiresAt: job.expiresAt,
      approverNames: settings.approvers.groupId ? ['the approver group'] : ['the configured approvers'],
      approverUserIds: settings.approvers.userIds,
      selfApprovalAllowed: settings.approvers.allowSelfApproval,
      decision: decisionOf(job),
      rows: (job.items ?? []).map((item) => ({
        rowNumber: item.rowNumber,
        source: item.sourceIdentity,
        target: item.targetIdentity,
      })),
      blockedLeftOut: job.readyOnly ? job.rowCounts.blocked : 0,
      requesterUserId: job.requester.id,
      live: !isFinalJobState(job.state),
      reportUrl: reportUrl ?? null,
      requestUndelivered:
        forRequester && job.state === 'submitted' && job.approvalRequest === null && hasApprovalRoute(job, settings),
    },
    audience,
  );
}

/** Someone the request can go to other than the card itself: configured approvers, or a channel elsewhere. */
function hasApprovalRoute(job: JobRecord, settings: BotSettings): boolean {
  const channelId = settings.approvers.channelConversationId;
  return settings.approvers.userIds.length > 0 || (channelId !== undefined && channelId !== job.conversation?.id);
}

/** One line per job for `jobs` and `status`; `interruption` from describeInterruption (job-interruption.ts). */
export function describeJob(job: JobRecord, interruption: string | null = null): string {
  const state = interruption ?? job.state.replaceAll('_', ' ');
  return `Job ${job.jobId}: ${job.type} of ${job.rowCounts.ready} rows from ${job.fileName}, ${state} (requested by ${job.requester.name} on ${job.createdAt.slice(0, 16).replace('T', ' ')} UTC).`;
}
