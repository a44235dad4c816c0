/**
 * How the validation summary orders what it found: every blocker before any warning, because a blocked row
 * is what stops the job and a warning is only worth a look. Blockers are listed row by row (file-level ones
 * first); warnings are summarised by code, since one warning on most rows (holds, say) would crowd out the
 * few rows that are blocked.
 */
import type { ValidationIssue } from '../operations/validation-issue.ts';
import { rankCodes } from './count-rows.ts';

/** A row's errors, or the file's (row `null`), in the order they were found. */
export interface Blocker {
  row: number | null;
  errors: ValidationIssue[];
}

/** Warnings sharing a code, with the first one as the example sentence. */
export interface WarningGroup {
  code: string;
  count: number;
  example: ValidationIssue;
}

/** File-level errors first, then each row with an error, by row number. */
export function listBlockers(issues: readonly ValidationIssue[]): Blocker[] {
  const byRow = new Map<number | null, ValidationIssue[]>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const errors = byRow.get(issue.row);
    if (errors === undefined) byRow.set(issue.row, [issue]);
    else errors.push(issue);
  }
  return [...byRow.entries()].map(([row, errors]) => ({ row, errors })).sort((a, b) => (a.row ?? -1) - (b.row ?? -1));
}

/** Warning codes by how often they occur, each with its first warning. */
export function summariseWarnings(issues: readonly ValidationIssue[]): WarningGroup[] {
  const counts: Record<string, number> = {};
  const examples = new Map<string, ValidationIssue>();
  for (const issue of issues) {
    if (issue.severity !== 'warning') continue;
    counts[issue.code] = (counts[issue.code] ?? 0) + 1;
    if (!examples.has(issue.code)) examples.set(issue.code, issue);
  }
  return rankCodes(counts).flatMap(({ code, count }) => {
    const example = examples.get(code);
    return example === undefined ? [] : [{ code, count, example }];
  });
}
