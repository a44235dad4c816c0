/**
 * The end of a job, for the requester and the notification channel: what happened, how long it took, which
 * failures dominated, and the two next steps (retry the failures as a new job, download the results).
 */
import type {
  BulkOperationItem,
  BulkOperationResult,
  BulkOperationType,
  ItemError,
  OperationState,
  OperationTotals,
} from '../operations/model.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { countRow, rankCodes } from './count-rows.ts';
import {
  countNoun,
  describeOperationType,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  shortenText,
} from './format.ts';
import { describeOperationState } from './job-states.ts';
import { describeEarlyStop, endedRows } from './row-outcomes.ts';
import template from './templates/completion-summary.json' with { type: 'json' };

/** Failures sharing a code, with one row's sentence as the example. */
export interface FailureGroup {
  code: string;
  count: number;
  example: string;
}

export interface CompletionView {
  jobId: string;
  operationType: BulkOperationType;
  fileName: string;
  state: OperationState;
  totals: OperationTotals;
  /** completed ÷ (completed + failed), 0..1. */
  successRate: number;
  durationSeconds: number;
  startedAt: string;
  completedAt: string | null;
  /** Most frequent first. */
  topFailures: readonly FailureGroup[];
  /** A signed link to the results CSV; null in the 1:1 chat, where the bot sends the file itself. */
  resultsUrl: string | null;
  /** In the requester's 1:1 chat, next to the link: a button that sends the file itself (file consent). */
  offerFile?: boolean;
  /**
   * The notification channel's copy: no link and no results button, since the results file names mailboxes
   * and addresses; it says who has the file instead.
   */
  channelCopy?: boolean;
  /** Rows of the file that validation blocked, so they never ran (the job's `rowCounts.blocked`). */
  blockedAtValidation: number;
  requestedBy: string;
  /** Null when the job was never approved (a job stored without its decision). */
  approvedBy: string | null;
  retryOf: string | null;
  stopReason: ItemError | null;
}

/** What the bot knows beyond the engine's result: the job's file and people, and where the results go. */
export interface CompletionContext {
  fileName: string;
  resultsUrl: string | null;
  offerFile?: boolean;
  channelCopy?: boolean;
  /** @default 0 */
  blockedAtValidation?: number;
  /** @default '' (not named) */
  requestedBy?: string;
  /** @default null */
  approvedBy?: string | null;
}

export const MAX_FAILURE_GROUPS = 5;

export function toCompletionView(result: BulkOperationResult, context: CompletionContext): CompletionView {
  return {
    jobId: result.jobId,
    operationType: result.operationType,
    fileName: context.fileName,
    state: result.state,
    totals: result.totals,
    successRate: result.successRate,
    durationSeconds: result.durationSeconds,
    startedAt: result.startedAt,
    completedAt: result.completedAt,
    topFailures: groupFailures(result.items),
    resultsUrl: context.resultsUrl,
    ...(context.offerFile === true ? { offerFile: true } : {}),
    ...(context.channelCopy === true ? { channelCopy: true } : {}),
    blockedAtValidation: context.blockedAtValidation ?? 0,
    requestedBy: context.requestedBy ?? '',
    approvedBy: context.approvedBy ?? null,
    retryOf: result.retryOf,
    stopReason: result.stopReason,
  };
}

/** Failed items grouped by error code, most frequent first. */
export function groupFailures(items: readonly BulkOperationItem[]): FailureGroup[] {
  const counts: Record<string, number> = {};
  const examples = new Map<string, string>();
  for (const item of items) {
    if (item.status !== 'failed' || item.error === null) continue;
    counts[item.error.code] = (counts[item.error.code] ?? 0) + 1;
    if (!examples.has(item.error.code))
      examples.set(item.error.code, `Row ${formatCount(item.rowNumber)}: ${item.error.message}`);
  }
  return rankCodes(counts).map(({ code, count }) => ({ code, count, example: examples.get(code) ?? '' }));
}

export function renderCompletionCard(view: CompletionView): AdaptiveCard {
  const base = completionData(view);
  return renderFittingList(view.topFailures, MAX_FAILURE_GROUPS, (shown) =>
    expandCard(template, {
      ...base,
      hasFailures: shown.length > 0,
      failures: shown.map((group) => ({
        code: group.code,
        count: formatCount(group.count),
        example: shortenText(group.example, 240),
      })),
    }),
  ).card;
}

