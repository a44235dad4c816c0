import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { BulkOperationManager } from '../../../src/operations/bulk/bulk-operation-manager.ts';
import { createRestoreExecutor } from '../../../src/operations/executors/index.ts';
import { runConfigFor } from '../../../src/operations/jobs/index.ts';
import { createItem, type BulkOperationItem } from '../../../src/operations/model.ts';
import type { Clock } from '../../../src/operations/ports.ts';
import type { FixtureMailbox } from '../../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { MemoryOperationStore } from '../../fakes/memory-operation-store.ts';
import {
  createSmallFixture,
  createTestClock,
  invokeCmdlet,
  startTestTenant,
  type TestClock,
} from '../../sandbox/sandbox-client.ts';

const ROWS = 8;
const SUBMIT_SLOTS = 2;
const STATISTICS_PER_INTERVAL = 2;
const COPY_MS = 3_600_000;
const JOB_ID = '5e1f0c2d-0000-4000-8000-00000000000a';

/**
 * The sandbox's time stands still until a test moves it, so every request stays Queued until then; the
 * executor's pauses take a few real milliseconds (never the interval), so tracking goes round quickly.
 */
function trackingClock(tenantTime: TestClock): Clock {
  return {
    now: () => new Date(tenantTime.now()),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, Math.min(ms, 5));
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      }),
  };
}

