/**
 * The four-eyes card. Everyone sees the base card ("waiting for approval by …"); approvers listed in
 * `refresh.userIds` have Teams fetch their own view, with Approve / Reject. Approvers Teams cannot list (an
 * Entra group, more than 60 people) ask for it with "Review as approver". The bot re-checks every click.
 */
import type { BulkOperationType } from '../operations/model.ts';
import { expandCard, MAX_REFRESH_USER_IDS, type AdaptiveCard } from './adaptive-card.ts';
import {
  countNoun,
  describeOperationType,
  escapeMarkdown,
  formatCount,
  formatDateTime,
  shortenText,
} from './format.ts';
import type { StateColor } from './job-states.ts';
import template from './templates/approval.json' with { type: 'json' };

export type ApprovalDecision =
  | { status: 'pending' }
  | { status: 'approved'; by: string; at: string }
  | { status: 'rejected'; by: string; at: string; reason?: string }
  | { status: 'expired'; at: string };

export interface ApprovalView {
  jobId: string;
  operationType: BulkOperationType;
  fileName: string;
  /** Rows that will run once approved. */
  rowCount: number;
  rowsWithWarnings: number;
  contentHash: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  /** Display names of who may approve (people or a group), for "waiting for approval by …". */
  approverNames: readonly string[];
  /** Teams user ids (`29:…`) of approvers who get their own view automatically; capped at 60. */
  approverUserIds: readonly string[];
  selfApprovalAllowed: boolean;
  decision: ApprovalDecision;
}

/** `everyone` is the card posted in the conversation; `approver` is what an approver's refresh returns. */
export type ApprovalAudience = 'everyone' | 'approver';

/** Names shown before "and N others". */
const NAMED_APPROVERS = 3;

export function renderApprovalCard(view: ApprovalView, audience: ApprovalAudience = 'everyone'): AdaptiveCard {
  const pending = view.decision.status === 'pending';
  const refreshUserIds = [...new Set(view.approverUserIds)].slice(0, MAX_REFRESH_USER_IDS);
  const status = describeDecision(view);
  const reason = view.decision.status === 'rejected' ? (view.decision.reason?.trim() ?? '') : '';
  return expandCard(template, {
    jobId: view.jobId,
    contentHash: view.contentHash,
    heading: `Approval request: ${describeOperationType(view.operationType).toLowerCase()} of ${countNoun(view.rowCount, 'mailbox', 'mailboxes')}`,
    fileName: shortenText(view.fileName, 120),
    statusText: status.text,
    statusColor: status.color,
    hasReason: reason !== '',
    reason: reason === '' ? '' : `Reason: ${shortenText(reason, 500)}`,
    facts: [
      { title: 'Operation', value: describeOperationType(view.operationType) },
      { title: 'Rows to run', value: formatCount(view.rowCount) },
      { title: 'With warnings', value: formatCount(view.rowsWithWarnings) },
      // A Fact value renders Markdown, and the requester's name comes from the tenant.
      { title: 'Requested by', value: escapeMarkdown(shortenText(view.requestedBy, 80)) },
      { title: 'Requested', value: formatDateTime(view.requestedAt) },
      { title: pending ? 'Expires' : 'Was valid until', value: formatDateTime(view.expiresAt) },
      { title: 'Content hash', value: view.contentHash },
    ],
    showSelfApprovalWarning: pending && view.selfApprovalAllowed,
    isApproverView: pending && audience === 'approver',
    offerApproverView: pending && audience === 'everyone',
    hasRefresh: pending && refreshUserIds.length > 0,
    refreshUserIds,
    footer: `Job ${view.jobId}. Approval covers exactly the rows with this content hash.`,
  });
}

function describeDecision(view: ApprovalView): { text: string; color: StateColor } {
  const decision = view.decision;
  switch (decision.status) {
    case 'pending':
      return { text: `Waiting for approval by ${describeApprovers(view.approverNames)}.`, color: 'accent' };
    case 'approved':
      return {
        text: `Approved by ${decision.by} on ${formatDateTime(decision.at)}. The job is starting.`,
        color: 'good',
      };
    case 'rejected':
      return {
        text: `Rejected by ${decision.by} on ${formatDateTime(decision.at)}. Nothing was changed.`,
        color: 'attention',
      };
    case 'expired':
      return {
        text: `Expired on ${formatDateTime(decision.at)} without a decision. Nothing was changed; send the file again to start over.`,
        color: 'warning',
      };
  }
}

function describeApprovers(names: readonly string[]): string {
  const unique = [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
  if (unique.length === 0) return 'an approver';
  if (unique.length === 1) return unique[0] ?? 'an approver';
  if (unique.length <= NAMED_APPROVERS) return `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
  const others = unique.length - NAMED_APPROVERS;
  return `${unique.slice(0, NAMED_APPROVERS).join(', ')} or ${countNoun(others, 'other')}`;
}
