import type { BulkOperationItem, BulkOperationType } from '../model.ts';
import { blockedRows, type ValidationIssue } from '../validation-issue.ts';
import { COLUMN_SPECS } from './column-specs.ts';
import { decodeCsvBytes } from './decode.ts';
import { detectDialect, type CsvDialect } from './dialect.ts';
import { analyseHeader, type HeaderAnalysis } from './header.ts';
import { fileIssue, formatCount, sortIssues } from './issues.ts';
import { readRecords, type ReadFailure } from './read-records.ts';
import { createRowChecker, type CheckedRow } from './row-checker.ts';
import { DEFAULT_CSV_LIMITS, type CsvRow, type ImportOptions, type ImportResult } from './types.ts';

interface ReadBody {
  header: HeaderAnalysis | null;
  rows: CsvRow[];
  items: BulkOperationItem[];
  issues: ValidationIssue[];
  tooManyRows: boolean;
  failure: ReadFailure | null;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Trims the cells in place (the array is csv-parse's, used once); true when every cell is empty. */
function trimInPlace(cells: string[]): boolean {
  let blank = true;
  for (let index = 0; index < cells.length; index += 1) {
    const value = (cells[index] ?? '').trim();
    cells[index] = value;
    if (value !== '') blank = false;
  }
  return blank;
}

/** The first non-blank record is the header; rows whose cells are all empty are blank lines. */
function readBody(
  decoded: { body: Buffer; hasReplacedBytes: boolean },
  dialect: CsvDialect,
  explicitType: BulkOperationType | null,
  maxRows: number,
): ReadBody {
  const read: ReadBody = { header: null, rows: [], items: [], issues: [], tooManyRows: false, failure: null };
  let checkRow: ((row: CsvRow) => CheckedRow) | null = null;
  read.failure = readRecords(decoded.body, dialect, (values, line) => {
    if (trimInPlace(values) || read.tooManyRows) return;
    if (read.header === null) {
      const header = analyseHeader(values, explicitType, dialect.typeInformation);
      read.header = header;
      read.issues.push(...header.issues);
      if (header.type !== null) {
        checkRow = createRowChecker({
          type: header.type,
          columnIndex: header.columnIndex,
          headerWidth: header.headers.length,
          headerCellCount: header.cellCount,
          delimiter: dialect.delimiter,
          hasReplacedBytes: decoded.hasReplacedBytes,
        });
      }
    } else if (read.rows.length >= maxRows) {
      read.tooManyRows = true;
    } else {
      const row = { rowNumber: line, values };
      read.rows.push(row);
      if (checkRow === null) return;
      const checked = checkRow(row);
      read.items.push(checked.item);
      if (checked.issues.length > 0) read.issues.push(...checked.issues);
    }
  });
  return read;
}

/** Problems with the file as a whole that only show once every record has been read. */
function findFileProblems(read: ReadBody, type: BulkOperationType | null, maxRows: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (read.failure !== null) {
    const message =
      `The file could not be read as CSV from line ${read.failure.line} on. Check that line for a stray ` +
      'double quote (") or a quoted value that is never closed.';
    issues.push(fileIssue('NOT_CSV', message));
  } else if (read.header === null) {
    // An export with nothing in it means "every inactive mailbox".
    if (type !== 'export') {
      const message = 'The file is empty. Start from a template: it has the header and an example row.';
      issues.push(fileIssue('EMPTY_FILE', message));
    }
  } else if (read.rows.length === 0 && type !== 'export' && type !== null) {
    const message = 'The file has a header but no data rows. Add one row per mailbox under the header.';
    issues.push(fileIssue('NO_ROWS', message));
  }
  if (type === 'export' && read.rows.length > 0 && !read.header?.columnIndex.has('source_guid')) {
    const message =
      'The export file has rows but no source_guid column. Name the mailboxes in a source_guid column, ' +
      'or upload a file with only the header to export every inactive mailbox.';
    issues.push(fileIssue('MISSING_COLUMN', message, { column: 'source_guid' }));
  }
  if (read.tooManyRows) {
    const limit = formatCount(maxRows);
    const message =
      `The file has more than ${limit} data rows; only the first ${limit} were read. ` +
      `Split it into files of at most ${limit} rows.`;
    issues.push(fileIssue('TOO_MANY_ROWS', message));
  }
  return issues;
}

/**
 * Reads an admin's CSV into items and issues. Never throws on content: every problem, from an empty or
 * binary file to a bad cell, is a ValidationIssue with a sentence the admin understands.
 */
export function importCsv(input: Uint8Array, options: ImportOptions = {}): ImportResult {
  const limits = { ...DEFAULT_CSV_LIMITS, ...options.limits };
  const explicitType = options.type ?? null;
  const empty: ImportResult = {
    type: explicitType,
    items: [],
    issues: [],
    headers: [],
    rows: [],
    delimiter: ',',
    encoding: 'utf-8',
  };
  if (input.byteLength > limits.maxBytes) {
    const message =
      `The file is ${formatSize(input.byteLength)}; the limit is ${formatSize(limits.maxBytes)}. ` +
      'Split it into smaller files.';
    return { ...empty, issues: [fileIssue('FILE_TOO_LARGE', message)] };
  }
  const decoded = decodeCsvBytes(input);
  if (!decoded.ok) return { ...empty, encoding: decoded.encoding, issues: [decoded.issue] };
  const dialect = detectDialect(decoded.body);
  const read = readBody(decoded, dialect, explicitType, limits.maxRows);
  const type = read.header?.type ?? explicitType;
  const issues = [...decoded.warnings, ...read.issues, ...findFileProblems(read, type, limits.maxRows)];
  const columnOrder = type === null ? [] : COLUMN_SPECS[type].columns.map((column) => column.name);
  return {
    type,
    items: read.items,
    issues: sortIssues(issues, columnOrder),
    headers: read.header?.headers ?? [],
    rows: read.rows,
    delimiter: dialect.delimiter,
    encoding: decoded.encoding,
  };
}

/**
 * The items that can run: none while the file has a file-level error, otherwise those whose row has no
 * error. `extraIssues` (the tenant pre-flight's) block rows the same way.
 */
export function readyItems(result: ImportResult, extraIssues: readonly ValidationIssue[] = []): BulkOperationItem[] {
  const issues = [...result.issues, ...extraIssues];
  if (issues.some((issue) => issue.row === null && issue.severity === 'error')) return [];
  const blocked = blockedRows(issues);
  return result.items.filter((item) => !blocked.has(item.rowNumber));
}
