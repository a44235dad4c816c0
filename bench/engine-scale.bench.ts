/**
 * The engine and the file store at scale: N rows (the first argument, default 5,000) through a tenant-free
 * executor that saves two checkpoints per row (as recovery does), 16 at once, with the real audit trail on
 * disk — once with the real FileOperationStore and once with an in-memory store. The ratio between the two is
 * what our own durable bookkeeping costs; it must stay flat as the job grows (issue 12: ≤ 1.2× at 5,000 and
 * 50,000 rows, event-loop p99 < 50 ms, peak RSS < 500 MB).
 *
 * `npx tsx bench/engine-scale.bench.ts [rows] [--runs=3]`. Each run is a process of its own (this file, with
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
  /** The process's CPU time (user + system, every thread) during the job. */
  cpuSeconds: number;
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
  const cpuBefore = process.cpuUsage();
  const result = await manager.execute('recovery', items);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  await audit.close();
  await file?.close();
  await held.close();
  await rm(dataDir, { recursive: true, force: true });
  return {
    rows,
    completed: result.totals.completed,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
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
const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const only = process.argv.find((arg) => arg.startsWith('--store='))?.slice('--store='.length);
if (only === 'file' || only === 'memory') {
  process.stdout.write(`${JSON.stringify(await runOnce(rows, only))}\n`);
} else {
  // Alternated, and compared by their medians: on a shared machine the load drifts from one run to the next.
  const memory: RunFigures[] = [];
  const file: RunFigures[] = [];
  for (let run = 0; run < runs; run += 1) {
    memory.push(runInChild(rows, 'memory'));
    file.push(runInChild(rows, 'file'));
  }
  const median = (figures: RunFigures[], key: 'seconds' | 'cpuSeconds' = 'seconds') => {
    const sorted = figures.map((figure) => figure[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const worst = (figures: RunFigures[], key: 'p99Ms' | 'maxMs' | 'rssMb') =>
    Math.max(...figures.map((figure) => figure[key]));
  const [memoryTime, fileTime] = [median(memory), median(file)];
  const line = (label: string, value: string) => console.log(`${label.padEnd(30)}${value}`);
  line('rows', `${rows} (${file.every((f) => f.completed === rows) ? 'all' : 'NOT all'} completed), ${runs} runs each`);
  line(
    'sleeping alone',
    `${((rows / CONCURRENCY) * SLEEP_MS) / 1000} s (${SLEEP_MS} ms a row, ${CONCURRENCY} at once)`,
  );
  line('in-memory store (median)', `${memoryTime.toFixed(2)} s (${(rows / memoryTime).toFixed(0)} rows/s)`);
  line('file store (median)', `${fileTime.toFixed(2)} s (${(rows / fileTime).toFixed(0)} rows/s)`);
  line(
    'file / in-memory',
    `${(fileTime / memoryTime).toFixed(2)}x (run by run: ${file.map((f, i) => (f.seconds / (memory[i]?.seconds ?? NaN)).toFixed(2)).join(', ')})`,
  );
  // Less swayed by other work on the machine than wall time: what the store costs this process itself.
  const [memoryCpu, fileCpu] = [median(memory, 'cpuSeconds'), median(file, 'cpuSeconds')];
  line(
    'CPU time (median)',
    `${fileCpu.toFixed(2)} s file, ${memoryCpu.toFixed(2)} s in-memory: ${(fileCpu / memoryCpu).toFixed(2)}x`,
  );
  line('file store writes', `${file[0]?.writes ?? 0} for ${rows * 4} row saves`);
  line(
    'event loop p99 / max (file)',
    `${worst(file, 'p99Ms').toFixed(0)} / ${worst(file, 'maxMs').toFixed(0)} ms (worst run)`,
  );
  line('event loop p99 (in-memory)', `${worst(memory, 'p99Ms').toFixed(0)} ms (worst run)`);
  line('peak RSS (file / in-memory)', `${worst(file, 'rssMb').toFixed(0)} / ${worst(memory, 'rssMb').toFixed(0)} MB`);
}
