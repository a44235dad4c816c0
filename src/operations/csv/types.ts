import type { BulkOperationItem, BulkOperationType } from '../model.ts';
import type { ValidationIssue } from '../validation-issue.ts';

/** How much one upload may hold. Both are settings: the defaults suit a Teams upload reviewed by a person. */
export interface CsvLimits {
  /** Largest file accepted, checked before anything is parsed. @default 5 MiB */
  maxBytes: number;
  /** Most data rows read; rows beyond it are not read and the file is blocked. @default 5000 */
  maxRows: number;
}

export const DEFAULT_CSV_LIMITS: Readonly<CsvLimits> = Object.freeze({ maxBytes: 5 * 1024 * 1024, maxRows: 5000 });

export interface ImportOptions {
  /** The operation the file is for; inferred from the headers when absent (export is never inferred). */
  type?: BulkOperationType;
  limits?: Partial<CsvLimits>;
}

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * How the bytes were read. `windows-1252` is the fallback for a file that is not valid UTF-8 (Excel's
 * "CSV (Comma delimited)" writes the ANSI code page); it comes with a `LEGACY_ENCODING` warning.
 */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface CsvRow {
  /** 1-based physical line where the record starts (header = line 1). */
  rowNumber: number;
  /** Trimmed cells, as many as the record had. */
  values: string[];
}

export interface ImportResult {
  /** null only when the type was not given and could not be inferred. */
  type: BulkOperationType | null;
  /** One item per data row that parsed, rows with errors included: `readyItems` keeps the runnable ones. */
  items: BulkOperationItem[];
  /** File-level issues first (in the order found), then by row, then by column. */
  issues: ValidationIssue[];
  /** Header cells as written in the file (trimmed). */
  headers: string[];
  rows: CsvRow[];
  delimiter: CsvDelimiter;
  encoding: CsvEncoding;
}
