/**
 * What the bot answers after checking an upload: the counts, every blocked row (or as many as fit, and how
 * many more), the warnings by code, and what the admin can do next. The full report is a CSV behind a link.
 */
import type { PreparedJob } from '../operations/jobs/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import type { ValidationIssue } from '../operations/validation-issue.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { countRow } from './count-rows.ts';
import { countNoun, describeOperationType, formatCount, shortenText } from './format.ts';
import type { StateColor } from './job-states.ts';
import { listBlockers, summariseWarnings, type Blocker, type WarningGroup } from './validation-issues.ts';
import template from './templates/validation-summary.json' with { type: 'json' };

export interface ValidationSummaryView {
  jobId: string;
  fileName: string;
  /** null when the headers did not say: the card then offers no submission (ask with the type card). */
  operationType: BulkOperationType | null;
  counts: { total: number; ready: number; withWarnings: number; blocked: number };
  /** Every issue, in any order: the card lists the blockers first and summarises the warnings by code. */
  issues: readonly ValidationIssue[];
  contentHash: string;
  /** The full validation report CSV; null when the bot offers it another way. */
  reportUrl: string | null;
}

/** At most this many blocked rows are listed even when more would fit: the report has the rest. */
export const MAX_LISTED_BLOCKERS = 30;
/** A row with many errors shows the first few: the row is named either way. */
const MAX_ERRORS_PER_ROW = 3;
const MAX_WARNING_CODES = 10;

export function toValidationSummaryView(job: PreparedJob, reportUrl: string | null): ValidationSummaryView {
  return {
    jobId: job.jobId,
    fileName: job.fileName,
    operationType: job.type,
    counts: job.counts,
    issues: job.issues,
    contentHash: job.readyRowsHash,
    reportUrl,
  };
}

export function renderValidationSummaryCard(view: ValidationSummaryView): AdaptiveCard {
  const base = summaryData(view);
  const blockers = listBlockers(view.issues);
  // Only blockers compete for the space left: warnings are a fixed-size summary, so a warning never
  // takes the place of a blocked row.
  return renderFittingList(blockers, MAX_LISTED_BLOCKERS, (shown) =>
    expandCard(template, {
      ...base,
      hasBlockers: blockers.length > 0,
      blockersHeading: describeBlockersHeading(blockers, shown.length),
      blockers: shown.map(blockerData),
      hasHiddenBlockers: shown.length < blockers.length,
      hiddenBlockers: describeHiddenBlockers(blockers.slice(shown.length)),
    }),
  ).card;
}

function summaryData(view: ValidationSummaryView) {
  const { total, ready, withWarnings, blocked } = view.counts;
  const typed = view.operationType !== null;
  const warnings = summariseWarnings(view.issues);
  const hidden = warnings.slice(MAX_WARNING_CODES);
  const verdict = describeVerdict(view);
  return {
    jobId: view.jobId,
    contentHash: view.contentHash,
    heading: `${view.operationType ? `${describeOperationType(view.operationType)} file` : 'File'} checked: ${countNoun(total, 'row')}`,
    fileName: shortenText(view.fileName, 120),
    verdict: verdict.text,
    verdictColor: verdict.color,
    counts: [
      countRow('Rows in the file', total),
      countRow('Ready', ready, 'good'),
      // A subset of the ready rows: named so that the counts do not seem to add up to more than the file.
      countRow('Of these, with warnings', withWarnings, 'warning'),
      countRow('Blocked', blocked, 'attention'),
    ],
    showGuidance: blocked > 0 || !typed,
    guidance: describeGuidance(view),
    hasWarnings: warnings.length > 0,
    warningsHeading: `Warnings by code (${countNoun(
      warnings.reduce((sum, group) => sum + group.count, 0),
      'warning',
    )})`,
    warnings: warnings.slice(0, MAX_WARNING_CODES).map(warningData),
    hasMoreWarnings: hidden.length > 0,
    moreWarnings: `…and ${countNoun(hidden.length, 'other warning code')} (${countNoun(
      hidden.reduce((sum, group) => sum + group.count, 0),
      'warning',
    )}).`,
    footer: `Content hash ${view.contentHash}: approval is bound to exactly these ready rows. Job ${view.jobId}.`,
    canSubmit: typed && ready > 0 && blocked === 0,
    canSubmitReadyOnly: typed && ready > 0 && blocked > 0,
    submitReadyOnlyTitle: `Submit only the ${countNoun(ready, 'ready row')}`,
    hasReport: view.reportUrl !== null,
    reportUrl: view.reportUrl ?? '',
  };
}

