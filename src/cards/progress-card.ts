/**
 * The one live card per job, updated in place as rows finish: a bar, the counts, speed and time left, the
 * latest errors, and, for restores, where the Exchange restore requests are.
 */
import type { ProgressError, ProgressSnapshot } from '../operations/bulk/progress-tracker.ts';
import type { BulkOperationType, ItemError, OperationState, OperationTotals } from '../operations/model.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { countRow } from './count-rows.ts';
import {
  describeOperationType,
  formatCount,
  formatDateTime,
  formatPercent,
  formatThroughput,
  formatTimeLeft,
  shortenText,
} from './format.ts';
import { describeOperationState } from './job-states.ts';
import { buildProgressBar, finishedRatio } from './progress-bar.ts';
import { describeEarlyStop, endedRows } from './row-outcomes.ts';
import template from './templates/progress.json' with { type: 'json' };

/** Restore rows wait for Exchange to copy: how many requests are submitted, copying, and done. */
export interface RestoreRequestCounts {
  submitted: number;
  inProgress: number;
  completed: number;
  /** Exchange's PercentComplete (0–100) averaged over the job's requests; null before any was submitted. */
  percentComplete?: number | null;
}

export interface ProgressView {
  jobId: string;
  operationType: BulkOperationType;
  fileName: string;
  state: OperationState;
  totals: OperationTotals;
  throughputPerMinute: number;
  etaSeconds: number | null;
  /** The latest failures, oldest first. */
  lastErrors: readonly ProgressError[];
  restoreRequests: RestoreRequestCounts | null;
  /** Someone asked to cancel: the rows in flight are finishing. */
  cancelRequested: boolean;
  stopReason: ItemError | null;
  /** "interrupted by a restart, resumed at start-up" (bot/job-interruption.ts): the state shows Interrupted. */
  interruption: string | null;
  updatedAt: string;
}

export interface ProgressContext {
  fileName: string;
  updatedAt: string;
  restoreRequests?: RestoreRequestCounts | null;
  cancelRequested?: boolean;
  stopReason?: ItemError | null;
  interruption?: string | null;
}

export const MAX_LISTED_ERRORS = 5;

export function toProgressView(snapshot: ProgressSnapshot, context: ProgressContext): ProgressView {
  return {
    jobId: snapshot.jobId,
    operationType: snapshot.operationType,
    fileName: context.fileName,
    state: snapshot.state,
    totals: snapshot.totals,
    throughputPerMinute: snapshot.throughputPerMinute,
    etaSeconds: snapshot.etaSeconds,
    lastErrors: snapshot.lastErrors,
    restoreRequests: context.restoreRequests ?? null,
    cancelRequested: context.cancelRequested ?? false,
    stopReason: context.stopReason ?? null,
    interruption: context.interruption ?? null,
    updatedAt: context.updatedAt,
  };
}

export function renderProgressCard(view: ProgressView): AdaptiveCard {
  const base = progressData(view);
  return renderFittingList(view.lastErrors.slice(-MAX_LISTED_ERRORS).reverse(), MAX_LISTED_ERRORS, (shown) =>
    expandCard(template, {
      ...base,
      hasErrors: shown.length > 0,
      errorsHeading: shown.length === 1 ? 'Latest error' : `Latest ${shown.length} errors`,
      errors: shown.map((error) => ({
        where: `Row ${formatCount(error.row)}`,
        message: shortenText(error.message, 240),
      })),
    }),
  ).card;
}

function progressData(view: ProgressView) {
  const { totals } = view;
  const running = view.state === 'running';
  const cancelling = running && view.cancelRequested;
  const interrupted = running && view.interruption !== null;
  const state = cancelling
    ? { label: 'Cancelling', color: 'warning' as const }
    : interrupted
      ? { label: 'Interrupted', color: 'warning' as const }
      : describeOperationState(view.state);
  const restore = view.restoreRequests;
  return {
    jobId: view.jobId,
    heading: `${describeOperationType(view.operationType)} of ${formatCount(totals.total)} ${totals.total === 1 ? 'mailbox' : 'mailboxes'}`,
    stateText: state.label,
    stateColor: state.color,
    fileName: shortenText(view.fileName, 120),
    bar: buildProgressBar(totals),
    percentText: describePercent(view),
    counts: [
      countRow('Completed', totals.completed, 'good'),
      countRow('Failed', totals.failed, 'attention'),
      countRow('Skipped', totals.skipped, 'warning'),
      countRow('In progress', totals.inProgress, 'accent'),
      countRow('Pending', totals.pending),
    ],
    rateText: describePace(view, cancelling),
    hasRestore: restore !== null,
    restoreFacts:
      restore === null
        ? []
        : [
            { title: 'Submitted', value: formatCount(restore.submitted) },
            { title: 'In progress', value: formatCount(restore.inProgress) },
            { title: 'Completed', value: formatCount(restore.completed) },
            ...(restore.percentComplete === undefined || restore.percentComplete === null
              ? []
              : [{ title: 'Copied (average)', value: formatPercent(restore.percentComplete / 100) }]),
          ],
    hasNote: view.stopReason !== null || interrupted,
    note: describeNote(view, interrupted),
    canCancel: running && !view.cancelRequested,
    isRunning: running,
    footer: `Job ${view.jobId}. Updated ${formatDateTime(view.updatedAt)}.`,
  };
}

function describeNote(view: ProgressView, interrupted: boolean): string {
  if (view.stopReason !== null) return `Stopped early: ${shortenText(view.stopReason.message, 300)}`;
  if (!interrupted || view.interruption === null) return '';
  // Why the counts can stand still for a moment: a row found in progress is checked against the tenant first.
  const phrase = `${view.interruption.charAt(0).toUpperCase()}${view.interruption.slice(1)}`;
  return `${phrase}. Rows that were in progress are checked against the tenant before anything is done again.`;
}

function describePercent(view: ProgressView): string {
  const { totals } = view;
  const done = `${formatPercent(finishedRatio(totals))} done: ${formatCount(endedRows(totals))} of ${formatCount(totals.total)} rows finished`;
  const stop = describeEarlyStop(view.state, totals);
  return stop === null ? done : `${stop} ${done}`;
}

function describePace(view: ProgressView, cancelling: boolean): string {
  if (cancelling) return 'Cancelling: the rows in flight finish first; no new rows start.';
  if (view.state !== 'running') return 'Finished. The summary has the details.';
  const pace = formatThroughput(view.throughputPerMinute);
  const left = formatTimeLeft(view.etaSeconds);
  return `${pace.charAt(0).toUpperCase()}${pace.slice(1)}, ${left}.`;
}
