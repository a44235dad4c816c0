/**
 * A problem found in an admin's file, as data (never an exception): where it is, a stable code, and one
 * sentence the admin understands. File-level issues have `row: null`; issues about a whole row have
 * `column: null`. The CSV checks and the tenant pre-flight both speak this shape.
 */
export type IssueSeverity = 'error' | 'warning';

export interface ValidationIssue {
  row: number | null;
  column: string | null;
  code: string;
  severity: IssueSeverity;
  message: string;
}

export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Rows that carry at least one error: these items are blocked. */
export function blockedRows(issues: readonly ValidationIssue[]): Set<number> {
  const rows = new Set<number>();
  for (const issue of issues) if (issue.severity === 'error' && issue.row !== null) rows.add(issue.row);
  return rows;
}
