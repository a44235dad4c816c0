import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRecoveryExecutor, type RecoverySettings } from '../../../src/operations/executors/index.ts';
import type { TemporaryAccessPass } from '../../../src/operations/tenant-ports.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { activeMailbox, FakeTenant, inactiveMailbox, sku, tenantErrors } from '../../fakes/fake-tenant.ts';
import { RowRun } from './executor-test-support.ts';

const jdoe = inactiveMailbox({ name: 'jdoe' });
const UPN = 'john.doe@contoso.com';

function setUp(settings: RecoverySettings = {}, seed = {}) {
  const tenant = new FakeTenant({ inactive: [structuredClone(jdoe)], skus: [sku('ENTERPRISEPACK', 10, 2)], ...seed });
  const clock = new FakeClock();
  const delivered: { row: number; upn: string; pass: TemporaryAccessPass }[] = [];
  const secrets = {
    deliver: (_op: string, row: number, upn: string, pass: TemporaryAccessPass) => delivered.push({ row, upn, pass }),
  };
  const executor = createRecoveryExecutor({ exchange: tenant.exchange, graph: tenant.graph, clock, secrets }, settings);
  return { tenant, clock, delivered, executor };
}

function recoveryRow(extra: Record<string, string> = {}): RowRun {
  return new RowRun(jdoe.exchangeGuid, UPN, {
    display_name: 'John Doe',
    first_name: 'John',
    last_name: 'Doe',
    ...extra,
  });
}

