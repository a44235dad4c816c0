// Restore tracking (issue 12): 1,000 concurrent restores through the real engine, executor, gateway and file
// store against the sandbox over HTTP, 20 rows submitting at once (RESTORE_CONCURRENT_ROWS), 3 Exchange calls
// in flight. Time stands still for the executor and the sandbox until every row is submitted (so all 1,000
// copies run at once), then runs SPEEDUP times faster than the wall clock: a 120 s poll interval lasts 200 ms,
// a 2-hour copy 12 s. Prints the Exchange calls each poll interval costs from then on — one
// Get-MailboxRestoreRequest -BatchName listing plus at most RESTORE_STATISTICS_PER_INTERVAL statistics reads —
// against the per-row polling it replaces (one Get-MailboxRestoreRequestStatistics per unfinished request per
// interval, counted from the same run's intervals).
// Run: node --import tsx bench/restore-tracking.bench.ts   (about a minute, most of it the submit phase)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulkOperationManager } from '../src/operations/bulk/bulk-operation-manager.ts';
import { createRestoreExecutor } from '../src/operations/executors/index.ts';
import { DEFAULT_RESTORE_CONCURRENT_ROWS, runConfigFor } from '../src/operations/jobs/index.ts';
import { createItem, type BulkOperationItem } from '../src/operations/model.ts';
import type { Clock } from '../src/operations/ports.ts';
import { generateTenantFixture, type FixtureMailbox } from '../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../src/sandbox/sandbox-server.ts';
import { openDataDir } from '../src/store/data-dir.ts';
import { FileOperationStore } from '../src/store/file-operation-store.ts';
import { connectTenant } from '../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../src/tenant/token-provider.ts';

const ROWS = 1_000;
const POLL_MS = 120_000;
const COPY_MS = 2 * 3_600_000;
const SPEEDUP = 600;
const STATISTICS_PER_INTERVAL = 20;
const EXCHANGE_LIMIT = 3;
const JOB_ID = 'be1c0000-0000-4000-8000-000000000012';

interface Interval {
  listings: number;
  statistics: number;
  exchange: number;
  /** Requests submitted and unfinished at the end of the interval: what per-row polling would read. */
  perRowPolls: number;
}

interface BenchClock extends Clock {
  /** Starts time (it stands still until then). */
  run(): void;
}

/** Both the executor and the sandbox read this clock; once running, a sleep of `ms` takes ms / SPEEDUP. */
function benchClock(onSleep: (ms: number) => void): BenchClock {
  const startMs = Date.parse('2025-06-01T00:00:00Z');
  let runningSince: number | null = null;
  return {
    now: () => new Date(startMs + (runningSince === null ? 0 : (performance.now() - runningSince) * SPEEDUP)),
    run: () => void (runningSince ??= performance.now()),
    sleep: (ms, signal) => {
      onSleep(ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, ms / SPEEDUP);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    },
  };
}

