import { createItem, type BulkOperationItem, type BulkOperationType } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { describeInvalidCell, normaliseCell } from './check-cell.ts';
import { COLUMN_SPECS, type ColumnSpec } from './column-specs.ts';
import { quoteValue, rowIssue } from './issues.ts';
import type { CsvDelimiter, CsvRow } from './types.ts';

export interface RowCheckerOptions {
  type: BulkOperationType;
  /** Canonical column → index of its cell (the first such header when a column is repeated). */
  columnIndex: ReadonlyMap<string, number>;
  /** Header cells up to the last named one. */
  headerWidth: number;
  /** Header cells including empty ones after the last named one (trailing delimiters). */
  headerCellCount: number;
  delimiter: CsvDelimiter;
  /** The decoder replaced bad bytes with U+FFFD (decode.ts): a cell holding one is reported, not checked. */
  hasReplacedBytes?: boolean;
}

export interface CheckedRow {
  item: BulkOperationItem;
  issues: ValidationIssue[];
}

interface RowValues {
  source: string;
  target: string | null;
  additionalData: Record<string, string>;
  /** Normalised values that passed their check, or null: only those take part in duplicate checks. */
  validSource: string | null;
  validTarget: string | null;
  validSmtp: string | null;
  issues: ValidationIssue[];
}

const DELIMITER_NAMES: Record<CsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

const REPLACEMENT_CHARACTER = '\ufffd';

function describeReplacedBytes(row: CsvRow, column: ColumnSpec, raw: string): string {
  return (
    `Row ${row.rowNumber}: ${column.name} ${quoteValue(raw)} has a byte that is not UTF-8 (shown as ${REPLACEMENT_CHARACTER}). ` +
    'Retype that character and save the file as "CSV UTF-8" again.'
  );
}

/**
 * Whether a row's cells sit under the header's columns. Empty cells past the last named column are fine up to
 * as many as the header line itself had (Excel pads every line to the same width); one more cell than that is a
 * value that spilled over, even when the spilled cell is empty.
 */
function isAligned(values: readonly string[], width: number, headerCellCount: number): boolean {
  if (values.length < width || values.length > Math.max(width, headerCellCount)) return false;
  for (let index = width; index < values.length; index += 1) if (values[index] !== '') return false;
  return true;
}

function describeMisalignedRow(row: CsvRow, width: number, delimiter: CsvDelimiter): string {
  return (
    `Row ${row.rowNumber} has ${row.values.length} values but the header has ${width} columns. Check for a missing ` +
    `${DELIMITER_NAMES[delimiter]}, and put any value that contains one in double quotes.`
  );
}

/**
 * Checks data rows one by one and builds their items. It remembers sources and target addresses already
 * seen, so that a repeat is reported on the later row, naming the first.
 */
