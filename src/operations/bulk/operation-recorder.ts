/**
 * Save first, report second. Each change appends the operation's header and the rows it changed to the store
 * (every row the first time), and only after that append resolves — and after every earlier change was
 * reported — does the progress callback hear of it and do its audit events get appended. So nothing is ever
 * reported that a crash could take back, and reports arrive in the order the changes happened.
 */
import { randomUUID } from 'node:crypto';
import type { BulkOperationItem } from '../model.ts';
import type { AuditEvent, AuditLog, Clock, OperationHeader, OperationStore, OutboxEvent } from '../ports.ts';
import { touchOperation } from './item-transitions.ts';
import type { ProgressSnapshot, ProgressTracker } from './progress-tracker.ts';
import type { StoredOperation } from './stored-operation.ts';

export interface OperationRecorderOptions {
  store: OperationStore;
  audit?: AuditLog;
  clock: Clock;
  tracker: ProgressTracker;
  /** True for a job never saved before: its first change saves every row. */
  isNew: boolean;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Told once when an audit append fails (the engine stops the job: it must not act unaudited). */
  onAuditFailure: (error: unknown) => void;
  /** Told once when a save fails. */
  onStoreFailure: (error: unknown) => void;
}

export interface RecordedChange {
  /** Rows that changed: they are saved, the snapshot names a single one, and failures feed `lastErrors`. */
  rows?: readonly number[];
  audit?: readonly AuditEvent[];
  /** False for saves nobody needs to hear about (a checkpoint). @default true */
  report?: boolean;
}

export class OperationRecorder {
  readonly #op: StoredOperation;
  readonly #options: OperationRecorderOptions;
  /** Outbox events appended to the trail since the last change: the next change says so. */
  readonly #audited: string[] = [];
  readonly #eventIdPrefix = randomUUID().slice(0, 8);
  #nextEventId = 0;
  #savedOnce: boolean;
  #reports: Promise<void> = Promise.resolve();
  #storeError: unknown;
  #auditError: unknown;

  constructor(op: StoredOperation, options: OperationRecorderOptions) {
    this.#op = op;
    this.#options = options;
    this.#savedOnce = !options.isNew;
  }

  get storeError(): unknown {
    return this.#storeError;
  }

  get auditError(): unknown {
    return this.#auditError;
  }

  /** Saves the change. Resolves true once saved, false if the save failed (never rejects). */
  commit(change: RecordedChange = {}): Promise<boolean> {
    touchOperation(this.#op, this.#options.clock.now());
    // Saved with the change (the outbox), appended after it: a crash in between leaves them for the resume.
    const outbox: OutboxEvent[] =
      this.#options.audit === undefined ? [] : (change.audit ?? []).map((event) => ({ id: this.#newEventId(), event }));
    const snapshot = change.report === false ? null : this.#options.tracker.snapshot(this.#op, change.rows);
    const saved = this.#append(change.rows ?? [], outbox).then(
      () => true,
      (error: unknown) => {
        this.#noteStoreFailure(error);
        return false;
      },
    );
    this.#reports = this.#reports.then(async () => {
      if (!(await saved)) return;
      if (snapshot !== null) this.#emit(snapshot);
      for (const { id, event } of outbox) {
        if (!(await this.#appendAudit(event))) return;
        this.#audited.push(id);
      }
    });
    return saved;
  }

  /** Outbox events of an earlier run that are appended again now: the next change retires them. */
  retireOutbox(events: readonly OutboxEvent[]): void {
    this.#audited.push(...events.map((event) => event.id));
  }

  /** Resolves once every change so far has been reported. */
  drain(): Promise<void> {
    return this.#reports;
  }

  /** Rejects (never throws) when the store refuses the change, so every failure reaches one handler. */
  async #append(rowNumbers: readonly number[], unaudited: OutboxEvent[]): Promise<void> {
    const rows = this.#savedOnce ? this.#rowsAt(rowNumbers) : this.#op.items;
    this.#savedOnce = true;
    await this.#options.store.append({ header: headerOf(this.#op), rows, unaudited, audited: this.#audited.splice(0) });
  }

  #rowsAt(rowNumbers: readonly number[]): BulkOperationItem[] {
    const rows: BulkOperationItem[] = [];
    for (const rowNumber of new Set(rowNumbers)) {
      const item = this.#options.tracker.itemAt(rowNumber);
      if (item !== undefined) rows.push(item);
    }
    return rows;
  }

  #newEventId(): string {
    this.#nextEventId += 1;
    return `${this.#eventIdPrefix}-${this.#nextEventId}`;
  }

  #emit(snapshot: ProgressSnapshot): void {
    const { onProgress } = this.#options;
    if (onProgress === undefined) return;
    try {
      const returned: unknown = onProgress(snapshot);
      // An async callback's rejection would otherwise surface as an unhandled rejection and kill the process.
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // A failing progress display (a Teams card update) must not fail the mailbox work behind it.
    }
  }

  async #appendAudit(event: AuditEvent): Promise<boolean> {
    const { audit } = this.#options;
    if (audit === undefined || this.#auditError !== undefined) return false;
    try {
      await audit.append(event);
      return true;
    } catch (error) {
      this.#auditError = error;
      this.#options.onAuditFailure(error);
      return false;
    }
  }

  #noteStoreFailure(error: unknown): void {
    if (this.#storeError !== undefined) return;
    this.#storeError = error;
    this.#options.onStoreFailure(error);
  }
}

/** The operation without its rows (the store copies it). */
function headerOf(op: StoredOperation): OperationHeader {
  const { items: _items, ...header } = op;
  return header;
}
