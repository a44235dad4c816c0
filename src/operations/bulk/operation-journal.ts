/**
 * Save first, report second. Each change saves the whole operation at once (the store merges close saves),
 * and only after that save resolves — and after every earlier change was reported — does the progress
 * callback hear of it and do its audit events get appended. So nothing is ever reported that a crash could
 * take back, and reports arrive in the order the changes happened.
 */
import type { AuditEvent, AuditLog, Clock, OperationStore } from '../ports.ts';
import { touchOperation } from './item-transitions.ts';
import type { ProgressSnapshot, ProgressTracker } from './progress-tracker.ts';
import type { StoredOperation } from './stored-operation.ts';

export interface OperationJournalOptions {
  store: OperationStore;
  audit?: AuditLog;
  clock: Clock;
  tracker: ProgressTracker;
  onProgress?: (snapshot: ProgressSnapshot) => void;
  /** Told once when an audit append fails (the engine stops the job: it must not act unaudited). */
  onAuditFailure: (error: unknown) => void;
  /** Told once when a save fails. */
  onStoreFailure: (error: unknown) => void;
}

export interface JournalChange {
  /** Rows that changed: the snapshot names a single one, and failures feed `lastErrors`. */
  rows?: readonly number[];
  audit?: readonly AuditEvent[];
  /** False for saves nobody needs to hear about (a checkpoint). @default true */
  report?: boolean;
}

export class OperationJournal {
  readonly #op: StoredOperation;
  readonly #options: OperationJournalOptions;
  #reports: Promise<void> = Promise.resolve();
  #storeError: unknown;
  #auditError: unknown;

  constructor(op: StoredOperation, options: OperationJournalOptions) {
    this.#op = op;
    this.#options = options;
  }

  get storeError(): unknown {
    return this.#storeError;
  }

  get auditError(): unknown {
    return this.#auditError;
  }

  /** Saves the operation as it is now. Resolves true once saved, false if the save failed (never rejects). */
  commit(change: JournalChange = {}): Promise<boolean> {
    touchOperation(this.#op, this.#options.clock.now());
    const events = change.audit ?? [];
    // Saved with the change (the outbox), appended after it: a crash in between leaves them for the resume.
    if (this.#options.audit !== undefined) this.#op.engine.unaudited.push(...events);
    const snapshot = change.report === false ? null : this.#options.tracker.snapshot(this.#op, change.rows);
    const saved = this.#options.store.save(this.#op).then(
      () => true,
      (error: unknown) => {
        this.#noteStoreFailure(error);
        return false;
      },
    );
    this.#reports = this.#reports.then(async () => {
      if (!(await saved)) return;
      if (snapshot !== null) this.#emit(snapshot);
      for (const event of events) {
        if (!(await this.#append(event))) return;
        // Leaves the outbox in memory now; the next save writes that down.
        const outbox = this.#op.engine.unaudited;
        const at = outbox.indexOf(event);
        if (at !== -1) outbox.splice(at, 1);
      }
    });
    return saved;
  }

  /** Resolves once every change so far has been reported. */
  drain(): Promise<void> {
    return this.#reports;
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

  async #append(event: AuditEvent): Promise<boolean> {
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
