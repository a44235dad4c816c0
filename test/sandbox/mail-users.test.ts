import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FixtureMailbox, FixtureRecipient } from '../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { callGraph, createSmallFixture, invokeCmdlet, startTestTenant } from './sandbox-client.ts';

/** Hybrid mail users: Get-MailUser, Set-MailUser, and what New-MailboxRestoreRequest does with one as its target. */
describe('mail users in the sandbox tenant', () => {
  const fixture = createSmallFixture();
  const mailUsers = (fixture.recipients ?? []).filter((r) => r.RecipientTypeDetails === 'MailUser');
  const [prepared, withArchive, withoutArchive] = mailUsers as [FixtureRecipient, FixtureRecipient, FixtureRecipient];
  const inactive = fixture.mailboxes.filter((m) => m.IsInactiveMailbox);
  const preparedSource = inactive[inactive.length - 3] as FixtureMailbox;
  let tenant: SandboxTenant;

  before(async () => {
    tenant = await startTestTenant();
  });
  after(async () => {
    await tenant.close();
  });

  it('has hybrid mail users, two with an Active cloud-based archive and one without', () => {
    assert.equal(mailUsers.length, 3);
    assert.deepEqual(
      mailUsers.map((m) => [m.ArchiveStatus, m.IsDirSynced]),
      [
        ['Active', true],
        ['Active', true],
        ['None', true],
      ],
    );
    assert.ok(prepared.EmailAddresses.includes(`X500:${preparedSource.LegacyExchangeDN}`));
    const users = new Set(fixture.users.filter((u) => u.onPremisesSyncEnabled).map((u) => u.id));
    for (const mailUser of mailUsers) assert.ok(users.has(String(mailUser.ExternalDirectoryObjectId)));
  });

  it('Get-MailUser shows a mail user with its cloud-based archive, by address', async () => {
    const response = await invokeCmdlet(tenant, 'Get-MailUser', { Identity: withArchive.PrimarySmtpAddress });
    assert.equal(response.status, 200);
    const [shown] = response.body.value;
    assert.equal(shown.RecipientTypeDetails, 'MailUser');
    assert.equal(shown.ArchiveStatus, 'Active');
    assert.equal(shown.ArchiveGuid, withArchive.ArchiveGuid);
    assert.equal(shown.ExchangeGuid, withArchive.ExchangeGuid);
  });

  it('Get-MailUser does not find a mailbox, nor Get-Mailbox a mail user', async () => {
    const mailbox = fixture.mailboxes.find((m) => !m.IsInactiveMailbox) as FixtureMailbox;
    const notMailUser = await invokeCmdlet(tenant, 'Get-MailUser', { Identity: mailbox.PrimarySmtpAddress });
    assert.equal(notMailUser.status, 400);
    assert.match(notMailUser.text, /ManagementObjectNotFoundException/);
    const notMailbox = await invokeCmdlet(tenant, 'Get-Mailbox', { Identity: withArchive.PrimarySmtpAddress });
    assert.equal(notMailbox.status, 400);
    assert.match(notMailbox.text, /ManagementObjectNotFoundException/);
  });

  it('refuses a restore into a mail user without TargetIsArchive: it has no mailbox in Exchange Online', async () => {
    const response = await invokeCmdlet(tenant, 'New-MailboxRestoreRequest', {
      SourceMailbox: preparedSource.ExchangeGuid,
      TargetMailbox: prepared.PrimarySmtpAddress,
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /RecipientTaskException\|The target '[^']+' is a mail user: it has no primary mailbox/);
  });

  it('refuses a restore into the archive of a mail user that has no cloud-based archive', async () => {
    const response = await invokeCmdlet(tenant, 'New-MailboxRestoreRequest', {
      SourceMailbox: preparedSource.ExchangeGuid,
      TargetMailbox: withoutArchive.ExchangeGuid,
      TargetIsArchive: true,
      AllowLegacyDNMismatch: true,
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /is a mail user without a cloud-based archive/);
  });

  it('restores into the cloud-based archive of a mail user carrying the X500, and lists it under that mail user', async () => {
    const response = await invokeCmdlet(tenant, 'New-MailboxRestoreRequest', {
      Name: 'IMR-mailuser-1',
      SourceMailbox: preparedSource.ExchangeGuid,
      TargetMailbox: prepared.ExchangeGuid,
      TargetIsArchive: true,
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.value[0].Status, 'Queued');
    const listed = await invokeCmdlet(tenant, 'Get-MailboxRestoreRequest', {
      TargetMailbox: prepared.PrimarySmtpAddress,
    });
    assert.deepEqual(
      listed.body.value.map((r: { Name: string; TargetMailbox: string }) => [r.Name, r.TargetMailbox]),
      [['IMR-mailuser-1', prepared.Name]],
    );
    const statistics = await invokeCmdlet(tenant, 'Get-MailboxRestoreRequestStatistics', {
      Identity: response.body.value[0].RequestGuid,
    });
    assert.equal(statistics.body.value[0].TargetExchangeGuid, prepared.ExchangeGuid);
  });

  it('still wants the X500 on a mail user, as on a mailbox', async () => {
    const response = await invokeCmdlet(tenant, 'New-MailboxRestoreRequest', {
      SourceMailbox: preparedSource.ExchangeGuid,
      TargetMailbox: withArchive.ExchangeGuid,
      TargetIsArchive: true,
    });
    assert.equal(response.status, 400);
    assert.match(response.text, /AllowLegacyDNMismatch/);
  });

  it('Set-MailUser adds an X500 address, and the Graph user follows', async () => {
    const x500 = `X500:${(inactive[0] as FixtureMailbox).LegacyExchangeDN}`;
    const response = await invokeCmdlet(tenant, 'Set-MailUser', {
      Identity: withArchive.ExchangeGuid,
      EmailAddresses: { '@odata.type': '#Exchange.GenericHashTable', Add: [x500] },
    });
    assert.equal(response.status, 200, response.text);
    const shown = await invokeCmdlet(tenant, 'Get-MailUser', { Identity: withArchive.ExchangeGuid });
    assert.ok(shown.body.value[0].EmailAddresses.includes(x500));
    const user = await callGraph(
      tenant,
      'GET',
      `/users/${String(withArchive.ExternalDirectoryObjectId)}?$select=proxyAddresses`,
    );
    assert.ok(user.body.proxyAddresses.includes(x500));
  });
});
