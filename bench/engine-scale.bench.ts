/**
 * The engine and the file store at the largest job: 5,000 rows through a tenant-free executor that
 * saves two checkpoints per row (as recovery does), in parallel, with the real FileOperationStore and audit
 * trail on disk. Prints rows per second, store writes and the event loop's worst stall: the cost of our own
 * bookkeeping, which must stay small beside the tenant's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BulkOperationManager } from '../src/operations/bulk/bulk-operation-manager.ts';
import { createItem } from '../src/operations/model.ts';
import type { ItemExecutor } from '../src/operations/ports.ts';
import { FileOperationStore } from '../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../src/store/jsonl-audit-log.ts';
import { openDataDir } from '../src/store/data-dir.ts';

const ROWS = 5000;
const dataDir = await mkdtemp(join(tmpdir(), 'mrb-engine-bench-'));
let writes = 0;
const held = await openDataDir(dataDir);
const store = await FileOperationStore.open({ dataDir: held, onWrite: () => (writes += 1) });
const audit = await JsonlAuditLog.open({ dataDir: held });
const executor: ItemExecutor = {
  async execute(item, context) {
    await context.saveCheckpoint({ step: 'first', at: item.rowNumber });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await context.saveCheckpoint({ step: 'second', exchangeGuid: item.sourceIdentity });
    return { status: 'completed', result: { newUserPrincipalName: item.targetIdentity ?? '' } };
  },
};
const items = Array.from({ length: ROWS }, (_, i) =>
  createItem({
    rowNumber: i + 2,
    sourceIdentity: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    targetIdentity: `user${i}@contoso.com`,
    additionalData: { display_name: `User ${i}`, target_smtp: `user${i}@contoso.com` },
  }),
);
const manager = new BulkOperationManager({
  executors: { recovery: executor },
  store,
  audit,
  config: { parallelExecution: true, maxConcurrency: 16, batchSize: 500, delayBetweenBatches: 0 },
});
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const started = performance.now();
const result = await manager.execute('recovery', items);
const seconds = (performance.now() - started) / 1000;
loop.disable();
await audit.close();
await store.close();
await held.close();
await rm(dataDir, { recursive: true, force: true });

console.log(`rows                 ${ROWS} (${result.totals.completed} completed)`);
console.log(`time                 ${seconds.toFixed(1)} s (${(ROWS / seconds).toFixed(0)} rows/s)`);
console.log(`store writes         ${writes} for ${ROWS * 4} saves`);
console.log(`event loop p99 / max ${(loop.percentile(99) / 1e6).toFixed(0)} / ${(loop.max / 1e6).toFixed(0)} ms`);
console.log(`peak RSS MB          ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
