/**
 * What the bot answers after checking an upload: the counts, the first issues, what each code amounts to,
 * and what the admin can do next. Long files are summarised: the full report is a CSV behind a link.
 */
import type { PreparedJob } from '../operations/jobs/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import type { ValidationIssue } from '../operations/validation-issue.ts';
import { expandCard, type AdaptiveCard } from './adaptive-card.ts';
import { renderFittingList } from './card-limits.ts';
import { countRow, rankCodes } from './count-rows.ts';
import { countNoun, describeOperationType, formatCount, shortenText } from './format.ts';
import type { StateColor } from './job-states.ts';
import template from './templates/validation-summary.json' with { type: 'json' };

export interface ValidationSummaryView {
  jobId: string;
  fileName: string;
  /** null when the headers did not say: the card then offers no submission (ask with the type card). */
  operationType: BulkOperationType | null;
  counts: { total: number; ready: number; withWarnings: number; blocked: number };
  /** Every issue, file-level first, then by row: the card shows as many as fit. */
  issues: readonly ValidationIssue[];
  issuesByCode: Readonly<Record<string, number>>;
  contentHash: string;
  /** The full validation report CSV; null when the bot offers it another way. */
  reportUrl: string | null;
}

/** At most this many issues are listed even when more would fit: the report has the rest. */
export const MAX_LISTED_ISSUES = 30;
const MAX_LISTED_CODES = 10;

export function toValidationSummaryView(job: PreparedJob, reportUrl: string | null): ValidationSummaryView {
  return {
    jobId: job.jobId,
    fileName: job.fileName,
    operationType: job.type,
    counts: job.counts,
    issues: job.issues,
    issuesByCode: job.issuesByCode,
    contentHash: job.readyRowsHash,
    reportUrl,
  };
}

export function renderValidationSummaryCard(view: ValidationSummaryView): AdaptiveCard {
  const base = summaryData(view);
  return renderFittingList(view.issues, MAX_LISTED_ISSUES, (shown) =>
    expandCard(template, {
      ...base,
      hasIssues: shown.length > 0,
      issuesHeading:
        shown.length === view.issues.length
          ? `Issues (${formatCount(shown.length)})`
          : `First ${formatCount(shown.length)} of ${countNoun(view.issues.length, 'issue')}`,
      issues: shown.map(issueData),
    }),
  ).card;
}

function summaryData(view: ValidationSummaryView) {
  const { total, ready, withWarnings, blocked } = view.counts;
  const typed = view.operationType !== null;
  const codes = rankCodes(view.issuesByCode);
  const hidden = codes.slice(MAX_LISTED_CODES);
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
    hasCodes: codes.length > 0,
    codes: codes.slice(0, MAX_LISTED_CODES).map(({ code, count }) => ({ code, count: formatCount(count) })),
    hasMoreCodes: hidden.length > 0,
    moreCodes: `…and ${countNoun(hidden.length, 'other code')} (${countNoun(
      hidden.reduce((sum, entry) => sum + entry.count, 0),
      'issue',
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

function issueData(issue: ValidationIssue) {
  return {
    where: issue.row === null ? 'File' : `Row ${formatCount(issue.row)}`,
    color: issue.severity === 'error' ? 'attention' : 'warning',
    column: issue.column === null ? '' : shortenText(issue.column, 40),
    message: shortenText(issue.message, 280),
  };
}
