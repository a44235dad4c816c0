import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { FixtureMailbox } from '../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import {
  callGraph,
  createSmallFixture,
  createTestClock,
  findInactive,
  invokeCmdlet,
  splitCmdletError,
  startTestTenant,
} from './sandbox-client.ts';

describe('sandbox restore into an existing mailbox', () => {
  const fixture = createSmallFixture();
  const outcomes = fixture.restoreOutcomes ?? {};
  const target = fixture.mailboxes.find((m) => !m.IsInactiveMailbox && !outcomes[m.ExchangeGuid]) as FixtureMailbox;
  const plainSource = findInactive(fixture, (m) => !outcomes[m.ExchangeGuid]);
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  const addX500 = (source: FixtureMailbox) =>
    invokeCmdlet(tenant as SandboxTenant, 'Set-Mailbox', {
      Identity: target.ExchangeGuid,
      EmailAddresses: { '@odata.type': '#Exchange.GenericHashTable', Add: [`X500:${source.LegacyExchangeDN}`] },
    });

  const submit = (source: FixtureMailbox, name: string, extra: Record<string, unknown> = {}) =>
    invokeCmdlet(tenant as SandboxTenant, 'New-MailboxRestoreRequest', {
      SourceMailbox: source.ExchangeGuid,
      TargetMailbox: target.ExchangeGuid,
      Name: name,
      ...extra,
    });

  const readStatistics = async (requestGuid: string) =>
    (await invokeCmdlet(tenant as SandboxTenant, 'Get-MailboxRestoreRequestStatistics', { Identity: requestGuid })).body
      .value[0];

  it('adds an X500 address with Set-Mailbox, visible in Exchange and in Graph proxyAddresses', async () => {
    tenant = await startTestTenant();
    const response = await addX500(plainSource);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.value, []);
    const mailbox = await invokeCmdlet(
      tenant,
      'Get-Mailbox',
      { Identity: target.ExchangeGuid },
      { select: 'EmailAddresses' },
    );
    assert.ok(mailbox.body.value[0].EmailAddresses.includes(`X500:${plainSource.LegacyExchangeDN}`));
    const user = await callGraph(tenant, 'GET', `/users/${target.ExternalDirectoryObjectId}?$select=proxyAddresses`);
    assert.ok(user.body.proxyAddresses.includes(`X500:${plainSource.LegacyExchangeDN}`));
  });

  it('warns instead of changing anything when the address is already there', async () => {
    tenant = await startTestTenant();
    await addX500(plainSource);
    const again = await addX500(plainSource);
    assert.equal(again.status, 200);
    assert.match(again.body['@adminapi.warnings'][0], /no settings of .* have been modified/);
  });

  it('refuses a restore whose target lacks the X500 unless AllowLegacyDNMismatch is set', async () => {
    tenant = await startTestTenant();
    const refused = await submit(plainSource, 'IMR-job-1');
    assert.equal(refused.status, 400);
    assert.match(splitCmdletError(refused).text, /legacyExchangeDN .* AllowLegacyDNMismatch/);
    const allowed = await submit(plainSource, 'IMR-job-1', { AllowLegacyDNMismatch: true });
    assert.equal(allowed.status, 200);
  });

  it('moves a request from Queued through InProgress to Completed as the clock advances', async () => {
    const clock = createTestClock();
    tenant = await startTestTenant({ now: clock.now, restoreDurationMs: 100_000 });
    await addX500(plainSource);
    const created = (await submit(plainSource, 'IMR-job-2')).body.value[0];
    assert.equal(created.Status, 'Queued');
    assert.equal(created.Name, 'IMR-job-2');
    assert.equal((await readStatistics(created.RequestGuid)).PercentComplete, 0);

    clock.advance(60_000);
    const running = await readStatistics(created.RequestGuid);
    assert.equal(running.Status, 'InProgress');
    assert.ok(running.PercentComplete > 10 && running.PercentComplete < 95);

    clock.advance(40_000);
    const done = await readStatistics(created.RequestGuid);
    assert.equal(done.Status, 'Completed');
    assert.equal(done.PercentComplete, 100);
    assert.equal(done.ItemsTransferred, done.EstimatedTransferItemCount);
    const listed = await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', { Name: 'IMR-job-2' });
    assert.equal(listed.body.value.length, 1);
    assert.equal(listed.body.value[0].Status, 'Completed');
    assert.equal(listed.body.value[0].PercentComplete, undefined);
  });

  it('ends a request marked Failed in the fixture with FailedOther although every item was copied', async () => {
    const clock = createTestClock();
    tenant = await startTestTenant({ now: clock.now, restoreDurationMs: 1000 });
    const failing = findInactive(fixture, (m) => outcomes[m.ExchangeGuid] === 'Failed');
    const created = (await submit(failing, 'IMR-job-3', { AllowLegacyDNMismatch: true })).body.value[0];
    clock.advance(1000);
    const failed = (
      await invokeCmdlet(tenant, 'Get-MailboxRestoreRequestStatistics', {
        Identity: created.RequestGuid,
        IncludeReport: true,
      })
    ).body.value[0];
    assert.equal(failed.Status, 'Failed');
    assert.equal(failed.StatusDetail, 'FailedOther');
    assert.equal(failed.ItemsTransferred, failed.EstimatedTransferItemCount);
    assert.ok(failed.Report.Entries.length > 0);
  });

  it('ends a request marked CompletedWithWarning in the fixture with that status', async () => {
    const clock = createTestClock();
    tenant = await startTestTenant({ now: clock.now, restoreDurationMs: 1000 });
    const warned = findInactive(fixture, (m) => outcomes[m.ExchangeGuid] === 'CompletedWithWarning');
    const created = (await submit(warned, 'IMR-job-4', { AllowLegacyDNMismatch: true })).body.value[0];
    clock.advance(1000);
    assert.equal((await readStatistics(created.RequestGuid)).Status, 'CompletedWithWarning');
  });

  it('refuses a second request with the same Name on the same target', async () => {
    tenant = await startTestTenant();
    await addX500(plainSource);
    assert.equal((await submit(plainSource, 'IMR-job-5')).status, 200);
    const duplicate = await submit(plainSource, 'IMR-job-5');
    assert.equal(duplicate.status, 400);
    assert.match(splitCmdletError(duplicate).type, /ManagementObjectAlreadyExistsException$/);
    assert.match(splitCmdletError(duplicate).text, /IMR-job-5/);
  });

  it('lists a request with its target but no source, and names both mailboxes by ExchangeGuid in its statistics', async () => {
    tenant = await startTestTenant();
    await addX500(plainSource);
    const created = (await submit(plainSource, 'IMR-job-6')).body.value[0];
    const listed = (await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', { Name: 'IMR-job-6' })).body.value[0];
    for (const request of [created, listed]) {
      assert.equal(request.TargetMailbox, target.Name);
      assert.equal('SourceMailbox' in request, false);
      assert.equal('SourceExchangeGuid' in request, false);
    }
    const statistics = await readStatistics(created.RequestGuid);
    assert.equal(statistics.SourceExchangeGuid, plainSource.ExchangeGuid);
    assert.equal(statistics.TargetExchangeGuid, target.ExchangeGuid);
  });

  it('finds requests by target mailbox, including the fixture requests', async () => {
    tenant = await startTestTenant();
    const existing = fixture.restoreRequests[0];
    assert.ok(existing);
    const response = await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', { TargetMailbox: existing.TargetMailbox });
    assert.ok(response.body.value.some((r: { RequestGuid: string }) => r.RequestGuid === existing.RequestGuid));
  });

  it("lists a batch's requests by -BatchName with their Status but no PercentComplete, -ResultSize at a time", async () => {
    tenant = await startTestTenant();
    const [first, second] = fixture.mailboxes.filter((m) => m.IsInactiveMailbox && !outcomes[m.ExchangeGuid]);
    assert.ok(first && second);
    for (const [source, name] of [
      [first, 'IMR-batch-2'],
      [second, 'IMR-batch-3'],
    ] as const) {
      await addX500(source);
      assert.equal((await submit(source, name, { BatchName: 'IMR-batch' })).status, 200);
    }
    await addX500(plainSource);
    await submit(plainSource, 'IMR-other-2', { BatchName: 'IMR-other' });

    const batch = (await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', { BatchName: 'IMR-batch' })).body.value;
    assert.deepEqual(batch.map((r: { Name: string }) => r.Name).sort(), ['IMR-batch-2', 'IMR-batch-3']);
    for (const request of batch) {
      assert.equal(request.Status, 'Queued');
      assert.equal('PercentComplete' in request, false);
    }
    const one = await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', { BatchName: 'IMR-batch', ResultSize: '1' });
    assert.equal(one.body.value.length, 1);
  });
});