function pairs(): {
  sources: FixtureMailbox[];
  targets: FixtureMailbox[];
  fixture: ReturnType<typeof generateTenantFixture>;
} {
  const fixture = generateTenantFixture({ seed: 12, inactiveMailboxes: ROWS + 100, activeUsers: ROWS + 200 });
  const busy = new Set(fixture.restoreRequests.map((request) => request.TargetMailbox));
  const sources = fixture.mailboxes.filter((m) => m.IsInactiveMailbox).slice(0, ROWS);
  const targets = fixture.mailboxes.filter((m) => !m.IsInactiveMailbox && !m.IsDirSynced && !busy.has(m.Name));
  if (sources.length < ROWS || targets.length < ROWS) throw new Error('The fixture is too small for the bench.');
  return { sources, targets: targets.slice(0, ROWS), fixture };
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(50)}${value}`);

async function main(): Promise<void> {
  const { sources, targets, fixture } = pairs();
  let onTick: () => void = () => undefined;
  const clock = benchClock((ms) => {
    if (ms === POLL_MS) onTick();
  });
  const sandbox = await startSandboxTenant({
    fixture,
    host: '127.0.0.1',
    restoreDurationMs: COPY_MS,
    now: () => clock.now().getTime(),
    exchangeConcurrency: { limit: EXCHANGE_LIMIT, mode: '429' },
    userProvisioningDelayMs: 0,
  });
  const connection = connectTenant({
    tenantId: sandbox.tenantId,
    exchangeBaseUrl: sandbox.exchangeBaseUrl,
    graphBaseUrl: sandbox.graphBaseUrl,
    tokens: createStaticTokenProvider('bench-token'),
    passwords: createPlainPasswordEncoder(),
    maxConcurrentExchangeCalls: EXCHANGE_LIMIT,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'restore-bench-'));
  const held = await openDataDir(dataDir);
  const store = await FileOperationStore.open({ dataDir: held });
  try {
    const executor = createRestoreExecutor(
      { exchange: connection.exchange, clock },
      { pollIntervalMs: POLL_MS, statisticsPerInterval: STATISTICS_PER_INTERVAL },
    );
    const manager = new BulkOperationManager({ executors: { restore: executor }, store, clock });
    const items: BulkOperationItem[] = sources.map((source, index) =>
      createItem({
        rowNumber: index + 2,
        sourceIdentity: source.ExchangeGuid,
        targetIdentity: (targets[index] as FixtureMailbox).UserPrincipalName,
        additionalData: {},
      }),
    );

    const cmdlet = (name: string) => sandbox.stats().exchange.byCmdlet[name] ?? 0;
    const counters = () => ({
      listings: cmdlet('Get-MailboxRestoreRequest'),
      statistics: cmdlet('Get-MailboxRestoreRequestStatistics'),
      exchange: sandbox.stats().exchange.requests,
    });
    const intervals: Interval[] = [];
    let last = counters();
    let submitPhaseCalls = -1;
    let submitSeconds = 0;
    const started = performance.now();
    onTick = () => {
      const now = counters();
      void manager.getOperationStatus(JOB_ID).then((op) => {
        const items = op?.items ?? [];
        const unfinished = items.filter((i) => i.status === 'in_progress' && i.checkpoint?.['requestGuid']).length;
        if (submitPhaseCalls < 0) {
          if (items.some((i) => i.status === 'pending' || !i.checkpoint?.['requestGuid'])) return;
          // Every row submitted: the copies start, and the measured intervals with them.
          submitPhaseCalls = now.exchange;
          submitSeconds = (performance.now() - started) / 1000;
          last = now;
          clock.run();
          return;
        }
        intervals.push({
          listings: now.listings - last.listings,
          statistics: now.statistics - last.statistics,
          exchange: now.exchange - last.exchange,
          perRowPolls: unfinished,
        });
        last = now;
      });
    };

    const result = await manager.execute('restore', items, {
      jobId: JOB_ID,
      config: runConfigFor('restore', DEFAULT_RESTORE_CONCURRENT_ROWS),
    });
    const total = sandbox.stats().exchange;

    const tracking = intervals;
    const ours = tracking.map((i) => i.listings + i.statistics);
    const perRow = tracking.map((i) => i.perRowPolls);
    const ourTotal = ours.reduce((sum, v) => sum + v, 0);
    const perRowTotal = perRow.reduce((sum, v) => sum + v, 0);
    const stats = (values: number[]) =>
      `mean ${mean(values).toFixed(1)}, p50 ${percentile(values, 50)}, max ${Math.max(0, ...values)}`;
    const firstDone = tracking.findIndex((i) => i.perRowPolls < ROWS);
    console.log(
      `${ROWS} concurrent restores, ${DEFAULT_RESTORE_CONCURRENT_ROWS} submitting at once, poll ${POLL_MS / 1000} s, ` +
        `copy ${COPY_MS / 3_600_000} h, statistics ${STATISTICS_PER_INTERVAL}/interval, time x${SPEEDUP} once submitted`,
    );
    line('rows completed / failed', `${result.totals.completed} / ${result.totals.failed} (state ${result.state})`);
    const codes = new Map<string, number>();
    for (const item of result.items) if (item.error) codes.set(item.error.code, (codes.get(item.error.code) ?? 0) + 1);
    line('failed rows by code (fixture outcomes)', [...codes].map(([code, n]) => `${code} ${n}`).join(', ') || '-');
    line('New-MailboxRestoreRequest calls', total.byCmdlet['New-MailboxRestoreRequest'] ?? 0);
    line('submit phase: Exchange calls, wall time', `${submitPhaseCalls}, ${submitSeconds.toFixed(1)} s`);
    line('tracking intervals measured', tracking.length);
    line('Exchange calls per interval (ours)', stats(tracking.map((i) => i.exchange)));
    line('  listings per interval', stats(tracking.map((i) => i.listings)));
    line('  statistics reads per interval', stats(tracking.map((i) => i.statistics)));
    line('per-row polling, same intervals', stats(perRow));
    line(
      'tracking calls in total: ours vs per-row',
      `${ourTotal} vs ${perRowTotal} (${(perRowTotal / Math.max(1, ourTotal)).toFixed(1)}x fewer)`,
    );
    // Copies that end together queue for their one statistics read (the budget): this is how long that takes.
    line('intervals from the first row finished to the end', firstDone < 0 ? '-' : `${tracking.length - firstDone}`);
    line('wall time', `${((performance.now() - started) / 1000).toFixed(1)} s`);
    line(
      'Exchange calls in total (all cmdlets)',
      `${total.requests} (throttled 429: ${total.throttled429}, max in flight ${total.maxConcurrent})`,
    );
  } finally {
    await store.close();
    await held.close();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
