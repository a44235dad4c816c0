/**
 * From an admin's file to a job that can be approved: format checks, then one tenant snapshot and the
 * pre-flight verdict of every row, with both steps in the audit trail. The bot and the CLI share this, so
 * what an approver sees and what the command line checks are the same thing.
 */
import { createHash } from 'node:crypto';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { importCsv, type CsvLimits, type ImportResult } from '../csv/index.ts';
import type { BlockedRow, BulkOperationItem, BulkOperationType } from '../model.ts';
import { buildTenantSnapshot, runPreflight, type PreflightOptions, type SnapshotDeps } from '../preflight/index.ts';
import type { AuditLog, OperationStore } from '../ports.ts';
import { explainConsumedSources, findConsumedSources } from './consumed-sources.ts';
import { MAX_KEPT_BLOCKED_ROWS } from './job-record.ts';
import { blockedRows, type ValidationIssue } from '../validation-issue.ts';

export interface JobFile {
  fileName: string;
  bytes: Uint8Array;
  /** As the admin chose it; inferred from the headers when absent. */
  type?: BulkOperationType;
}

export interface PreparedJob {
  jobId: string;
  fileName: string;
  sizeBytes: number;
  /** SHA-256 of the file as uploaded. */
  fileSha256: string;
  type: BulkOperationType | null;
  import: ImportResult;
  /** Format issues and tenant pre-flight issues, by row. */
  issues: ValidationIssue[];
  /** Rows without an error: what would run. */
  ready: BulkOperationItem[];
  /** Rows with an error, and why (at most `MAX_KEPT_BLOCKED_ROWS`; `counts.blocked` is the true count). */
  blocked: BlockedRow[];
  counts: { total: number; ready: number; withWarnings: number; blocked: number };
  issuesByCode: Record<string, number>;
  /**
   * Short hash of exactly what would run (type + ready rows). The job's content hash, which approvals are
   * bound to, is made from it (job-content-hash.ts).
   */
  readyRowsHash: string;
}

export interface PrepareJobDeps {
  /** Absent: format checks only (no tenant reachable, e.g. `validate` without a tenant). */
  tenant?: Pick<SnapshotDeps, 'exchange' | 'graph'>;
  audit?: AuditLog;
  /** Our own operations: a source one of them recovered is named as such, not "not found" (consumed-sources.ts). */
  ownOperations?: Pick<OperationStore, 'list'>;
}

export interface PrepareJobOptions {
  jobId: string;
  actor: string;
  limits?: Partial<CsvLimits>;
  preflight?: PreflightOptions;
  /** Told once the file is split into rows, then as the tenant look-ups get through them (a long file's card). */
  onProgress?: (progress: PrepareProgress) => void;
  /** Stops the tenant check between two chunks of rows (shutdown): the job is then neither validated nor audited as such. */
  signal?: AbortSignal;
}

export interface PrepareProgress {
  /** Rows judged so far: those the format check blocked, plus those looked up in the tenant. */
  rowsChecked: number;
  rowsTotal: number;
}

