/** Job records as the cards show them. */
import { renderApprovalCard, type AdaptiveCard, type ApprovalAudience, type ApprovalDecision } from '../cards/index.ts';
import type { JobRecord } from '../operations/jobs/index.ts';
import type { BotSettings } from './bot-deps.ts';

function decisionOf(job: JobRecord): ApprovalDecision {
  if (job.decision?.action === 'approve') return { status: 'approved', by: job.decision.by.name, at: job.decision.at };
  if (job.decision?.action === 'reject') {
    return { status: 'rejected', by: job.decision.by.name, at: job.decision.at, reason: job.decision.reason };
  }
  if (job.state === 'expired') return { status: 'expired', at: job.expiresAt };
  return { status: 'pending' };
}

export function renderJobApprovalCard(
  job: JobRecord,
  settings: BotSettings,
  audience: ApprovalAudience = 'everyone',
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
    },
    audience,
  );
}

/** One line per job for `jobs` and `status`. */
export function describeJob(job: JobRecord): string {
  const state = job.state.replaceAll('_', ' ');
  return `Job ${job.jobId}: ${job.type} of ${job.rowCounts.ready} rows from ${job.fileName}, ${state} (requested by ${job.requester.name} on ${job.createdAt.slice(0, 16).replace('T', ' ')} UTC).`;
}
