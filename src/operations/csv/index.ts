export {
  COLUMN_SPECS,
  CONFLICT_RESOLUTIONS,
  type ColumnKind,
  type ColumnSpec,
  type OperationCsvSpec,
} from './column-specs.ts';
export { importCsv, readyItems } from './import-csv.ts';
export { BLOCKED_AT_VALIDATION, exportResultsCsv } from './results-export.ts';
export type { ResultsCsvOptions } from './results-export.ts';
export { generateTemplate } from './template.ts';
export {
  DEFAULT_CSV_LIMITS,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvLimits,
  type CsvRow,
  type ImportOptions,
  type ImportResult,
} from './types.ts';
export { writeValidationReport, type RowStatus } from './validation-report.ts';
