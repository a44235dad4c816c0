/**
 * The engine and the file store at scale: N rows (default 5,000; `-- 50000` for more) through a tenant-free
 * executor that saves two checkpoints per row (as recovery does), 16 at once, with the real audit trail on
 * disk — once with the real FileOperationStore and once with an in-memory store. The ratio between the two is
 * what our own durable bookkeeping costs; it must stay flat as the job grows (issue 12: ≤ 1.2× at 5,000 and
 * 50,000 rows, event-loop p99 < 50 ms, peak RSS < 500 MB).
 *
 * `npx tsx bench/engine-scale.bench.ts [rows]`. Each store runs in a process of its own (this file, with
 * `--store=`), so each one's peak RSS and event loop are its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BulkOperationManager } from '../src/operations/bulk/bulk-operation-manager.ts';
import { createItem } from '../src/operations/model.ts';
import type { ItemExecutor, OperationStore } from '../src/operations/ports.ts';
import { FileOperationStore } from '../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../src/store/jsonl-audit-log.ts';
import { openDataDir } from '../src/store/data-dir.ts';
import { MemoryOperationStore } from '../test/fakes/memory-operation-store.ts';

const SLEEP_MS = 5;
const CONCURRENCY = 16;

interface RunFigures {
  rows: number;
  completed: number;
  seconds: number;
  writes: number;
  p99Ms: number;
  maxMs: number;
  rssMb: number;
}

async function runOnce(rows: number, kind: 'file' | 'memory'): Promise<RunFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mrb-engine-bench-'));
  let writes = 0;
  const held = await openDataDir(dataDir);
  const file = kind === 'file' ? await FileOperationStore.open({ dataDir: held, onWrite: () => (writes += 1) }) : null;
  const store: OperationStore = file ?? new MemoryOperationStore([], { keepHistory: false });
  const audit = await JsonlAuditLog.open({ dataDir: held });
  const executor: ItemExecutor = {
    async execute(item, context) {
      await context.saveCheckpoint({ step: 'first', at: item.rowNumber });
      await new Promise((resolve) => setTimeout(resolve, SLEEP_MS));
      await context.saveCheckpoint({ step: 'second', exchangeGuid: item.sourceIdentity });
      return { status: 'completed', result: { newUserPrincipalName: item.targetIdentity ?? '' } };
    },
  };
  const items = Array.from({ length: rows }, (_, i) =>
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
    config: { parallelExecution: true, maxConcurrency: CONCURRENCY, batchSize: 500, delayBetweenBatches: 0 },
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const result = await manager.execute('recovery', items);
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  await audit.close();
  await file?.close();
  await held.close();
  await rm(dataDir, { recursive: true, force: true });
  return {
    rows,
    completed: result.totals.completed,
    seconds,
    writes,
    p99Ms: loop.percentile(99) / 1e6,
    maxMs: loop.max / 1e6,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function runInChild(rows: number, kind: 'file' | 'memory'): RunFigures {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, String(rows), `--store=${kind}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the ${kind} run failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as RunFigures;
}

const rows = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 5000);
const only = process.argv.find((arg) => arg.startsWith('--store='))?.slice('--store='.length);
if (only === 'file' || only === 'memory') {
  process.stdout.write(`${JSON.stringify(await runOnce(rows, only))}\n`);
} else {
  const memory = runInChild(rows, 'memory');
  const file = runInChild(rows, 'file');
  const line = (label: string, value: string) => console.log(`${label.padEnd(30)}${value}`);
  line('rows', `${rows} (${file.completed} completed on file, ${memory.completed} in memory)`);
  line(
    'sleeping alone',
    `${((rows / CONCURRENCY) * SLEEP_MS) / 1000} s (${SLEEP_MS} ms a row, ${CONCURRENCY} at once)`,
  );
  line('in-memory store', `${memory.seconds.toFixed(2)} s (${(rows / memory.seconds).toFixed(0)} rows/s)`);
  line('file store', `${file.seconds.toFixed(2)} s (${(rows / file.seconds).toFixed(0)} rows/s)`);
  line('file / in-memory', `${(file.seconds / memory.seconds).toFixed(2)}x`);
  line('file store writes', `${file.writes} for ${rows * 4} row saves`);
  line('event loop p99 / max (file)', `${file.p99Ms.toFixed(0)} / ${file.maxMs.toFixed(0)} ms`);
  line('event loop p99 (in-memory)', `${memory.p99Ms.toFixed(0)} ms`);
  line('peak RSS (file / in-memory)', `${file.rssMb.toFixed(0)} / ${memory.rssMb.toFixed(0)} MB`);
}
