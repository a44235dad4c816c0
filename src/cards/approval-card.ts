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
  /** Validated, but the requester has not pressed Submit: nobody can approve it yet. */
  | { status: 'not_submitted' }
  /** `approvedBy`: approvals already given when more than one is required. */
  | { status: 'pending'; approvedBy?: readonly string[]; required?: number }
  /** `outcome`: what happened since (running, completed…), so an old card still tells the truth. */
  | { status: 'approved'; by: string; at: string; byPolicy?: boolean; outcome?: string }
  | { status: 'cancelled' }
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
  /** The first rows that will run, as `Row N` and what happens to it; `rowCount` says how many in all. */
  rows?: readonly { rowNumber: number; source: string; target: string | null }[];
  /** Rows blocked at validation that the requester chose to leave out. */
  blockedLeftOut?: number;
  /** The requester's Teams id: their card refreshes itself too, so an old copy shows the job as it is now. */
  requesterUserId?: string;
  /** The job can still move (not ended): the card asks Teams to refresh it when someone looks at it. */
  live?: boolean;
  /** The validation report (every row and issue); null or absent when not offered. */
  reportUrl?: string | null;
  /**
   * Submitted, but no approver has been told yet (none could be reached): the requester's card offers to send
   * the request again, as its notice says.
   */
  requestUndelivered?: boolean;
}

/** Rows listed by name on the approval card; the count says the rest. */
export const LISTED_APPROVAL_ROWS = 10;

/** `everyone` is the card posted in the conversation; `approver` is what an approver's refresh returns. */
export type ApprovalAudience = 'everyone' | 'approver';

/** Names shown before "and N others". */
const NAMED_APPROVERS = 3;

export function renderApprovalCard(view: ApprovalView, audience: ApprovalAudience = 'everyone'): AdaptiveCard {
  const pending = view.decision.status === 'pending';
  // Universal Actions: Teams fetches each listed user's own view when they see the card (at most 60 ids).
  const refreshUserIds = [
    ...new Set([...(view.requesterUserId ? [view.requesterUserId] : []), ...view.approverUserIds]),
  ].slice(0, MAX_REFRESH_USER_IDS);
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
    ...rowsData(view),
    showSelfApprovalWarning: pending && view.selfApprovalAllowed,
    isApproverView: pending && audience === 'approver',
    offerApproverView: pending && audience === 'everyone',
    offerResend: pending && audience === 'everyone' && view.requestUndelivered === true,
    hasRefresh: (pending || view.live === true) && refreshUserIds.length > 0,
    refreshUserIds,
    footer: `Job ${view.jobId}. Approval covers exactly the rows with this content hash.`,
  });
}

function rowsData(view: ApprovalView) {
  const rows = view.rows ?? [];
  const listed = rows.slice(0, LISTED_APPROVAL_ROWS);
  const more = view.rowCount - listed.length;
  const blocked = view.blockedLeftOut ?? 0;
  return {
    hasRows: listed.length > 0,
    rowsHeading:
      listed.length === view.rowCount
        ? 'The rows that will run'
        : `The first ${formatCount(listed.length)} rows that will run`,
    rows: listed.map((row) => ({
      where: `Row ${formatCount(row.rowNumber)}`,
      what: shortenText(row.target === null ? row.source : `${row.source} → ${row.target}`, 160),
    })),
    hasMoreRows: listed.length > 0 && more > 0,
    moreRows: `…and ${countNoun(more, 'more row')}.`,
    hasBlockedLeftOut: blocked > 0,
    blockedLeftOut: `${countNoun(blocked, 'blocked row')} left out on purpose: ${blocked === 1 ? 'it does' : 'they do'} not run (the validation report lists why).`,
    hasReport: !!view.reportUrl,
    reportUrl: view.reportUrl ?? '',
  };
}

function describeDecision(view: ApprovalView): { text: string; color: StateColor } {
  const decision = view.decision;
  switch (decision.status) {
    case 'not_submitted':
      return {
        text: 'Not submitted yet: the requester has not asked for approval, so nobody can approve it.',
        color: 'default',
      };
    case 'pending': {
      const given = decision.approvedBy ?? [];
      if (given.length > 0 && (decision.required ?? 1) > given.length) {
        return {
          text: `Approved by ${given.join(', ')} (${formatCount(given.length)} of ${formatCount(decision.required ?? 1)}); waiting for a second, different approver.`,
          color: 'accent',
        };
      }
      return { text: `Waiting for approval by ${describeApprovers(view.approverNames)}.`, color: 'accent' };
    }
    case 'cancelled':
      return { text: 'Cancelled before it ran. Nothing was changed.', color: 'warning' };
    case 'approved': {
      const who = decision.byPolicy
        ? 'Runs without an approver: this job type changes nothing in the tenant'
        : `Approved by ${decision.by} on ${formatDateTime(decision.at)}`;
      return { text: `${who}. ${decision.outcome ?? 'The job is starting.'}`, color: 'good' };
    }
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
