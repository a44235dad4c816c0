import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRestoreExecutor,
  restoreRequestName,
  type RestoreSettings,
} from '../../../src/operations/executors/index.ts';
import type { ItemOutcome } from '../../../src/operations/ports.ts';
import type { MailboxRecord } from '../../../src/operations/tenant-ports.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import {
  activeMailbox,
  FakeTenant,
  guidFor,
  inactiveMailbox,
  restoreStats,
  tenantErrors,
} from '../../fakes/fake-tenant.ts';
import { OPERATION_ID, RowRun } from './executor-test-support.ts';

const jdoe = inactiveMailbox({ name: 'jdoe' });
const X500 = `X500:${jdoe.legacyExchangeDN}`;
const NAME = restoreRequestName(OPERATION_ID, 2);

function setUp(target: MailboxRecord = activeMailbox({ name: 'adele' }), settings: RestoreSettings = {}) {
  const tenant = new FakeTenant({ inactive: [structuredClone(jdoe)], active: [structuredClone(target)] });
  const clock = new FakeClock();
  const executor = createRestoreExecutor({ exchange: tenant.exchange, clock }, { pollIntervalMs: 60_000, ...settings });
  const run = new RowRun(jdoe.exchangeGuid, target.primarySmtpAddress, {
    target_folder: 'Recovered - jdoe',
    conflict_resolution: 'KeepLatestItem',
    source_is_archive: 'false',
  });
  return { tenant, clock, executor, run };
}

function failure(outcome: ItemOutcome) {
  assert.equal(outcome.status, 'failed');
  return outcome.status === 'failed' ? outcome : assert.fail('not failed');
}