function completionData(view: CompletionView) {
  const { totals } = view;
  const state = describeOperationState(view.state);
  const facts = [
    { title: 'Success rate', value: describeSuccessRate(totals, view.successRate) },
    { title: 'Duration', value: formatDuration(view.durationSeconds) },
    { title: 'Started', value: formatDateTime(view.startedAt) },
  ];
  if (view.completedAt !== null) facts.push({ title: 'Finished', value: formatDateTime(view.completedAt) });
  if (view.requestedBy !== '') facts.push({ title: 'Requested by', value: shortenText(view.requestedBy, 120) });
  if (view.approvedBy !== null) facts.push({ title: 'Approved by', value: shortenText(view.approvedBy, 120) });
  const earlyStop = describeEarlyStop(view.state, totals);
  const stopNote = view.stopReason === null ? '' : `Stopped early: ${shortenText(view.stopReason.message, 300)}`;
  const retryable = totals.failed + totals.skipped;
  const channelCopy = view.channelCopy === true;
  return {
    jobId: view.jobId,
    heading: `${describeOperationType(view.operationType)} of ${countNoun(totals.total, 'mailbox', 'mailboxes')}`,
    stateText: state.label,
    stateColor: state.color,
    fileName: shortenText(view.fileName, 120),
    summary: summarise(view),
    counts: [
      countRow('Rows in the file', totals.total + view.blockedAtValidation),
      countRow('Completed', totals.completed, 'good'),
      countRow('Failed', totals.failed, 'attention'),
      countRow('Skipped', totals.skipped, 'warning'),
      ...(view.blockedAtValidation > 0
        ? [countRow('Blocked at validation', view.blockedAtValidation, 'attention')]
        : []),
    ],
    facts,
    hasNote: earlyStop !== null || stopNote !== '',
    note: [earlyStop, stopNote].filter((part) => part !== null && part !== '').join(' '),
    canRetry: retryable > 0,
    retryTitle: `Retry the ${describeRetryRows(totals)}`,
    hasResultsUrl: !channelCopy && view.resultsUrl !== null,
    resultsUrl: channelCopy ? '' : (view.resultsUrl ?? ''),
    offerResultsFile: !channelCopy && (view.resultsUrl === null || view.offerFile === true),
    resultsFileTitle: view.resultsUrl === null ? 'Download results' : 'Send the results file to this chat',
    footer: describeFooter(view),
  };
}

/** Over the rows attempted: rows that never started neither succeeded nor failed. */
function describeSuccessRate(totals: OperationTotals, successRate: number): string {
  const attempted = endedRows(totals);
  if (attempted === 0) return 'no row was attempted';
  return `${formatPercent(successRate)} of ${countNoun(attempted, 'row')} attempted`;
}

function describeRetryRows(totals: OperationTotals): string {
  const { failed, skipped } = totals;
  if (skipped === 0) return countNoun(failed, 'failed row');
  if (failed === 0) return countNoun(skipped, 'skipped row');
  return `${formatCount(failed)} failed and ${countNoun(skipped, 'skipped row')}`;
}

function summarise(view: CompletionView): string {
  const { total, completed, failed, skipped } = view.totals;
  const blocked = view.blockedAtValidation;
  if (view.state === 'completed' && blocked === 0) return `All ${countNoun(total, 'row')} completed.`;
  const parts = [`${formatCount(completed)} completed`];
  if (failed > 0) parts.push(`${formatCount(failed)} failed`);
  if (skipped > 0) parts.push(`${formatCount(skipped)} skipped`);
  if (blocked > 0) parts.push(`${formatCount(blocked)} blocked at validation`);
  const counts = `${parts.join(', ')} of ${countNoun(total + blocked, 'row')}.`;
  if (view.state === 'cancelled') return `Cancelled: ${counts}`;
  if (view.state === 'failed') return `The job stopped: ${counts}`;
  return counts.charAt(0).toUpperCase() + counts.slice(1);
}

/** Job ids are small print: people read the file name and the heading. */
function describeFooter(view: CompletionView): string {
  const retry = view.retryOf === null ? '' : `, a retry of job ${view.retryOf}`;
  const again =
    view.totals.failed + view.totals.skipped > 0 ? ' Retrying makes a new job, which needs approval again.' : '';
  const holder = view.requestedBy === '' ? 'the requester' : view.requestedBy;
  const results =
    view.channelCopy === true
      ? ` The results file names mailboxes, so it is not posted here: ${holder} gets it in a 1:1 chat with the bot.`
      : '';
  return `Job ${view.jobId}${retry}.${again}${results}`;
}
