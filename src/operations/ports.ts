/**
 * The small ports the domain talks to the world through. Real adapters live in src/store and src/tenant;
 * fakes in test/fakes. Each port is as small as its callers need.
 */
import type { BulkOperationItem, BulkOperationResult, ItemError, JsonObject } from './model.ts';

// ---------------------------------------------------------------------------------------------- executors

/**
 * What happened to one attempt at one item.
 * - `permanent`: retrying will not help (bad input, object not found, name in use).
 * - `transient`: throttling, 5xx, a dropped connection: retry with backoff, honouring `retryAfterMs`.
 * - `fatal`: nothing else in this job can succeed either (the app lost its permission): stop the job.
 */
export type ItemOutcome =
  | { status: 'completed'; result?: JsonObject }
  | { status: 'failed'; error: ItemError; errorClass: 'permanent' | 'fatal' }
  | { status: 'failed'; error: ItemError; errorClass: 'transient'; retryAfterMs?: number };

export interface ExecutionContext {
  jobId: string;
  /** Aborted when the operation is cancelled or the process shuts down: stop at the next safe point. */
  signal: AbortSignal;
  /** Persist the steps finished so far (merged into `item.checkpoint`) before starting the next write. */
  saveCheckpoint(checkpoint: JsonObject): Promise<void>;
  /**
   * From now on this row only waits (for Exchange to copy a submitted restore): its concurrency slot goes to
   * the next row, and it keeps running until it returns its outcome. Once per attempt; later calls do nothing.
   */
  releaseSlot?(): void;
}

/** After a crash an item found `in_progress` may or may not have been done: the executor finds out. */
export type ReconcileVerdict =
  { state: 'done'; result?: JsonObject } | { state: 'not_done' } | { state: 'unknown'; reason: string };

export interface ItemExecutor {
  execute(item: Readonly<BulkOperationItem>, context: ExecutionContext): Promise<ItemOutcome>;
  /**
   * Called instead of `execute` for an item that was `in_progress` when the process stopped. Never re-run a
   * write blindly: re-read the tenant. Without `reconcile`, such an item is failed as `INTERRUPTED`.
   */
  reconcile?(item: Readonly<BulkOperationItem>, signal: AbortSignal, jobId: string): Promise<ReconcileVerdict>;
}

// ------------------------------------------------------------------------------------------------ storage

/** An operation without its rows: its state, totals, times and the engine's own state. Small and fixed-size. */
export type OperationHeader = Omit<BulkOperationResult, 'items'>;

/** An audit event saved with a change and appended to the trail once that change is on disk (the outbox). */
export interface OutboxEvent {
  /** Unique within its job: `audited` names it once it is in the trail. */
  id: string;
  event: AuditEvent;
}

/**
 * One step of one operation: its header as it is now, and the rows that changed (every row, the first time a
 * job is saved). A change costs the same whatever the job's size, so a 50,000-row job saves as cheaply per
 * row as a 5-row one.
 */
export interface OperationChange {
  header: OperationHeader;
  /** The changed rows as they are now; a row not named keeps its last saved state. */
  rows: readonly BulkOperationItem[];
  /** Events to append to the audit trail after this change: kept with it until `audited` names them. */
  unaudited?: readonly OutboxEvent[];
  /** Ids of outbox events appended to the trail since the previous change. */
  audited?: readonly string[];
}

/**
 * Durable operation state, saved one change at a time. `append` copies the change when called and resolves
 * only once it is on disk; changes are kept in the order they were appended, so once one resolves every earlier
 * one is on disk too. `load` and `list` give whole operations (the changes applied), without the outbox.
 */
export interface OperationStore {
  append(change: OperationChange): Promise<void>;
  load(jobId: string): Promise<BulkOperationResult | undefined>;
  list(): Promise<BulkOperationResult[]>;
  /** The outbox events a stopped process saved but never appended, oldest first: a resume appends them. */
  unaudited(jobId: string): Promise<OutboxEvent[]>;
}

export interface AuditEvent {
  /** Who did it: a user's id/name, or `system`. */
  actor: string;
  /** e.g. `job.created`, `item.completed`, `job.cancelled` (see audit-actions.ts). */
  action: string;
  jobId: string;
  row?: number;
  details: JsonObject;
}

export interface AuditEntry extends AuditEvent {
  seq: number;
  ts: string;
  prevHash: string;
  hash: string;
}

/** Append-only, tamper-evident. `append` resolves once the entry is fsync'd. */
export interface AuditLog {
  append(event: AuditEvent): Promise<AuditEntry>;
}

// ------------------------------------------------------------------------------------------------ time

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
