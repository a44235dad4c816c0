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

/** Durable operation state. `save` resolves only once the given state is on disk. */
export interface OperationStore {
  save(operation: BulkOperationResult): Promise<void>;
  load(jobId: string): Promise<BulkOperationResult | undefined>;
  list(): Promise<BulkOperationResult[]>;
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
