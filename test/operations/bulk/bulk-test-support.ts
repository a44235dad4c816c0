/** Shared set-up for the bulk engine tests: items, outcomes, and a manager wired to the fakes. */
import type { BulkOperationConfig } from '../../../src/operations/bulk-config.ts';
import { BulkOperationManager } from '../../../src/operations/bulk/bulk-operation-manager.ts';
import type { ProgressSnapshot } from '../../../src/operations/bulk/progress-tracker.ts';
import type { StoredOperation } from '../../../src/operations/bulk/stored-operation.ts';
import { createStoredOperation } from '../../../src/operations/bulk/stored-operation.ts';
import { DEFAULT_BULK_OPERATION_CONFIG } from '../../../src/operations/bulk-config.ts';
import {
  countItems,
  createItem,
  type BulkOperationItem,
  type ItemError,
  type ItemStatus,
} from '../../../src/operations/model.ts';
import type { ItemOutcome } from '../../../src/operations/ports.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { MemoryAuditLog } from '../../fakes/memory-audit-log.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import { RecordingExecutor } from '../../fakes/recording-executor.ts';

/** `count` pending items for CSV rows 2, 3, … (line 1 is the header). */
export function makeItems(count: number): BulkOperationItem[] {
  return Array.from({ length: count }, (_, index) =>
    createItem({
      rowNumber: index + 2,
      sourceIdentity: `00000000-0000-0000-0000-${String(index + 2).padStart(12, '0')}`,
      targetIdentity: `user${index + 2}@contoso.example`,
      additionalData: {},
    }),
  );
}

export function transient(code = 'TENANT_THROTTLED', retryAfterMs?: number): ItemOutcome {
  return {
    status: 'failed',
    error: { code, message: 'Exchange is busy; try again later.' },
    errorClass: 'transient',
    retryAfterMs,
  };
}

export function permanent(code = 'NAME_IN_USE', message = 'The name is already being used.'): ItemOutcome {
  return { status: 'failed', error: { code, message }, errorClass: 'permanent' };
}

export function fatal(error: ItemError): ItemOutcome {
  return { status: 'failed', error, errorClass: 'fatal' };
}

export interface Harness {
  manager: BulkOperationManager;
  store: MemoryOperationStore;
  audit: MemoryAuditLog;
  clock: FakeClock;
  executor: RecordingExecutor;
  /** Every snapshot the progress callback of `run` received. */
  progress: ProgressSnapshot[];
  /** Runs a recovery job over `items` (default 10) with the harness's progress recorder. */
  run(items?: BulkOperationItem[], config?: Partial<BulkOperationConfig>): ReturnType<BulkOperationManager['execute']>;
}

export function createHarness(
  init: {
    executor?: RecordingExecutor;
    config?: Partial<BulkOperationConfig>;
    store?: MemoryOperationStore;
    random?: () => number;
  } = {},
): Harness {
  const store = init.store ?? new MemoryOperationStore();
  const audit = new MemoryAuditLog();
  const clock = new FakeClock();
  const executor = init.executor ?? new RecordingExecutor();
  const progress: ProgressSnapshot[] = [];
  let nextId = 0;
  const manager = new BulkOperationManager({
    executors: { recovery: executor },
    store,
    audit,
    clock,
    random: init.random ?? (() => 0.5),
    config: { delayBetweenBatches: 0, ...init.config },
    newId: () => `op-${(nextId += 1)}`,
  });
  return {
    manager,
    store,
    audit,
    clock,
    executor,
    progress,
    run: (items = makeItems(10), config = {}) =>
      manager.execute('recovery', items, {
        actor: 'admin@contoso.example',
        config,
        onProgress: (p) => progress.push(p),
      }),
  };
}

/** A saved operation as a crashed process would have left it: `state: running`, items as given. */
export function crashedOperation(
  statuses: ItemStatus[],
  init: { jobId?: string; config?: Partial<BulkOperationConfig> } = {},
): StoredOperation {
  const items = makeItems(statuses.length).map((item, index) => {
    const status = statuses[index] ?? 'pending';
    const started = status !== 'pending';
    return { ...item, status, attempts: started ? 1 : 0, startedAt: started ? '2025-01-06T08:00:00.000Z' : null };
  });
  const op = createStoredOperation({
    jobId: init.jobId ?? 'crashed-op',
    operationType: 'recovery',
    items,
    config: { ...DEFAULT_BULK_OPERATION_CONFIG, delayBetweenBatches: 0, ...init.config },
    actor: 'admin@contoso.example',
    retryOf: null,
    now: '2025-01-06T08:00:00.000Z',
  });
  return { ...op, totals: countItems(items) };
}

export function statusesOf(items: readonly BulkOperationItem[]): Record<number, ItemStatus> {
  return Object.fromEntries(items.map((item) => [item.rowNumber, item.status]));
}

export function itemAt(items: readonly BulkOperationItem[], row: number): BulkOperationItem {
  const item = items.find((candidate) => candidate.rowNumber === row);
  if (item === undefined) throw new Error(`no row ${row}`);
  return item;
}
