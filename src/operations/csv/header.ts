import type { BulkOperationType } from '../model.ts';
import { BULK_OPERATION_TYPES } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { COLUMN_SPECS, canonicalColumnOf, inferType } from './column-specs.ts';
import { fileIssue, quoteValue } from './issues.ts';
import {
  describeIgnoredExportColumns,
  inferMailboxExportType,
  isMailboxExport,
  mapMailboxExportHeaders,
} from './powershell-export.ts';

export interface HeaderAnalysis {
  /** null when the type was not given and the headers do not tell. */
  type: BulkOperationType | null;
  /** Header cells as written (trimmed), up to the last named one. */
  headers: string[];
  /** How many cells the header line had, empty ones after the last name included. */
  cellCount: number;
  /** Canonical column → index of its cell. */
  columnIndex: Map<string, number>;
  issues: ValidationIssue[];
}

function listNames(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function dropTrailingEmpty(cells: readonly string[]): string[] {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width -= 1;
  return cells.slice(0, width);
}

/**
 * Maps the header cells to canonical columns of the operation (given or inferred) and reports problems.
 * `typeInformation` is Export-Csv's `#TYPE` line (dialect.ts), which marks a PowerShell export.
 */
export function analyseHeader(
  cells: readonly string[],
  explicitType: BulkOperationType | null,
  typeInformation: string | null = null,
): HeaderAnalysis {
  const headers = dropTrailingEmpty(cells);
  const fromPowerShell = isMailboxExport(headers, typeInformation);
  const aliased = headers.map((header) => (header === '' ? null : canonicalColumnOf(header)));
  const canonical = fromPowerShell ? mapMailboxExportHeaders(headers, aliased) : aliased;
  const found = new Set(canonical.filter((name) => name !== null));
  const exportType = fromPowerShell && explicitType === null ? inferMailboxExportType(found) : null;
  const type = explicitType ?? exportType ?? inferType(found);
  const columnIndex = new Map<string, number>();
  if (type === null) {
    const message =
      `The columns do not say which operation this file is for (${BULK_OPERATION_TYPES.join(', ')}). ` +
      'Pass the type explicitly, or start from a template so the header names the columns.';
    return { type, headers, cellCount: cells.length, columnIndex, issues: [fileIssue('UNKNOWN_TYPE', message)] };
  }
  const spec = COLUMN_SPECS[type];
  const known = new Set(spec.columns.map((column) => column.name));
  const issues: ValidationIssue[] = [];
  // Export-Csv writes every property Exchange has: one note for all of them, not one each.
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const name = canonical[index];
    if (fromPowerShell && (name === null || name === undefined || !known.has(name))) {
      ignored.push(header);
    } else if (header === '') {
      const message = `Column ${index + 1} has no header, so its values will be ignored.`;
      issues.push(fileIssue('UNKNOWN_COLUMN', message, { severity: 'warning' }));
    } else if (name === null || name === undefined || !known.has(name)) {
      const message = `Column ${quoteValue(header)} is not used by a ${type} file and will be ignored.`;
      issues.push(fileIssue('UNKNOWN_COLUMN', message, { column: header, severity: 'warning' }));
    } else {
      const first = columnIndex.get(name);
      if (first === undefined) columnIndex.set(name, index);
      else {
        const message =
          `Columns ${quoteValue(headers[first] ?? '')} and ${quoteValue(header)} both mean ${name}. ` +
          'Keep one of them.';
        issues.push(fileIssue('DUPLICATE_COLUMN', message, { column: name }));
      }
    }
  });
  if (ignored.length > 0) {
    const source = columnIndex.get('source_guid');
    const sourceHeader = source === undefined ? null : (headers[source] ?? null);
    issues.unshift(describeIgnoredExportColumns(sourceHeader, ignored, type, exportType !== null));
  }
  const required = spec.columns.filter((column) => column.required).map((column) => column.name);
  for (const name of required.filter((column) => !columnIndex.has(column))) {
    const message =
      `The ${type} file has no ${name} column. It needs ${listNames(required)}, ` +
      'and the first line must be the header.';
    issues.push(fileIssue('MISSING_COLUMN', message, { column: name }));
  }
  return { type, headers, cellCount: cells.length, columnIndex, issues };
}