/** Polls until `ready` holds; fails (never hangs) when it does not within a generous bound. */
async function waitFor(ready: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 10) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('restores in two phases against the sandbox tenant', () => {
  const fixture = createSmallFixture();
  const outcomes = fixture.restoreOutcomes ?? {};
  const busyTargets = new Set(fixture.restoreRequests.map((request) => request.TargetMailbox));
  const free = (m: FixtureMailbox) => !outcomes[m.ExchangeGuid];
  const sources = fixture.mailboxes.filter((m) => m.IsInactiveMailbox && free(m)).slice(0, ROWS);
  const targets = fixture.mailboxes
    .filter((m) => !m.IsInactiveMailbox && !m.IsDirSynced && free(m) && !busyTargets.has(m.Name))
    .slice(0, ROWS);
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  async function setUp() {
    assert.equal(sources.length, ROWS);
    assert.equal(targets.length, ROWS);
    const tenantTime = createTestClock();
    tenant = await startTestTenant({ restoreDurationMs: COPY_MS, now: tenantTime.now });
    const client = new InvokeCommandClient({
      baseUrl: tenant.exchangeBaseUrl,
      tenantId: tenant.tenantId,
      tokens: createStaticTokenProvider('test'),
    });
    const exchange = createExchangeGateway(client, createPlainPasswordEncoder());
    const clock = trackingClock(tenantTime);
    const store = new MemoryOperationStore();
    const newManager = () =>
      new BulkOperationManager({
        executors: {
          restore: createRestoreExecutor(
            { exchange, clock },
            { pollIntervalMs: 60_000, statisticsPerInterval: STATISTICS_PER_INTERVAL },
          ),
        },
        store,
        clock,
      });
    const items: BulkOperationItem[] = sources.map((source, index) =>
      createItem({
        rowNumber: index + 2,
        sourceIdentity: source.ExchangeGuid,
        targetIdentity: (targets[index] as FixtureMailbox).UserPrincipalName,
        additionalData: {},
      }),
    );
    let ownListings = 0;
    // Calls the product made (this test's own look-ups left out).
    const calls = (cmdlet: string) =>
      ((tenant as SandboxTenant).stats().exchange.byCmdlet[cmdlet] ?? 0) -
      (cmdlet === 'Get-MailboxRestoreRequest' ? ownListings : 0);
    const requestsInBatch = async () => {
      ownListings += 1;
      const listed = await invokeCmdlet(tenant as SandboxTenant, 'Get-MailboxRestoreRequest', {
        BatchName: 'IMR-5e1f0c2d',
      });
      return listed.body.value.length as number;
    };
    return { tenantTime, store, newManager, items, calls, requestsInBatch };
  }

  it('submits every row before any copy ends, with only the submit slots busy, then tracks them by batch', async () => {
    const { tenantTime, newManager, items, calls, requestsInBatch } = await setUp();
    const manager = newManager();
    const done = manager.execute('restore', items, { jobId: JOB_ID, config: runConfigFor('restore', SUBMIT_SLOTS) });

    // Nothing has copied yet (the tenant's clock stands still), yet all rows are submitted: no row holds a slot
    // while it waits, so 2 slots submit 8 requests.
    await waitFor(async () => (await requestsInBatch()) === ROWS, `${ROWS} requests in the job's batch`);
    const listingsWhileQueued = calls('Get-MailboxRestoreRequest');
    await waitFor(() => calls('Get-MailboxRestoreRequest') > listingsWhileQueued + 3, 'a few more listings');
    assert.equal(calls('Get-MailboxRestoreRequestStatistics'), 0, 'a Queued request is never read on its own');

    tenantTime.advance(COPY_MS);
    const result = await done;

    assert.equal(result.state, 'completed');
    assert.equal(result.totals.completed, ROWS);
    for (const item of result.items) {
      assert.equal(item.result?.['restoreStatus'], 'Completed');
      assert.equal(item.result?.['percentComplete'], 100);
    }
    // One statistics read per finished request: the numbers of its outcome. Nothing per row per interval.
    assert.equal(calls('Get-MailboxRestoreRequestStatistics'), ROWS);
    assert.equal(calls('New-MailboxRestoreRequest'), ROWS);
  });

  it('saves percent complete for a few copying requests per interval', async () => {
    const { tenantTime, store, newManager, items, calls, requestsInBatch } = await setUp();
    const manager = newManager();
    const done = manager.execute('restore', items, { jobId: JOB_ID, config: runConfigFor('restore', SUBMIT_SLOTS) });
    await waitFor(async () => (await requestsInBatch()) === ROWS, `${ROWS} requests in the job's batch`);
    tenantTime.advance(COPY_MS / 2);
    const percents = new Map<number, unknown>();
    await waitFor(async () => {
      for (const item of (await store.load(JOB_ID))?.items ?? []) {
        const percent = item.checkpoint?.['percentComplete'];
        if (typeof percent === 'number' && percent > 0) percents.set(item.rowNumber, percent);
      }
      return percents.size === ROWS;
    }, 'every copying row to show its percentage');
    // Read a few per interval (the least recently read first), never all of them every interval.
    assert.ok(calls('Get-MailboxRestoreRequestStatistics') < calls('Get-MailboxRestoreRequest'));
    assert.deepEqual(new Set(percents.values()), new Set([41]));
    tenantTime.advance(COPY_MS / 2);
    assert.equal((await done).totals.completed, ROWS);
  });

  it('resumes tracking after a restart without submitting again, by the saved requestGuid', async () => {
    const { tenantTime, store, newManager, items, calls, requestsInBatch } = await setUp();
    const first = newManager();
    const interrupted = first.execute('restore', items, { jobId: JOB_ID, config: runConfigFor('restore', 2) });
    await waitFor(async () => (await requestsInBatch()) === ROWS, `${ROWS} requests in the job's batch`);
    await waitFor(
      async () =>
        (await store.load(JOB_ID))?.items.every((item) => typeof item.checkpoint?.['requestGuid'] === 'string') ??
        false,
      'every row saved its requestGuid',
    );
    await first.shutdown();
    assert.equal((await interrupted).state, 'running', 'left running for the restart');
    const saved = new Map((await store.load(JOB_ID))?.items.map((i) => [i.rowNumber, i.checkpoint?.['requestGuid']]));

    tenantTime.advance(COPY_MS);
    const resumed = await newManager().resume(JOB_ID);

    assert.equal(resumed.state, 'completed');
    assert.equal(calls('New-MailboxRestoreRequest'), ROWS, 'no request was submitted twice');
    for (const item of resumed.items) {
      assert.equal(item.status, 'completed');
      assert.equal(item.result?.['requestGuid'], saved.get(item.rowNumber));
    }
  });

  it('cancels a job while its requests copy: the rows stop and the listing stops', async () => {
    const { newManager, items, calls, requestsInBatch } = await setUp();
    const manager = newManager();
    const done = manager.execute('restore', items, { jobId: JOB_ID, config: runConfigFor('restore', 2) });
    await waitFor(async () => (await requestsInBatch()) === ROWS, `${ROWS} requests in the job's batch`);
    assert.equal(manager.cancel(JOB_ID, 'admin'), true);
    const result = await done;
    assert.equal(result.state, 'cancelled');
    assert.equal(result.totals.completed, 0);
    // A listing sent just before the cancel may still be on its way to the sandbox: count from after it lands.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const listings = calls('Get-MailboxRestoreRequest');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(calls('Get-MailboxRestoreRequest'), listings, 'no tracker is left listing the batch');
  });
});
