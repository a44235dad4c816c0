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
  retryOf: string | null;
  stopReason: ItemError | null;
}

export const MAX_FAILURE_GROUPS = 5;

export function toCompletionView(
  result: BulkOperationResult,
  context: { fileName: string; resultsUrl: string | null; offerFile?: boolean },
): CompletionView {
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
    { title: 'Success rate', value: formatPercent(view.successRate) },
    { title: 'Duration', value: formatDuration(view.durationSeconds) },
    { title: 'Started', value: formatDateTime(view.startedAt) },
  ];
  if (view.completedAt !== null) facts.push({ title: 'Finished', value: formatDateTime(view.completedAt) });
  return {
    jobId: view.jobId,
    heading: `${describeOperationType(view.operationType)} of ${countNoun(totals.total, 'mailbox', 'mailboxes')}`,
    stateText: state.label,
    stateColor: state.color,
    fileName: shortenText(view.fileName, 120),
    summary: summarise(view),
    counts: [
      countRow('Rows', totals.total),
      countRow('Completed', totals.completed, 'good'),
      countRow('Failed', totals.failed, 'attention'),
      countRow('Skipped', totals.skipped, 'warning'),
    ],
    facts,
    hasNote: view.stopReason !== null,
    note: view.stopReason === null ? '' : `Stopped early: ${shortenText(view.stopReason.message, 300)}`,
    canRetry: totals.failed > 0,
    retryTitle: `Retry the ${countNoun(totals.failed, 'failed row')}`,
    hasResultsUrl: view.resultsUrl !== null,
    resultsUrl: view.resultsUrl ?? '',
    offerResultsFile: view.resultsUrl === null || view.offerFile === true,
    resultsFileTitle: view.resultsUrl === null ? 'Download results' : 'Send the results file to this chat',
    footer: describeFooter(view),
  };
}

function summarise(view: CompletionView): string {
  const { total, completed, failed, skipped } = view.totals;
  if (view.state === 'completed') return `All ${countNoun(total, 'row')} completed.`;
  const parts = [`${formatCount(completed)} completed`];
  if (failed > 0) parts.push(`${formatCount(failed)} failed`);
  if (skipped > 0) parts.push(`${formatCount(skipped)} skipped`);
  const counts = `${parts.join(', ')} of ${countNoun(total, 'row')}.`;
  if (view.state === 'cancelled') return `Cancelled: ${counts}`;
  if (view.state === 'failed') return `The job stopped: ${counts}`;
  return counts.charAt(0).toUpperCase() + counts.slice(1);
}

/** Job ids are small print: people read the file name and the heading. */
function describeFooter(view: CompletionView): string {
  const retry = view.retryOf === null ? '' : `, a retry of job ${view.retryOf}`;
  const again = view.totals.failed > 0 ? ' Retrying makes a new job, which needs approval again.' : '';
  return `Job ${view.jobId}${retry}.${again}`;
}
