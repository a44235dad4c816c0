import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandboxTenant, type SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { createRecipientFixture } from './recipient-fixture.ts';
import { findInactive, invokeCmdlet, isRecoverable, splitCmdletError } from './sandbox-client.ts';

const EVERY_TYPE = ['UserMailbox', 'MailUser', 'MailContact', 'MailUniversalDistributionGroup', 'GroupMailbox'];

describe('sandbox Get-Recipient', () => {
  const fixture = createRecipientFixture();
  let tenant: SandboxTenant;
  before(async () => {
    tenant = await startSandboxTenant({ fixture });
  });
  after(() => tenant.close());

  async function namesFor(parameters: Record<string, unknown>): Promise<string[]> {
    const response = await invokeCmdlet(tenant, 'Get-Recipient', { ResultSize: 'Unlimited', ...parameters });
    assert.equal(response.status, 200, response.text);
    return response.body.value.map((recipient: { Name: string }) => recipient.Name).sort();
  }

  it('finds a mail contact and a secondary smtp: alias by the bare address, whatever its case', async () => {
    const filter = "EmailAddresses -eq 'PARTNER@contoso.com' -or EmailAddresses -eq 'helpdesk@CONTOSO.com'";
    assert.deepEqual(await namesFor({ Filter: filter }), ['Fabrikam Partner', 'Help Desk']);
  });

  it('treats a PrimarySmtpAddress filter as a search of every email address', async () => {
    assert.deepEqual(await namesFor({ Filter: "PrimarySmtpAddress -eq 'helpdesk@contoso.com'" }), ['Help Desk']);
  });

  it('returns Microsoft 365 groups only when GroupMailbox is asked for', async () => {
    const filter = "EmailAddresses -eq 'team@contoso.com'";
    assert.deepEqual(await namesFor({ Filter: filter }), []);
    assert.deepEqual(await namesFor({ Filter: filter, RecipientTypeDetails: EVERY_TYPE }), ['Project Team']);
  });

  it('returns soft-deleted recipients only with -IncludeSoftDeletedRecipients and a type list', async () => {
    const filter = "EmailAddresses -eq 'gone@contoso.com'";
    assert.deepEqual(await namesFor({ Filter: filter, IncludeSoftDeletedRecipients: true }), []);
    const found = await invokeCmdlet(tenant, 'Get-Recipient', {
      Filter: filter,
      IncludeSoftDeletedRecipients: true,
      RecipientTypeDetails: EVERY_TYPE,
    });
    assert.equal(found.body.value.length, 1);
    assert.equal(found.body.value[0].WhenSoftDeleted, '2025-05-20T09:00:00Z');
    assert.match(found.body.value[0].DistinguishedName, /,OU=Soft Deleted Objects,/);
  });

  it('shows an inactive mailbox as a soft-deleted UserMailbox recipient', async () => {
    const inactive = findInactive(fixture, isRecoverable);
    const filter = `EmailAddresses -eq '${inactive.PrimarySmtpAddress}'`;
    const response = await invokeCmdlet(tenant, 'Get-Recipient', {
      Filter: filter,
      IncludeSoftDeletedRecipients: true,
      RecipientTypeDetails: EVERY_TYPE,
    });
    const recipient = response.body.value.find(
      (r: { ExchangeGuid: string }) => r.ExchangeGuid === inactive.ExchangeGuid,
    );
    assert.ok(recipient, JSON.stringify(response.body.value));
    assert.equal(recipient.RecipientType, 'UserMailbox');
    assert.ok(recipient.WhenSoftDeleted);
    assert.deepEqual(await namesFor({ Filter: filter }), [], 'not without the switch');
  });

  it('reads a quote doubled inside a filter value as one quote', async () => {
    assert.deepEqual(await namesFor({ Filter: "EmailAddresses -eq 'o''brien@contoso.com'" }), ["Ann O'Brien"]);
  });

  it('refuses a filter it does not understand instead of matching nothing', async () => {
    const response = await invokeCmdlet(tenant, 'Get-Recipient', { Filter: "EmailAddresses -like 'partner*'" });
    assert.equal(response.status, 400);
    assert.equal(splitCmdletError(response).type, 'System.Management.Automation.ParameterBindingException');
  });

  it('refuses to recover a mailbox onto an address a mail contact holds', async () => {
    const inactive = findInactive(fixture, isRecoverable);
    const response = await invokeCmdlet(tenant, 'New-Mailbox', {
      InactiveMailbox: inactive.ExchangeGuid,
      Name: 'Returning Partner',
      MicrosoftOnlineServicesID: 'returning.partner@contoso.com',
      PrimarySmtpAddress: 'partner@contoso.com',
      Password: 'x',
    });
    assert.equal(response.status, 400);
    assert.match(
      splitCmdletError(response).text,
      /"SMTP:partner@contoso.com" is already being used .* "Fabrikam Partner"/,
    );
  });
});
