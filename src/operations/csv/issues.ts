import type { IssueSeverity, ValidationIssue } from '../validation-issue.ts';

export function fileIssue(
  code: string,
  message: string,
  options: { column?: string; severity?: IssueSeverity } = {},
): ValidationIssue {
  return { row: null, column: options.column ?? null, code, severity: options.severity ?? 'error', message };
}

export function rowIssue(
  row: number,
  column: string | null,
  code: string,
  message: string,
  severity: IssueSeverity = 'error',
): ValidationIssue {
  return { row, column, code, severity, message };
}

/** A cell value quoted for a sentence, shortened so one pasted paragraph does not flood the card. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * File-level issues first (in the order found), then by row, then by the column's place in `columnOrder`
 * (whole-row issues before column issues, unknown columns last). The sort is stable.
 */
export function sortIssues(issues: readonly ValidationIssue[], columnOrder: readonly string[]): ValidationIssue[] {
  const rank = (column: string | null): number => {
    if (column === null) return -1;
    const index = columnOrder.indexOf(column);
    return index === -1 ? columnOrder.length : index;
  };
  return [...issues].sort((a, b) => {
    if (a.row === null || b.row === null) return a.row === b.row ? 0 : a.row === null ? -1 : 1;
    return a.row - b.row || rank(a.column) - rank(b.column);
  });
}
