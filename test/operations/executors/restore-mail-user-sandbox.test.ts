import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createRestoreExecutor } from '../../../src/operations/executors/index.ts';
import type { ItemExecutor, ItemOutcome } from '../../../src/operations/ports.ts';
import type { FixtureMailbox, FixtureRecipient, TenantFixture } from '../../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { FakeClock } from '../../fakes/fake-clock.ts';
import { createSmallFixture, invokeCmdlet, startTestTenant } from '../../sandbox/sandbox-client.ts';
import { RowRun } from './executor-test-support.ts';

/** Restore rows whose target is a hybrid mail user, run by the real gateway against the sandbox tenant. */
describe('restore executor with a mail user as the target', () => {
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  function mailUsersOf(fixture: TenantFixture) {
    const [prepared, withArchive, withoutArchive] = (fixture.recipients ?? []).filter(
      (r) => r.RecipientTypeDetails === 'MailUser',
    ) as [FixtureRecipient, FixtureRecipient, FixtureRecipient];
    const inactive = fixture.mailboxes.filter(
      (m) => m.IsInactiveMailbox && !m.MailboxLocations.join().includes('AuxArchive'),
    );
    const preparedSource = fixture.mailboxes.filter((m) => m.IsInactiveMailbox).at(-3) as FixtureMailbox;
    const otherSource = inactive.find((m) => m.ExchangeGuid !== preparedSource.ExchangeGuid) as FixtureMailbox;
    return { prepared, withArchive, withoutArchive, preparedSource, otherSource };
  }

  async function setUp(fixture: TenantFixture) {
    tenant = await startTestTenant({ fixture, restoreDurationMs: 3_600_000 });
    const client = new InvokeCommandClient({
      baseUrl: tenant.exchangeBaseUrl,
      tenantId: tenant.tenantId,
      tokens: createStaticTokenProvider('test'),
    });
    const exchange = createExchangeGateway(client, createPlainPasswordEncoder());
    return createRestoreExecutor({ exchange, clock: new FakeClock() }, { pollIntervalMs: 1 });
  }

  /** Runs the row until it is refused or submitted: tracking the copy is not what these tests are about. */
  async function runUntilSubmitted(executor: ItemExecutor, run: RowRun): Promise<ItemOutcome | undefined> {
    const context = run.context;
    return executor
      .execute(run.item, {
        ...context,
        saveCheckpoint: async (checkpoint) => {
          await context.saveCheckpoint(checkpoint);
          if (checkpoint['step'] === 'submitted') run.controller.abort();
        },
      })
      .catch(() => undefined);
  }

  const requestsInto = async (identity: string) =>
    (await invokeCmdlet(tenant as SandboxTenant, 'Get-MailboxRestoreRequest', { TargetMailbox: identity })).body.value;

  function failure(outcome: ItemOutcome | undefined) {
    assert.equal(outcome?.status, 'failed');
    return outcome.status === 'failed' ? outcome.error : { code: '', message: '' };
  }

  it('restores into the cloud-based archive of a mail user that already carries the X500', async () => {
    const fixture = createSmallFixture();
    const { prepared, preparedSource } = mailUsersOf(fixture);
    const executor = await setUp(fixture);
    const run = new RowRun(preparedSource.ExchangeGuid, prepared.PrimarySmtpAddress, { target_is_archive: 'true' });

    await runUntilSubmitted(executor, run);

    assert.ok(run.checkpoints.some((checkpoint) => checkpoint['step'] === 'submitted'));
    const [request] = await requestsInto(prepared.PrimarySmtpAddress);
    assert.equal(request?.TargetMailbox, prepared.Name);
    const statistics = await invokeCmdlet(tenant as SandboxTenant, 'Get-MailboxRestoreRequestStatistics', {
      Identity: request.RequestGuid,
    });
    assert.equal(statistics.body.value[0].TargetIsArchive, true);
  });

  it("refuses a row into a mail user's primary mailbox in one sentence naming the mail user", async () => {
    const fixture = createSmallFixture();
    const { prepared, preparedSource } = mailUsersOf(fixture);
    const executor = await setUp(fixture);
    const run = new RowRun(preparedSource.ExchangeGuid, prepared.PrimarySmtpAddress);

    const error = failure(await runUntilSubmitted(executor, run));

    assert.equal(error.code, 'TARGET_IS_MAIL_USER');
    assert.match(
      error.message,
      new RegExp(`^The target ${prepared.PrimarySmtpAddress} is a mail user, not a mailbox:`),
    );
    assert.match(error.message, /target_is_archive/);
    assert.deepEqual(await requestsInto(prepared.PrimarySmtpAddress), []);
  });

  it('refuses a row into the archive of a mail user that has no cloud-based archive', async () => {
    const fixture = createSmallFixture();
    const { withoutArchive, otherSource } = mailUsersOf(fixture);
    const executor = await setUp(fixture);
    const run = new RowRun(otherSource.ExchangeGuid, withoutArchive.PrimarySmtpAddress, { target_is_archive: 'yes' });

    const error = failure(await runUntilSubmitted(executor, run));

    assert.equal(error.code, 'TARGET_IS_MAIL_USER');
    assert.match(error.message, /is a mail user, not a mailbox, and has no cloud-based archive .*ArchiveStatus None/);
  });

  it('asks for the X500 on-premises when the mail user is synced, as for a synced mailbox', async () => {
    const fixture = createSmallFixture();
    const { withArchive, otherSource } = mailUsersOf(fixture);
    const executor = await setUp(fixture);
    const run = new RowRun(otherSource.ExchangeGuid, withArchive.PrimarySmtpAddress, { target_is_archive: 'true' });

    const error = failure(await runUntilSubmitted(executor, run));

    assert.equal(error.code, 'TARGET_SYNCED_X500_REQUIRED');
    assert.match(error.message, new RegExp(`X500:${otherSource.LegacyExchangeDN.replace(/[()]/g, '\\$&')}`));
  });

  it('gives a cloud mail user the X500 with Set-MailUser, then restores into its archive', async () => {
    const fixture = createSmallFixture();
    const { withArchive, otherSource } = mailUsersOf(fixture);
    withArchive.IsDirSynced = false;
    const executor = await setUp(fixture);
    const run = new RowRun(otherSource.ExchangeGuid, withArchive.PrimarySmtpAddress, { target_is_archive: 'true' });

    await runUntilSubmitted(executor, run);

    const steps = run.checkpoints.map((checkpoint) => checkpoint['step']).filter((step) => step !== undefined);
    assert.deepEqual(steps.slice(0, 2), ['x500Added', 'submitted']);
    const shown = await invokeCmdlet(tenant as SandboxTenant, 'Get-MailUser', { Identity: withArchive.ExchangeGuid });
    assert.ok(shown.body.value[0].EmailAddresses.includes(`X500:${otherSource.LegacyExchangeDN}`));
    assert.equal((await requestsInto(String(withArchive.ExchangeGuid))).length, 1);
  });
});