describe('restore executor', () => {
  it('names the request IMR-<job>-<row>', () => {
    assert.equal(NAME, 'IMR-7f3c9a12-2');
  });

  it('adds the X500 address to a cloud-only target, submits the request and reports it Completed', async () => {
    const { tenant, executor, run } = setUp();
    const outcome = await run.attempt(executor);

    const adele = tenant.active[0]!;
    assert.ok(adele.emailAddresses.includes(X500));
    const [request] = tenant.restoreRequests;
    assert.equal(request?.name, NAME);
    const sent = tenant.callsTo('newRestoreRequest')[0]?.args[0] as Record<string, unknown>;
    assert.equal(sent['sourceMailbox'], jdoe.exchangeGuid);
    assert.equal(sent['targetRootFolder'], 'Recovered - jdoe');
    assert.equal(sent['conflictResolutionOption'], 'KeepLatestItem');
    assert.equal(sent['sourceIsArchive'], false);
    assert.equal(sent['allowLegacyDNMismatch'], undefined);
    assert.equal(sent['batchName'], 'IMR-7f3c9a12', "submitted in the job's batch, to be listed with it");
    assert.deepEqual(outcome, {
      status: 'completed',
      result: {
        requestName: NAME,
        requestGuid: request?.requestGuid,
        restoreStatus: 'Completed',
        statusDetail: 'Completed',
        percentComplete: 100,
        bytesTransferred: 52_428_800,
        dataConsistencyScore: 'Perfect',
      },
    });
  });

  it('does not add the X500 address again when the target already has it', async () => {
    const { tenant, executor, run } = setUp(
      activeMailbox({ name: 'adele', emailAddresses: ['SMTP:adele@contoso.com', X500] }),
    );
    await run.attempt(executor);
    assert.deepEqual(
      tenant.writes.map((call) => call.method),
      ['newRestoreRequest'],
    );
  });

  it('refuses a directory-synced target that lacks the X500 address', async () => {
    const { tenant, executor, run } = setUp(activeMailbox({ name: 'adele', isDirSynced: true }));
    const outcome = failure(await run.attempt(executor));
    assert.equal(outcome.errorClass, 'permanent');
    assert.equal(outcome.error.code, 'TARGET_SYNCED_X500_REQUIRED');
    assert.ok(outcome.error.message.includes(X500));
    assert.deepEqual(tenant.writes, []);
  });

  it('restores into a synced target with AllowLegacyDNMismatch when that setting is on', async () => {
    const synced = activeMailbox({ name: 'adele', isDirSynced: true });
    const { tenant, executor, run } = setUp(synced, { allowLegacyDnMismatch: true });
    assert.equal((await run.attempt(executor)).status, 'completed');
    assert.deepEqual(
      tenant.writes.map((call) => call.method),
      ['newRestoreRequest'],
    );
    assert.equal((tenant.writes[0]?.args[0] as Record<string, unknown>)['allowLegacyDNMismatch'], true);
  });

  it('takes an existing request with our name as submitted instead of submitting again', async () => {
    const { tenant, executor, run } = setUp();
    tenant.restoreRequests.push({
      name: NAME,
      requestGuid: 'rq-1',
      status: 'InProgress',
      sourceExchangeGuid: jdoe.exchangeGuid,
      targetMailbox: 'adele',
    });
    const outcome = await run.attempt(executor);
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(tenant.writes, []);
    assert.equal(run.item.checkpoint?.['requestGuid'], 'rq-1');
  });

  it('finds the request after a submit whose answer was lost, and tracks it', async () => {
    const { tenant, executor, run } = setUp();
    tenant.loseAnswerOf('newRestoreRequest');
    assert.equal((await run.attempt(executor)).status, 'completed');
    assert.equal(tenant.restoreRequests.length, 1);
  });

  it("keeps the first job's request Name when the row is retried in a new job, so it can never submit twice", async () => {
    const { tenant, executor, run } = setUp();
    tenant.failNext('getRestoreRequests', tenantErrors.timeout());
    assert.equal((await run.attempt(executor)).status, 'failed');

    // retryFailed starts a retry job with another id; the row keeps its checkpoint.
    const retried = await executor.execute(run.item, {
      ...run.context,
      jobId: 'bbbbbbbb-0000-4000-8000-000000000000',
    });
    assert.equal(retried.status, 'completed');
    assert.deepEqual(
      tenant.restoreRequests.map((request) => request.name),
      [NAME],
    );
  });

  it('waits out a throttled poll, honouring Retry-After, instead of failing a restore that is still copying', async () => {
    const { tenant, executor, run, clock } = setUp();
    tenant.failNext('getRestoreRequestStatistics', tenantErrors.throttled(300_000));
    assert.equal((await run.attempt(executor)).status, 'completed');
    assert.ok(clock.sleeps.includes(300_000), JSON.stringify(clock.sleeps));
  });

  it('resumes tracking after a restart without looking anything up again', async () => {
    const { tenant, executor, run } = setUp();
    tenant.restoreProgress.set(NAME, [
      restoreStats({ status: 'InProgress', percentComplete: 40 }),
      restoreStats({ status: 'Failed', statusDetail: 'FailedOther' }),
    ]);
    // Ten failed polls in a row end the attempt (fewer are waited out while the copy goes on).
    for (let poll = 0; poll < 10; poll += 1)
      tenant.failNext('getRestoreRequestStatistics', tenantErrors.throttled(10_000));
    const first = failure(await run.attempt(executor));
    assert.equal(first.errorClass, 'transient');
    assert.equal(
      await executor.reconcile!(run.item, run.controller.signal, OPERATION_ID).then((v) => v.state),
      'not_done',
    );

    tenant.restoreProgress.set(NAME, [restoreStats()]);
    const callsBefore = tenant.calls.length;
    assert.equal((await run.attempt(executor)).status, 'completed');
    // One listing of the job's batch, then the finished request's statistics: no lookup by Name, no submit.
    assert.deepEqual(
      tenant.calls.slice(callsBefore).map((call) => [call.method, call.args[0]]),
      [
        ['getRestoreRequests', { batchName: 'IMR-7f3c9a12' }],
        ['getRestoreRequestStatistics', run.item.checkpoint?.['requestGuid']],
      ],
    );
    assert.equal(tenant.callsTo('newRestoreRequest').length, 1);
  });

  describe('tracking', () => {
    it('polls at the configured interval, saving progress, until Completed', async () => {
      const { tenant, executor, run, clock } = setUp();
      tenant.restoreProgress.set(NAME, [
        restoreStats({ status: 'Queued', percentComplete: 0 }),
        restoreStats({ status: 'Queued', percentComplete: 0 }),
        restoreStats({ status: 'InProgress', percentComplete: 35 }),
        restoreStats({ status: 'AutoSuspended', percentComplete: 35 }),
        restoreStats(),
      ]);
      const outcome = await run.attempt(executor);
      assert.equal(outcome.status, 'completed');
      assert.deepEqual(clock.sleeps, [60_000, 60_000, 60_000, 60_000]);
      const progress = run.checkpoints
        .filter((c) => c['step'] === 'tracking')
        .map((c) => `${c['status']} ${c['percentComplete']}%`);
      assert.deepEqual(progress, ['Queued 0%', 'InProgress 35%', 'AutoSuspended 35%']);
    });

    it('completes with a note on CompletedWithWarning', async () => {
      const { tenant, executor, run } = setUp();
      tenant.restoreProgress.set(NAME, [
        restoreStats({ status: 'CompletedWithWarning', failureMessage: '3 corrupted items were skipped' }),
      ]);
      const outcome = await run.attempt(executor);
      assert.equal(outcome.status, 'completed');
      const result = outcome.status === 'completed' ? outcome.result : undefined;
      assert.equal(result?.['restoreStatus'], 'CompletedWithWarning');
      assert.match(String(result?.['note']), /completed with warnings: 3 corrupted items were skipped/);
    });

    it('reports a FailedOther request that copied every item as such, with the numbers', async () => {
      const { tenant, executor, run } = setUp();
      tenant.restoreProgress.set(NAME, [
        restoreStats({
          status: 'Failed',
          statusDetail: 'FailedOther',
          itemsTransferred: 1200,
          estimatedTransferItemCount: 1200,
        }),
      ]);
      const outcome = failure(await run.attempt(executor));
      assert.equal(outcome.errorClass, 'permanent');
      assert.equal(outcome.error.code, 'RESTORE_FAILED_ALL_ITEMS_COPIED');
      assert.match(outcome.error.message, /all 1200 of 1200 items \(52428800 bytes\) were copied/);
    });

    it('reports a failed request that did not copy everything as RESTORE_FAILED', async () => {
      const { tenant, executor, run } = setUp();
      tenant.restoreProgress.set(NAME, [
        restoreStats({
          status: 'Failed',
          statusDetail: 'FailedOther',
          itemsTransferred: 300,
          estimatedTransferItemCount: 1200,
          failureMessage: 'The source mailbox is corrupt',
        }),
      ]);
      const outcome = failure(await run.attempt(executor));
      assert.equal(outcome.error.code, 'RESTORE_FAILED');
      assert.match(outcome.error.message, /300 of 1200 items.*The source mailbox is corrupt/);
    });

    it("reads at most statisticsPerInterval statistics per listing of the job's batch, finished requests first", async () => {
      const names = ['r2', 'r3', 'r4', 'r5', 'r6'];
      const tenant = new FakeTenant({
        inactive: names.map((name) => inactiveMailbox({ name: `src-${name}` })),
        active: names.map((name) => activeMailbox({ name: `dst-${name}` })),
      });
      const executor = createRestoreExecutor(
        { exchange: tenant.exchange, clock: new FakeClock() },
        { pollIntervalMs: 60_000, statisticsPerInterval: 2 },
      );
      const runs = names.map(
        (name, index) => new RowRun(guidFor(`inactive:src-${name}`), `dst-${name}@contoso.com`, {}, index + 2),
      );
      const outcomes = await Promise.all(runs.map((run) => run.attempt(executor)));

      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        names.map(() => 'completed'),
      );
      // Split the calls at each listing of the batch: between two listings, at most 2 statistics reads.
      const perInterval: number[] = [];
      for (const call of tenant.calls) {
        const args = call.args[0] as { batchName?: string } | undefined;
        if (call.method === 'getRestoreRequests' && args?.batchName === 'IMR-7f3c9a12') perInterval.push(0);
        else if (call.method === 'getRestoreRequestStatistics' && perInterval.length > 0) {
          perInterval[perInterval.length - 1] = (perInterval.at(-1) ?? 0) + 1;
        }
      }
      assert.ok(
        perInterval.every((reads) => reads <= 2),
        JSON.stringify(perInterval),
      );
      assert.equal(tenant.callsTo('getRestoreRequestStatistics').length, names.length, 'one read per finished request');
    });

    it('stops polling as soon as the job is cancelled', async () => {
      const { tenant, executor, run } = setUp();
      tenant.restoreProgress.set(NAME, [restoreStats({ status: 'InProgress', percentComplete: 5 })]);
      const outcome = run.attempt(executor);
      setImmediate(() => run.controller.abort(new Error('shutting down')));
      await assert.rejects(outcome, /shutting down/);
      assert.equal(run.item.checkpoint?.['step'], 'tracking');
    });
  });

  it('fails permanently when the target mailbox does not exist', async () => {
    const missing = setUp();
    missing.run.item = { ...missing.run.item, targetIdentity: 'ghost@contoso.com' };
    assert.equal(failure(await missing.run.attempt(missing.executor)).error.code, 'TARGET_MAILBOX_NOT_FOUND');
  });
});