export function createRowChecker(options: RowCheckerOptions): (row: CsvRow) => CheckedRow {
  const { type, columnIndex, headerWidth, headerCellCount, delimiter, hasReplacedBytes = false } = options;
  const spec = COLUMN_SPECS[type];
  const present: { column: ColumnSpec; index: number }[] = [];
  for (const column of spec.columns) {
    const index = columnIndex.get(column.name);
    if (index !== undefined) present.push({ column, index });
  }
  const firstRowOfSource = new Map<string, number>();
  const firstUseOfAddress = new Map<string, { row: number; column: string }>();

  function readValues(row: CsvRow): RowValues {
    const read: RowValues = {
      source: '',
      target: null,
      additionalData: {},
      validSource: null,
      validTarget: null,
      validSmtp: null,
      issues: [],
    };
    for (const { column, index } of present) {
      const raw = row.values[index] ?? '';
      let value = raw;
      let valid: string | null = null;
      if (hasReplacedBytes && raw.includes(REPLACEMENT_CHARACTER)) {
        read.issues.push(rowIssue(row.rowNumber, column.name, 'INVALID_UTF8', describeReplacedBytes(row, column, raw)));
      } else if (raw !== '') {
        valid = normaliseCell(column, raw);
        if (valid !== null) value = valid;
        else {
          const problem = describeInvalidCell(column, raw);
          read.issues.push(rowIssue(row.rowNumber, column.name, problem.code, problem.message));
        }
      } else if (column.required || column.kind === 'source') {
        const message = `${column.name} is empty, but every ${type} row needs one.`;
        read.issues.push(rowIssue(row.rowNumber, column.name, 'MISSING_VALUE', message));
      }
      if (column.kind === 'source') {
        read.source = value;
        read.validSource = valid;
      } else if (column.name === spec.targetColumn) {
        read.target = value === '' ? null : value;
        read.validTarget = valid;
      } else {
        read.additionalData[column.name] = value;
        if (column.name === 'target_smtp') read.validSmtp = valid;
      }
    }
    if (type === 'recovery' && !read.additionalData['target_smtp']) {
      read.additionalData['target_smtp'] = read.target ?? '';
      read.validSmtp = read.validTarget;
    }
    return read;
  }

  function claimSource(rowNumber: number, read: RowValues): void {
    if (read.validSource === null) return;
    // Many sources may restore into one mailbox; only the same source into the same target twice repeats.
    if (type === 'restore' && read.validTarget === null) return;
    const into = type === 'restore' ? read.validTarget : null;
    const key = into === null ? read.validSource.toLowerCase() : `${read.validSource}\n${into}`.toLowerCase();
    const first = firstRowOfSource.get(key);
    if (first === undefined) {
      firstRowOfSource.set(key, rowNumber);
      return;
    }
    const what = into === null ? `source ${read.validSource}` : `the restore of ${read.validSource} into ${into}`;
    const message = `Row ${rowNumber} repeats ${what} already on row ${first}.`;
    read.issues.push(rowIssue(rowNumber, 'source_guid', 'DUPLICATE_SOURCE', message));
  }

  function claimAddress(rowNumber: number, column: string, address: string, key: string, read: RowValues): void {
    const first = firstUseOfAddress.get(key);
    if (first === undefined) {
      firstUseOfAddress.set(key, { row: rowNumber, column });
      return;
    }
    const message =
      first.column === column
        ? `Row ${rowNumber} repeats ${column} ${quoteValue(address)} already on row ${first.row}.`
        : `Row ${rowNumber} uses ${quoteValue(address)} as ${column}, but row ${first.row} uses it as ${first.column}.`;
    read.issues.push(rowIssue(rowNumber, column, 'DUPLICATE_TARGET', message));
  }

  /** A new user's UPN and primary SMTP address share one namespace: no two rows may claim the same. */
  function claimAddresses(rowNumber: number, read: RowValues): void {
    if (type !== 'recovery' && type !== 'validate') return;
    let upnKey: string | null = null;
    if (read.validTarget !== null) {
      upnKey = read.validTarget.toLowerCase();
      claimAddress(rowNumber, 'target_upn', read.validTarget, upnKey, read);
    }
    if (read.validSmtp !== null) {
      const smtpKey = read.validSmtp.toLowerCase();
      if (smtpKey !== upnKey) claimAddress(rowNumber, 'target_smtp', read.validSmtp, smtpKey, read);
    }
  }

  return (row) => {
    const read = readValues(row);
    const item = createItem({
      rowNumber: row.rowNumber,
      sourceIdentity: read.source,
      targetIdentity: read.target,
      additionalData: read.additionalData,
    });
    // Cells of a misaligned row sit under the wrong headers: checking them would only add noise.
    if (!isAligned(row.values, headerWidth, headerCellCount)) {
      const message = describeMisalignedRow(row, headerWidth, delimiter);
      return { item, issues: [rowIssue(row.rowNumber, null, 'COLUMN_COUNT_MISMATCH', message)] };
    }
    claimSource(row.rowNumber, read);
    claimAddresses(row.rowNumber, read);
    return { item, issues: read.issues };
  };
}
