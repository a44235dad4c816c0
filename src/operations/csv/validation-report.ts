import type { ValidationIssue } from '../validation-issue.ts';
import type { ImportResult } from './types.ts';
import { writeCsv } from './write-csv.ts';

export type RowStatus = 'ready' | 'warning' | 'blocked';

function describeIssue(issue: ValidationIssue): string {
  return issue.column === null
    ? `${issue.code}: ${issue.message}`
    : `${issue.code} (${issue.column}): ${issue.message}`;
}

function issueKey(issue: ValidationIssue): string {
  return JSON.stringify([issue.row, issue.column, issue.code, issue.message]);
}

/** `result.issues` followed by the other issues given, each once. */
function mergeIssues(result: ImportResult, issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return [...result.issues, ...issues].filter((issue) => {
    const key = issueKey(issue);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The admin's own file, row by row, with two columns added: `status` (ready | warning | blocked) and `issues`
 * (each issue as `CODE (column): sentence`, joined by "; "). Input columns keep their header names and order.
 *
 * `issues` are reported besides `result.issues` (typically the tenant pre-flight's); passing a list that
 * already contains `result.issues` is fine. A file-level error blocks every row and is repeated on each,
 * because no row of that file can run until it is fixed.
 */
export function writeValidationReport(result: ImportResult, issues: readonly ValidationIssue[]): Buffer {
  const all = mergeIssues(result, issues);
  const fileErrors = all.filter((issue) => issue.row === null && issue.severity === 'error');
  const byRow = new Map<number, ValidationIssue[]>();
  for (const issue of all) {
    if (issue.row === null) continue;
    const list = byRow.get(issue.row) ?? [];
    list.push(issue);
    byRow.set(issue.row, list);
  }
  const width = result.headers.length;
  const rows = result.rows.map((row) => {
    const rowIssues = [...fileErrors, ...(byRow.get(row.rowNumber) ?? [])];
    const status: RowStatus = rowIssues.some((issue) => issue.severity === 'error')
      ? 'blocked'
      : rowIssues.length > 0
        ? 'warning'
        : 'ready';
    const cells = Array.from({ length: width }, (_, index) => row.values[index] ?? '');
    return [...cells, status, rowIssues.map(describeIssue).join('; ')];
  });
  return writeCsv([...result.headers, 'status', 'issues'], rows);
}
