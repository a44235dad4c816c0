/**
 * The process the crash test kills: `node --import tsx crash-child.ts <dataDir> <start|resume> [flags]`.
 * It runs (or resumes) operation `crash-op` over 60 rows against the real file store and the ledger executor.
 * Flags: `--parallel`; `--hold=after-write|before-write|batch-pause` hangs at that point, after writing the
 * marker file `<dataDir>/holding`, so the test can kill it exactly there.
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { BulkOperationManager } from '../../../src/operations/bulk/bulk-operation-manager.ts';
import type { Clock } from '../../../src/operations/ports.ts';
import { systemClock } from '../../../src/operations/system-clock.ts';
import { FileOperationStore } from '../../../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../../../src/store/jsonl-audit-log.ts';
import { makeItems } from './bulk-test-support.ts';
import { LedgerExecutor, type HoldPoint } from './ledger-executor.ts';
import { openDataDir } from '../../../src/store/data-dir.ts';

const CRASH_OPERATION_ID = 'crash-op';
const CRASH_ROWS = 60;
const CRASH_BATCH_SIZE = 10;
const BATCH_DELAY_SECONDS = 0.02;

async function main(): Promise<void> {
  const [dataDir, mode, ...flags] = process.argv.slice(2);
  if (dataDir === undefined || (mode !== 'start' && mode !== 'resume')) {
    throw new Error('usage: crash-child.ts <dataDir> <start|resume> [--parallel] [--hold=…]');
  }
  const hold = flags.find((flag) => flag.startsWith('--hold='))?.slice('--hold='.length) ?? 'none';
  const holdMarkerPath = join(dataDir, 'holding');
  const held = await openDataDir(dataDir);
  const store = await FileOperationStore.open({ dataDir: held });
  const audit = await JsonlAuditLog.open({ dataDir: held });
  const executor = new LedgerExecutor({
    ledgerPath: join(dataDir, 'ledger.txt'),
    reconcileLogPath: join(dataDir, 'reconciled.txt'),
    holdMarkerPath,
    jobId: CRASH_OPERATION_ID,
    hold: hold === 'after-write' || hold === 'before-write' ? (hold as HoldPoint) : 'none',
    workMs: 2,
  });
  const manager = new BulkOperationManager({
    executors: { recovery: executor },
    store,
    audit,
    clock: hold === 'batch-pause' ? holdingAtBatchPause(holdMarkerPath) : systemClock,
    config: {
      batchSize: CRASH_BATCH_SIZE,
      delayBetweenBatches: BATCH_DELAY_SECONDS,
      parallelExecution: flags.includes('--parallel'),
      maxConcurrency: 4,
    },
  });
  const result =
    mode === 'start'
      ? await manager.execute('recovery', makeItems(CRASH_ROWS), { jobId: CRASH_OPERATION_ID })
      : await manager.resume(CRASH_OPERATION_ID);
  await audit.close();
  await store.close();
  await held.close();
  process.stdout.write(`${result.state}\n`);
}

/** The system clock, except that the first pause between batches hangs (every row before it is saved). */
function holdingAtBatchPause(markerPath: string): Clock {
  let held = false;
  return {
    now: () => systemClock.now(),
    sleep: async (ms, signal) => {
      if (!held && ms === Math.round(BATCH_DELAY_SECONDS * 1000)) {
        held = true;
        await writeFile(markerPath, 'batch-pause');
        return systemClock.sleep(10 * 60_000, signal);
      }
      return systemClock.sleep(ms, signal);
    },
  };
}

await main();