function describeVerdict(view: ValidationSummaryView): { text: string; color: StateColor } {
  const { total, ready, withWarnings, blocked } = view.counts;
  const are = (count: number): string => (count === 1 ? 'is' : 'are');
  // A file that could not be read has no rows and no type either; its file-level error, listed below, says why.
  const unreadable = view.issues.some(
    (issue) => issue.row === null && issue.severity === 'error' && issue.code !== 'UNKNOWN_TYPE',
  );
  if (total === 0 && unreadable)
    return { text: 'The file could not be read: see the error below.', color: 'attention' };
  if (view.operationType === null) return { text: 'I could not tell what this file is for.', color: 'attention' };
  if (total === 0) return { text: 'The file has no data rows.', color: 'attention' };
  if (ready === 0) {
    const which = total === 1 ? 'the row is' : `all ${countNoun(total, 'row')} are`;
    return { text: `Nothing can run: ${which} blocked.`, color: 'attention' };
  }
  if (blocked > 0) {
    return {
      text: `${formatCount(blocked)} of ${countNoun(total, 'row')} ${are(blocked)} blocked; ${formatCount(ready)} ${are(ready)} ready.`,
      color: 'attention',
    };
  }
  const allReady = total === 1 ? 'The row is ready' : `All ${countNoun(total, 'row')} are ready`;
  if (withWarnings > 0) {
    const have = withWarnings === 1 ? 'has a warning' : 'have warnings';
    return {
      text: `${allReady}; ${formatCount(withWarnings)} ${have} worth a look.`,
      color: 'warning',
    };
  }
  return { text: `${allReady}.`, color: 'good' };
}

function describeGuidance(view: ValidationSummaryView): string {
  if (view.operationType === null) {
    return 'Use the column names of a template (type "template recovery" or "template restore"), or tell me what the file is for.';
  }
  if (view.counts.ready === 0) return 'Fix the blocked rows (the full report lists each one) and send the file again.';
  return (
    'Fix the blocked rows and send the file again, or submit only the ready rows: the blocked rows are left out, ' +
    'and the approver sees the content hash of exactly the rows that will run.'
  );
}

function describeBlockersHeading(blockers: readonly Blocker[], shownCount: number): string {
  const rows = blockers.filter((blocker) => blocker.row !== null).length;
  const fileErrors = blockers.length > rows;
  const what = rows === 0 ? 'Errors in the file' : fileErrors ? 'Errors in the file and blocked rows' : 'Blocked rows';
  if (shownCount === blockers.length) return rows === 0 ? what : `${what} (${formatCount(rows)})`;
  const shownRows = blockers.slice(0, shownCount).filter((blocker) => blocker.row !== null).length;
  return `${what}: the first ${countNoun(shownRows, 'row')} of ${formatCount(rows)}`;
}

function describeHiddenBlockers(hidden: readonly Blocker[]): string {
  const rows = hidden.filter((blocker) => blocker.row !== null).length;
  const what = rows === hidden.length ? countNoun(rows, 'more blocked row') : 'more errors';
  return `…and ${what}: see the full report.`;
}

function blockerData(blocker: Blocker) {
  const extra = blocker.errors.length - MAX_ERRORS_PER_ROW;
  return {
    where: blocker.row === null ? 'File' : `Row ${formatCount(blocker.row)}`,
    errors: blocker.errors.slice(0, MAX_ERRORS_PER_ROW).map((issue) => ({
      hasColumn: issue.column !== null,
      column: issue.column === null ? '' : shortenText(issue.column, 40),
      message: shortenText(issue.message, 280),
    })),
    hasMoreErrors: extra > 0,
    moreErrors: `…and ${countNoun(extra, 'more error')} on this ${blocker.row === null ? 'file' : 'row'}.`,
  };
}

function warningData(group: WarningGroup) {
  const where = group.example.row === null ? 'the file' : `row ${formatCount(group.example.row)}`;
  return {
    code: group.code,
    count: formatCount(group.count),
    example: `${group.count === 1 ? 'On' : 'First on'} ${where}: ${shortenText(group.example.message, 200)}`,
  };
}
