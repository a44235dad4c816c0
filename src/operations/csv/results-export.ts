import type { BlockedRow, BulkOperationItem, BulkOperationResult, BulkOperationType, JsonValue } from '../model.ts';
import { writeCsv } from './write-csv.ts';

const BASE_COLUMNS = [
  'row_number',
  'source_identity',
  'target_identity',
  'status',
  'error',
  'started_at',
  'completed_at',
  'duration_seconds',
] as const;

/** Result keys each executor is expected to report, in the order admins read them. */
const KNOWN_RESULT_KEYS: Readonly<Record<BulkOperationType, readonly string[]>> = {
  recovery: ['newUserPrincipalName', 'newExchangeGuid', 'licenseAssigned', 'temporaryAccessPassIssued'],
  restore: [
    'requestName',
    'requestGuid',
    'restoreStatus',
    'statusDetail',
    'percentComplete',
    'bytesTransferred',
    'dataConsistencyScore',
  ],
  validate: ['eligible', 'blockers', 'warnings', 'holds'],
  export: [
    'displayName',
    'primarySmtpAddress',
    'userPrincipalName',
    'emailAddresses',
    'whenSoftDeleted',
    'holds',
    'archiveStatus',
    'totalItemSizeBytes',
    'itemCount',
    'eligibleForRecovery',
  ],
};

const SECRET_KEY = /password|secret|token|accesspass/i;

/** Secrets never reach a file; `temporaryAccessPassIssued` only says whether one was handed over. */
function isSecret(key: string, value: JsonValue | undefined): boolean {
  if (key === 'temporaryAccessPassIssued' && typeof value === 'boolean') return false;
  return SECRET_KEY.test(key);
}

function toSnakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function withoutSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, inner]) => !isSecret(key, inner))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

function formatValue(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value) && value.every((entry) => entry === null || typeof entry !== 'object')) {
    return value.map((entry) => String(entry ?? '')).join('; ');
  }
  return JSON.stringify(withoutSecrets(value));
}

function formatDuration(item: BulkOperationItem): string {
  if (item.startedAt === null || item.completedAt === null) return '';
  const milliseconds = Date.parse(item.completedAt) - Date.parse(item.startedAt);
  return Number.isFinite(milliseconds) && milliseconds >= 0 ? String(Math.round(milliseconds) / 1000) : '';
}

/** The known keys of the type, then any other non-secret key in the order first seen. */
function listResultKeys(result: BulkOperationResult): string[] {
  const keys = new Set(KNOWN_RESULT_KEYS[result.operationType]);
  for (const item of result.items) {
    for (const [key, value] of Object.entries(item.result ?? {})) if (!isSecret(key, value)) keys.add(key);
  }
  return [...keys];
}

/** The status a blocked row gets in the results file: it never ran, validation stopped it. */
export const BLOCKED_AT_VALIDATION = 'blocked_at_validation';

export interface ResultsCsvOptions {
  /** The rows validation blocked (the job's `blockedRows`): listed too, so the file accounts for every row. */
  blocked?: readonly BlockedRow[];
}

/**
 * One row per row of the file, in row order: each item the engine ran (or skipped) with the seed's columns and
 * what the executor reported (camelCase result keys as snake_case columns), and each row validation blocked,
 * with status `blocked_at_validation` and its reasons as the error. UTF-8 with BOM, RFC 4180, CRLF,
 * injection-safe (see write-csv.ts).
 */
export function exportResultsCsv(result: BulkOperationResult, options: ResultsCsvOptions = {}): Buffer {
  const keys = listResultKeys(result);
  const taken = new Set<string>(BASE_COLUMNS);
  // A result key that would reuse a base column's name gets a prefix instead of hiding it.
  const extraColumns = keys.map((key) =>
    taken.has(toSnakeCase(key)) ? `result_${toSnakeCase(key)}` : toSnakeCase(key),
  );
  const ran = result.items.map((item) => {
    const resultValues = item.result ?? {};
    return {
      row: item.rowNumber,
      cells: [
        String(item.rowNumber),
        item.sourceIdentity,
        item.targetIdentity ?? '',
        item.status,
        item.error === null ? '' : `${item.error.code}: ${item.error.message}`,
        item.startedAt ?? '',
        item.completedAt ?? '',
        formatDuration(item),
        ...keys.map((key) => (isSecret(key, resultValues[key]) ? '' : formatValue(resultValues[key]))),
      ],
    };
  });
  const blocked = (options.blocked ?? []).map((row) => ({
    row: row.rowNumber,
    cells: [
      String(row.rowNumber),
      row.sourceIdentity,
      row.targetIdentity ?? '',
      BLOCKED_AT_VALIDATION,
      row.reasons.join(' '),
      '',
      '',
      '',
      ...keys.map(() => ''),
    ],
  }));
  // Stable: the engine's items are already in row order, and a row is never both blocked and run.
  const rows = [...ran, ...blocked].sort((a, b) => a.row - b.row).map((entry) => entry.cells);
  return writeCsv([...BASE_COLUMNS, ...extraColumns], rows);
}