describe('recovery executor', () => {
  it('recovers the mailbox, licenses the user and hands the Temporary Access Pass to the requester only', async () => {
    const { tenant, executor, delivered } = setUp({ issueTemporaryAccessPass: true, defaultUsageLocation: 'GB' });
    const run = recoveryRow({ license_sku: 'ENTERPRISEPACK' });

    const outcome = await run.attempt(executor);

    const recovered = tenant.active.find((m) => m.userPrincipalName === UPN);
    assert.ok(recovered, 'a mailbox now holds the UPN');
    assert.equal(tenant.inactive.length, 0, 'the inactive mailbox is consumed');
    assert.deepEqual(outcome, {
      status: 'completed',
      result: {
        newUserPrincipalName: UPN,
        newExchangeGuid: recovered.exchangeGuid,
        licenseAssigned: 'ENTERPRISEPACK',
        temporaryAccessPassIssued: true,
      },
    });
    const newUser = tenant.users.find((u) => u.userPrincipalName === UPN);
    assert.equal(newUser?.usageLocation, 'GB');
    assert.equal(newUser?.assignedLicenses.length, 1);
    assert.deepEqual(
      delivered.map(({ row, upn }) => ({ row, upn })),
      [{ row: 2, upn: UPN }],
    );
    assert.equal(
      delivered[0]?.pass,
      tenant.issuedPasses[0] && { ...tenant.issuedPasses[0] } ? delivered[0]?.pass : null,
    );
    const sent = tenant.callsTo('newMailboxFromInactive')[0]?.args[0] as Record<string, unknown>;
    assert.equal(sent['name'], 'john.doe');
    assert.equal(sent['inactiveMailbox'], jdoe.exchangeGuid);
    assert.equal(sent['resetPasswordOnNextLogon'], true);
  });

  it('never lets the password or the pass reach the checkpoint or the outcome', async () => {
    const { tenant, executor } = setUp({ issueTemporaryAccessPass: true });
    const run = recoveryRow();
    const outcome = await run.attempt(executor);

    const [password] = tenant.receivedPasswords;
    assert.ok(password && password.length >= 16);
    assert.match(password, /[A-Z]/);
    assert.match(password, /[a-z]/);
    assert.match(password, /[0-9]/);
    assert.match(password, /[^A-Za-z0-9]/);
    const persisted = JSON.stringify({ item: run.item, checkpoints: run.checkpoints, outcome });
    assert.ok(!persisted.includes(password), 'password leaked');
    const pass = tenant.issuedPasses[0]?.temporaryAccessPass;
    assert.ok(pass);
    assert.ok(!persisted.includes(pass), 'Temporary Access Pass leaked');
  });

  it('generates a different password for every mailbox', async () => {
    const two = [inactiveMailbox({ name: 'p1' }), inactiveMailbox({ name: 'p2' })];
    const { tenant, executor } = setUp({}, { inactive: two });
    await new RowRun(two[0]!.exchangeGuid, 'one@contoso.com').attempt(executor);
    await new RowRun(two[1]!.exchangeGuid, 'two@contoso.com').attempt(executor);
    assert.equal(new Set(tenant.receivedPasswords).size, 2);
  });

  it('saves each finished step in order', async () => {
    const { executor } = setUp({ issueTemporaryAccessPass: true, defaultLicenseSku: 'ENTERPRISEPACK' });
    const run = recoveryRow();
    await run.attempt(executor);
    assert.deepEqual(
      run.checkpoints.map((checkpoint) => checkpoint['step']),
      ['rechecked', 'mailboxRequested', 'mailboxCreated', 'userVisible', 'licensed', 'tapRequested', 'tapIssued'],
    );
  });

  it('skips licensing and the pass when neither is asked for', async () => {
    const { tenant, executor } = setUp();
    const outcome = await recoveryRow().attempt(executor);
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(
      tenant.writes.map((call) => call.method),
      ['newMailboxFromInactive'],
    );
    assert.equal(outcome.status === 'completed' && outcome.result?.['licenseAssigned'], '');
  });

  describe('resuming', () => {
    // The tenant is as the whole first run left it: a location or licence it already shows is not sent again.
    const writesPerStep: [string, string[]][] = [
      ['mailboxCreated', ['createTemporaryAccessPass']],
      ['userVisible', ['createTemporaryAccessPass']],
      ['licensed', ['createTemporaryAccessPass']],
      // Killed after saving the step, before the request reached Graph: the user has no pass yet.
      ['tapRequested', ['createTemporaryAccessPass']],
      ['tapIssued', []],
    ];
    for (const [step, remaining] of writesPerStep) {
      it(`continues after "${step}" without repeating a write the tenant already shows`, async () => {
        const settings = {
          issueTemporaryAccessPass: true,
          defaultLicenseSku: 'ENTERPRISEPACK',
          defaultUsageLocation: 'US',
        };
        const first = setUp(settings);
        const run = recoveryRow();
        await run.attempt(first.executor);
        const upTo = run.checkpoints.findIndex((checkpoint) => checkpoint['step'] === step);
        const saved = Object.assign({}, ...run.checkpoints.slice(0, upTo + 1));

        // A new process over the tenant as the first one left it, with the checkpoint saved up to `step`.
        const second = setUp(settings, { inactive: [], active: first.tenant.active, users: first.tenant.users });
        run.item = { ...run.item, checkpoint: saved };
        const outcome = await run.attempt(second.executor);

        assert.equal(outcome.status, 'completed');
        assert.deepEqual(
          second.tenant.writes.map((call) => call.method),
          remaining,
        );
      });
    }

    it('assigns only the licence to a row killed between setting the usage location and licensing', async () => {
      const settings = { defaultLicenseSku: 'ENTERPRISEPACK', defaultUsageLocation: 'US' };
      const first = setUp(settings);
      const run = recoveryRow();
      await run.attempt(first.executor);
      const upTo = run.checkpoints.findIndex((checkpoint) => checkpoint['step'] === 'userVisible');
      const saved = Object.assign({}, ...run.checkpoints.slice(0, upTo + 1));
      // The usage location reached the tenant; the licence did not.
      const users = first.tenant.users.map((user) =>
        user.userPrincipalName === UPN ? { ...user, assignedLicenses: [] } : user,
      );

      const second = setUp(settings, { inactive: [], active: first.tenant.active, users });
      run.item = { ...run.item, checkpoint: saved };
      const outcome = await run.attempt(second.executor);

      assert.equal(outcome.status, 'completed');
      assert.deepEqual(
        second.tenant.writes.map((call) => call.method),
        ['assignLicense'],
      );
      assert.equal(second.tenant.users.find((user) => user.userPrincipalName === UPN)?.assignedLicenses.length, 1);
    });

    it('looks for the mailbox before sending New-Mailbox again after an unanswered request', async () => {
      const { tenant, executor } = setUp();
      tenant.loseAnswerOf('newMailboxFromInactive');
      const run = recoveryRow();
      const firstTry = await run.attempt(executor);
      assert.equal(firstTry.status === 'failed' && firstTry.errorClass, 'transient');

      const secondTry = await run.attempt(executor);
      assert.equal(secondTry.status, 'completed');
      assert.equal(tenant.callsTo('newMailboxFromInactive').length, 1, 'New-Mailbox was not sent twice');
      const recovered = tenant.active.find((m) => m.userPrincipalName === UPN);
      assert.equal(secondTry.status === 'completed' && secondTry.result?.['newExchangeGuid'], recovered?.exchangeGuid);
    });

    it('sends New-Mailbox again when the earlier request never arrived', async () => {
      const { tenant, executor } = setUp();
      tenant.failNext('newMailboxFromInactive', tenantErrors.timeout());
      const run = recoveryRow();
      assert.equal((await run.attempt(executor)).status, 'failed');
      assert.equal(run.item.checkpoint?.['step'], 'mailboxRequested');
      assert.equal((await run.attempt(executor)).status, 'completed');
      assert.equal(tenant.active.filter((m) => m.userPrincipalName === UPN).length, 1);
    });

    it('never adopts a stranger who took the UPN while the request went unanswered', async () => {
      const stranger = activeMailbox({ userPrincipalName: UPN, name: 'someone-else' });
      const { tenant, executor, delivered } = setUp({ issueTemporaryAccessPass: true });
      tenant.failNext('newMailboxFromInactive', tenantErrors.timeout());
      const run = recoveryRow({ license_sku: 'ENTERPRISEPACK', usage_location: 'US' });
      assert.equal((await run.attempt(executor)).status, 'failed');
      tenant.active.push(stranger);

      const retry = await run.attempt(executor);
      assert.equal(retry.status === 'failed' && retry.error.code, 'TARGET_UPN_IN_USE');
      assert.deepEqual(tenant.callsTo('assignLicense'), [], 'no licence for the stranger');
      assert.deepEqual(delivered, [], 'no pass for the stranger');
    });
  });

  describe('waiting for the new user', () => {
    it('polls Graph with a doubling pause until the user appears', async () => {
      const { tenant, executor, clock } = setUp();
      tenant.userVisibleAfterLookups = 3;
      const outcome = await recoveryRow().attempt(executor);
      assert.equal(outcome.status, 'completed');
      assert.deepEqual(clock.sleeps, [2_000, 4_000, 8_000]);
    });

    it('fails transiently after the wait limit, and a retry continues at the wait', async () => {
      const { tenant, executor, clock } = setUp({ userWaitTimeoutMs: 60_000 });
      tenant.userVisibleAfterLookups = 100;
      const run = recoveryRow();
      const outcome = await run.attempt(executor);
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.status === 'failed' && outcome.errorClass, 'transient');
      assert.equal(outcome.status === 'failed' && outcome.error.code, 'USER_NOT_VISIBLE');
      assert.equal(
        clock.sleeps.reduce((sum, ms) => sum + ms, 0),
        60_000,
        'never waits past the limit',
      );

      tenant.showHiddenUsers();
      const again = await run.attempt(executor);
      assert.equal(again.status, 'completed');
      assert.equal(tenant.callsTo('newMailboxFromInactive').length, 1);
    });

    it('finishes a row cancelled once it has begun: mailbox, usage location and licence, not half of them', async () => {
      const { tenant, executor } = setUp({ defaultLicenseSku: 'ENTERPRISEPACK', defaultUsageLocation: 'US' });
      const run = recoveryRow();
      const context = run.context;
      // The admin clicks Cancel just after the row re-read its source, before New-Mailbox is sent.
      const cancelling = {
        ...context,
        saveCheckpoint: async (checkpoint: Record<string, unknown>) => {
          await context.saveCheckpoint(checkpoint as never);
          if (checkpoint['step'] === 'rechecked') run.controller.abort(new Error('cancelled by the admin'));
        },
      };
      const outcome = await executor.execute(run.item, cancelling);
      assert.equal(outcome.status, 'completed');
      assert.deepEqual(
        tenant.writes.map((call) => call.method),
        ['newMailboxFromInactive', 'setUsageLocation', 'assignLicense'],
      );
    });

    it('stops waiting as soon as the job is cancelled', async () => {
      const { tenant, executor } = setUp();
      tenant.userVisibleAfterLookups = 100;
      const run = recoveryRow();
      run.controller.abort(new Error('cancelled by the admin'));
      await assert.rejects(run.attempt(executor), /cancelled by the admin/);
      assert.deepEqual(tenant.writes, [], 'nothing written once cancelled');
    });
  });

  describe('failures', () => {
    it('fails permanently on a name in use, suggesting another UPN, without trying again', async () => {
      const { tenant, executor } = setUp(
        {},
        { active: [inactiveMailbox({ name: 'john.doe', isInactiveMailbox: false })] },
      );
      const outcome = await recoveryRow().attempt(executor);
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.status === 'failed' && outcome.errorClass, 'permanent');
      assert.equal(outcome.status === 'failed' && outcome.error.code, 'NAME_IN_USE');
      assert.match(outcome.status === 'failed' ? outcome.error.message : '', /'john\.doe'.*different first part/);
      assert.equal(tenant.callsTo('newMailboxFromInactive').length, 1);
    });

    it("passes throttling on as a transient failure with the server's Retry-After", async () => {
      const { tenant, executor } = setUp();
      tenant.failNext('getMailbox', tenantErrors.throttled(45_000));
      const outcome = await recoveryRow().attempt(executor);
      assert.deepEqual(outcome, {
        status: 'failed',
        error: { code: 'TENANT_THROTTLED', message: 'Exchange Online is throttling requests; try again shortly.' },
        errorClass: 'transient',
        retryAfterMs: 45_000,
      });
    });

    it('stops the job on a missing permission (403)', async () => {
      const { tenant, executor } = setUp();
      tenant.failNext('newMailboxFromInactive', tenantErrors.forbidden());
      const outcome = await recoveryRow().attempt(executor);
      assert.equal(outcome.status === 'failed' && outcome.errorClass, 'fatal');
      assert.equal(outcome.status === 'failed' && outcome.error.code, 'TENANT_FORBIDDEN');
    });

    it('refuses a source that stopped being recoverable since the check', async () => {
      const { executor, tenant } = setUp(
        {},
        { inactive: [inactiveMailbox({ name: 'jdoe', mailboxLocations: ['1;a;AuxPrimary;x;y'] })] },
      );
      const outcome = await recoveryRow().attempt(executor);
      assert.equal(outcome.status === 'failed' && outcome.error.code, 'AUX_PRIMARY_SHARD');
      assert.deepEqual(tenant.writes, []);
    });

    it('says the mailbox was recovered when only the licence fails', async () => {
      const { executor } = setUp({ defaultLicenseSku: 'SPE_E5' });
      const outcome = await recoveryRow().attempt(executor);
      assert.equal(outcome.status === 'failed' && outcome.error.code, 'LICENSE_SKU_NOT_FOUND');
      assert.match(
        outcome.status === 'failed' ? outcome.error.message : '',
        /recovered as john\.doe@contoso\.com.*SPE_E5/,
      );
    });
  });
});