export async function prepareJob(
  file: JobFile,
  deps: PrepareJobDeps,
  options: PrepareJobOptions,
): Promise<PreparedJob> {
  const fileSha256 = createHash('sha256').update(file.bytes).digest('hex');
  const imported = importCsv(file.bytes, { type: file.type, limits: options.limits });
  const base = { actor: options.actor, jobId: options.jobId };
  await deps.audit?.append({
    ...base,
    action: AUDIT_ACTIONS.jobCreated,
    details: {
      fileName: file.fileName,
      sizeBytes: file.bytes.byteLength,
      sha256: fileSha256,
      rowCount: imported.items.length,
      type: imported.type,
    },
  });

  const issues = [...imported.issues];
  const fileLevelError = issues.some((issue) => issue.severity === 'error' && issue.row === null);
  if (!fileLevelError && imported.type !== null && deps.tenant) {
    const formatBlocked = blockedRows(issues);
    const checkable = imported.items.filter((item) => !formatBlocked.has(item.rowNumber));
    const rowsTotal = imported.items.length;
    options.onProgress?.({ rowsChecked: rowsTotal - checkable.length, rowsTotal });
    if (checkable.length > 0) {
      const snapshot = await buildTenantSnapshot(checkable, imported.type, deps.tenant, options.preflight, {
        onRowsChecked: (done) => options.onProgress?.({ rowsChecked: rowsTotal - checkable.length + done, rowsTotal }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const found = runPreflight(checkable, imported.type, snapshot, options.preflight);
      const consumed = deps.ownOperations ? findConsumedSources(await deps.ownOperations.list()) : new Map();
      const sourceOf = new Map(checkable.map((item) => [item.rowNumber, item.sourceIdentity]));
      issues.push(...explainConsumedSources(found, (row) => sourceOf.get(row), consumed));
    }
  }
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));

  const job = summarise(file, imported, issues, fileSha256, options.jobId);
  await deps.audit?.append({
    ...base,
    action: AUDIT_ACTIONS.jobValidated,
    details: {
      ...job.counts,
      issuesByCode: job.issuesByCode,
      readyRowsHash: job.readyRowsHash,
      tenantChecked: !!deps.tenant,
    },
  });
  return job;
}

function summarise(
  file: JobFile,
  imported: ImportResult,
  issues: ValidationIssue[],
  fileSha256: string,
  jobId: string,
): PreparedJob {
  const fileLevelError = issues.some((issue) => issue.severity === 'error' && issue.row === null);
  const blocked = blockedRows(issues);
  const warned = new Set(issues.filter((i) => i.severity === 'warning').map((i) => i.row));
  const ready = fileLevelError ? [] : imported.items.filter((item) => !blocked.has(item.rowNumber));
  const issuesByCode: Record<string, number> = {};
  for (const issue of issues) issuesByCode[issue.code] = (issuesByCode[issue.code] ?? 0) + 1;
  return {
    jobId,
    fileName: file.fileName,
    sizeBytes: file.bytes.byteLength,
    fileSha256,
    type: imported.type,
    import: imported,
    issues,
    ready,
    blocked: listBlocked(imported.items, ready, issues),
    counts: {
      total: imported.items.length,
      ready: ready.length,
      withWarnings: ready.filter((item) => warned.has(item.rowNumber)).length,
      blocked: imported.items.length - ready.length,
    },
    issuesByCode,
    readyRowsHash: hashReadyRows(imported.type, ready),
  };
}

const MAX_REASONS_PER_ROW = 5;

/** A row blocked only by a file-level error (no header, too many rows) gives that error as its reason. */
function listBlocked(
  items: readonly BulkOperationItem[],
  ready: readonly BulkOperationItem[],
  issues: readonly ValidationIssue[],
): BlockedRow[] {
  const readyRows = new Set(ready.map((item) => item.rowNumber));
  const errors = issues.filter((issue) => issue.severity === 'error');
  const fileErrors = errors.filter((issue) => issue.row === null).map((issue) => issue.message);
  const byRow = new Map<number, string[]>();
  for (const issue of errors) {
    if (issue.row !== null) byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), issue.message]);
  }
  return items
    .filter((item) => !readyRows.has(item.rowNumber))
    .slice(0, MAX_KEPT_BLOCKED_ROWS)
    .map((item) => ({
      rowNumber: item.rowNumber,
      sourceIdentity: item.sourceIdentity,
      targetIdentity: item.targetIdentity,
      reasons: (byRow.get(item.rowNumber) ?? fileErrors).slice(0, MAX_REASONS_PER_ROW),
    }));
}

/** Canonical: the type and each ready row's identity and data, in row order, with sorted keys. */
export function hashReadyRows(type: BulkOperationType | null, items: readonly BulkOperationItem[]): string {
  const hash = createHash('sha256').update(String(type));
  for (const item of items) {
    const data = Object.keys(item.additionalData)
      .sort()
      .map((key) => [key, item.additionalData[key]]);
    hash.update(JSON.stringify([item.rowNumber, item.sourceIdentity, item.targetIdentity, data]));
  }
  return hash.digest('hex').slice(0, 12);
}
