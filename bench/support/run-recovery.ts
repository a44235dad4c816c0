/**
 * One timed recovery job through the real path: the imported items, the bulk engine with the real executors,
 * the file job store and the audit log on a temporary directory, the gateways over HTTP to a fresh sandbox.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkOperationConfig } from '../../src/operations/bulk-config.ts';
import { BulkOperationManager } from '../../src/operations/bulk/bulk-operation-manager.ts';
import type { BulkOperationItem, BulkOperationResult } from '../../src/operations/model.ts';
import { systemClock } from '../../src/operations/system-clock.ts';
import type { TenantFixture } from '../../src/sandbox/fixture.ts';
import type { LedgerEntry, SandboxStats } from '../../src/sandbox/sandbox-server.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { createExecutors } from '../../src/wiring/create-executors.ts';
import { openBenchTenant } from './bench-tenant.ts';
import { openDataDir } from '../../src/store/data-dir.ts';

/** No default licence or usage location, no Temporary Access Pass: one Graph read per row after New-Mailbox. */
const EXECUTOR_SETTINGS = {
  restorePollIntervalMs: 1_000,
  restoreStatisticsPerInterval: 20,
  allowLegacyDnMismatch: false,
  defaultLicenseSku: undefined,
  defaultUsageLocation: undefined,
  issueTemporaryAccessPass: false,
};

export interface LedgerCheck {
  /** Rows with exactly one successful New-Mailbox for their source. */
  recoveredOnce: number;
  /** Rows with none. */
  missing: number;
  /** Successful New-Mailbox calls beyond the first for a source. */
  duplicates: number;
  /** New-Mailbox calls the tenant refused, or whose answer was lost. */
  refusedOrDropped: number;
}

export interface RecoveryRunReport {
  rows: number;
  seconds: number;
  result: BulkOperationResult;
  calls: { exchange: number; graph: number };
  stats: SandboxStats;
  ledger: LedgerCheck;
}

export interface RecoveryRunOptions {
  config: Partial<BulkOperationConfig>;
  /** Told every `every` finished rows, so a long run shows it is alive. */
  onRows?: (finished: number, seconds: number) => void;
  every?: number;
}

export async function runRecoveryJob(
  fixture: TenantFixture,
  items: readonly BulkOperationItem[],
  options: RecoveryRunOptions,
): Promise<RecoveryRunReport> {
  const tenant = await openBenchTenant(fixture);
  const dataDir = await mkdtemp(join(tmpdir(), 'tenant-bench-'));
  const held = await openDataDir(dataDir);
  const store = await FileOperationStore.open({ dataDir: held });
  const audit = await JsonlAuditLog.open({ dataDir: held });
  try {
    const { exchange, graph } = tenant.connection;
    const executors = createExecutors(
      {
        exchange,
        graph,
        clock: systemClock,
        secrets: { deliver: () => undefined },
        loadSnapshot: () => Promise.reject(new Error('The tenant benchmark runs no validate job.')),
      },
      EXECUTOR_SETTINGS,
    );
    const manager = new BulkOperationManager({ executors, store, audit, config: options.config });
    const every = options.every ?? 100;
    let reported = 0;
    const started = performance.now();
    const result = await manager.execute('recovery', items, {
      actor: 'bench:tenant-throughput',
      onProgress: ({ totals }) => {
        const finished = totals.completed + totals.failed;
        if (finished < reported + every) return;
        reported = finished - (finished % every);
        options.onRows?.(finished, (performance.now() - started) / 1000);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      rows: items.length,
      seconds,
      result,
      calls: { ...tenant.calls },
      stats: tenant.sandbox.stats(),
      ledger: checkLedger(tenant.sandbox.ledger(), items),
    };
  } finally {
    await audit.close();
    await store.close();
    await held.close();
    await tenant.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Counts, per row, the New-Mailbox writes the tenant processed for its source (the ledger names it). */
export function checkLedger(ledger: readonly LedgerEntry[], items: readonly BulkOperationItem[]): LedgerCheck {
  const recoveries = new Map<string, number>();
  let refusedOrDropped = 0;
  for (const entry of ledger) {
    if (entry.api !== 'exchange' || entry.operation !== 'New-Mailbox') continue;
    if (entry.outcome !== 'ok' || entry.responseDropped) {
      refusedOrDropped += 1;
      continue;
    }
    const source = entry.target.toLowerCase();
    recoveries.set(source, (recoveries.get(source) ?? 0) + 1);
  }
  const check: LedgerCheck = { recoveredOnce: 0, missing: 0, duplicates: 0, refusedOrDropped };
  for (const item of items) {
    const count = recoveries.get(item.sourceIdentity.toLowerCase()) ?? 0;
    if (count === 0) check.missing += 1;
    if (count === 1) check.recoveredOnce += 1;
    check.duplicates += Math.max(0, count - 1);
  }
  return check;
}
