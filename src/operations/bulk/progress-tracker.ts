/**
 * Progress snapshots for the live card: exact counts from the operation's totals, the failures seen last,
 * and a throughput / ETA measured since this process (re)started the operation.
 */
import type { BulkOperationItem, BulkOperationType, OperationState, OperationTotals } from '../model.ts';
import type { Clock } from '../ports.ts';
import type { StoredOperation } from './stored-operation.ts';

export interface ProgressError {
  row: number;
  code: string;
  message: string;
}

export interface ProgressSnapshot {
  jobId: string;
  operationType: BulkOperationType;
  state: OperationState;
  totals: OperationTotals;
  /** Items finished (completed or failed) per minute since this process started or resumed the job. */
  throughputPerMinute: number;
  /** Seconds until the remaining items are done at that rate; null until one item has finished. */
  etaSeconds: number | null;
  /** The last failures, oldest first (at most LAST_ERRORS_KEPT). */
  lastErrors: ProgressError[];
  /** The row whose change this snapshot reports, when it reports one row. */
  changedItem?: number;
}

export const LAST_ERRORS_KEPT = 5;

export class ProgressTracker {
  readonly #clock: Clock;
  readonly #startedAtMs: number;
  readonly #processedAtStart: number;
  readonly #itemsByRow: Map<number, BulkOperationItem>;
  readonly #lastErrors: ProgressError[] = [];

  constructor(clock: Clock, op: StoredOperation) {
    this.#clock = clock;
    this.#startedAtMs = clock.now().getTime();
    this.#processedAtStart = op.totals.completed + op.totals.failed;
    this.#itemsByRow = new Map(op.items.map((item) => [item.rowNumber, item]));
    for (const item of op.items) if (item.status === 'failed') this.#noteFailure(item);
  }

  /** The operation's row with this number (the recorder saves rows by number too). */
  itemAt(rowNumber: number): BulkOperationItem | undefined {
    return this.#itemsByRow.get(rowNumber);
  }

  /** Takes the snapshot now (call it right after the change, before the save). */
  snapshot(op: StoredOperation, changedRows: readonly number[] = []): ProgressSnapshot {
    for (const row of changedRows) {
      const item = this.#itemsByRow.get(row);
      if (item?.status === 'failed') this.#noteFailure(item);
    }
    const totals = { ...op.totals };
    const processed = totals.completed + totals.failed - this.#processedAtStart;
    const elapsedMs = this.#clock.now().getTime() - this.#startedAtMs;
    const perMs = processed > 0 && elapsedMs > 0 ? processed / elapsedMs : 0;
    const remaining = totals.pending + totals.inProgress;
    const snapshot: ProgressSnapshot = {
      jobId: op.jobId,
      operationType: op.operationType,
      state: op.state,
      totals,
      throughputPerMinute: Math.round(perMs * 60_000 * 100) / 100,
      etaSeconds: remaining === 0 ? 0 : perMs > 0 ? Math.ceil(remaining / perMs / 1000) : null,
      lastErrors: this.#lastErrors.map((error) => ({ ...error })),
    };
    if (changedRows.length === 1) snapshot.changedItem = changedRows[0];
    return snapshot;
  }

  #noteFailure(item: BulkOperationItem): void {
    if (item.error === null || this.#lastErrors.some((error) => error.row === item.rowNumber)) return;
    this.#lastErrors.push({ row: item.rowNumber, code: item.error.code, message: item.error.message });
    if (this.#lastErrors.length > LAST_ERRORS_KEPT) this.#lastErrors.shift();
  }
}
