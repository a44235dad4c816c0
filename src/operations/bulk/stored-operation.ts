/**
 * What the engine saves: the seed's BulkOperationResult plus the little it needs to carry on after a restart
 * (the settings, who started it, which pass it is in, why it is stopping). Kept under one `engine` key so the
 * result stays the seed's shape for every other reader. The audit outbox is not here: the store keeps it beside
 * the operation (`OperationStore.unaudited`), so no reader of an operation ever sees it.
 */
import { loadBulkOperationConfig, type BulkOperationConfig } from '../bulk-config.ts';
import {
  countItems,
  successRateOf,
  type BulkOperationItem,
  type BulkOperationResult,
  type BulkOperationType,
  type ItemError,
} from '../model.ts';

export type StopKind = 'cancelled' | 'fatal' | 'stop_on_error' | 'audit_failed' | 'store_failed' | 'shutdown';

export interface StopRequest {
  kind: StopKind;
  /** Saved as the operation's `stopReason`. */
  reason: ItemError;
  /** Written on every item that was never started. */
  skipError: ItemError;
  /** Who stopped it: the canceller, or `system`. */
  actor: string;
}

export interface EngineState {
  config: BulkOperationConfig;
  actor: string;
  /** `main`, then `retry` for the one extra pass over transient failures when `retryPass` is on. */
  pass: 'main' | 'retry';
  /** Rows whose transient failure outlived their retries in the main pass: pending, waiting for the retry pass. */
  deferredRows: number[];
  /** Set once the job is stopping for good, so a restart finishes the stop instead of running the rest. */
  stop: StopRequest | null;
}

export type StoredOperation = BulkOperationResult & { engine: EngineState };

export function createStoredOperation(init: {
  jobId: string;
  operationType: BulkOperationType;
  items: BulkOperationItem[];
  config: BulkOperationConfig;
  actor: string;
  retryOf: string | null;
  now: string;
}): StoredOperation {
  const totals = countItems(init.items);
  return {
    jobId: init.jobId,
    operationType: init.operationType,
    state: 'running',
    totals,
    items: init.items,
    startedAt: init.now,
    completedAt: null,
    durationSeconds: 0,
    successRate: successRateOf(totals),
    retryOf: init.retryOf,
    stopReason: null,
    engine: { config: init.config, actor: init.actor, pass: 'main', deferredRows: [], stop: null },
  };
}

/**
 * Turns a loaded operation into one the engine can run: totals recounted from the items, and engine state
 * filled in when the saved one lacks it (an operation written by someone else keeps the manager's settings).
 */
export function restoreStoredOperation(
  loaded: BulkOperationResult,
  defaults: { config: BulkOperationConfig; actor: string },
  configOverrides: Partial<BulkOperationConfig> = {},
): StoredOperation {
  const saved = readEngineState(loaded);
  const config = loadBulkOperationConfig({ ...(saved?.config ?? defaults.config), ...configOverrides });
  const engine: EngineState = {
    config,
    actor: saved?.actor ?? defaults.actor,
    pass: saved?.pass === 'retry' ? 'retry' : 'main',
    deferredRows: Array.isArray(saved?.deferredRows) ? [...saved.deferredRows] : [],
    stop: saved?.stop ?? null,
  };
  return { ...loaded, totals: countItems(loaded.items), engine };
}

/** The engine state saved with an operation, if the operation carries one. */
export function readEngineState(operation: BulkOperationResult): Partial<EngineState> | undefined {
  const engine = (operation as Partial<StoredOperation>).engine;
  return typeof engine === 'object' && engine !== null ? engine : undefined;
}
