import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import {
  callGraph,
  createSmallFixture,
  createTestClock,
  findInactive,
  invokeCmdlet,
  isRecoverable,
  splitCmdletError,
  startTestTenant,
} from './sandbox-client.ts';

describe('sandbox New-Mailbox -InactiveMailbox', () => {
  const fixture = createSmallFixture();
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  const recover = (source: string, upn: string, name = 'Recovered Person') =>
    invokeCmdlet(tenant as SandboxTenant, 'New-Mailbox', {
      InactiveMailbox: source,
      Name: name,
      FirstName: 'Recovered',
      LastName: 'Person',
      DisplayName: name,
      MicrosoftOnlineServicesID: upn,
      Password: 'Sandbox-Pass-1!',
      ResetPasswordOnNextLogon: true,
    });

  it('turns the inactive mailbox into a new active mailbox and takes it off the inactive list', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const response = await recover(source.ExchangeGuid, 'recovered.person@contoso.com');
    assert.equal(response.status, 200);
    const created = response.body.value[0];
    assert.notEqual(created.ExchangeGuid, source.ExchangeGuid);
    assert.equal(created.IsInactiveMailbox, false);
    assert.equal(created.UserPrincipalName, 'recovered.person@contoso.com');
    assert.equal(created.PrimarySmtpAddress, 'recovered.person@contoso.com');
    assert.equal(created.Name, 'Recovered Person');
    assert.deepEqual(created.InPlaceHolds, []);
    assert.equal(created.LitigationHoldEnabled, false);

    const stillInactive = await invokeCmdlet(tenant, 'Get-Mailbox', {
      Identity: source.ExchangeGuid,
      InactiveMailboxOnly: true,
    });
    assert.match(splitCmdletError(stillInactive).type, /ManagementObjectNotFoundException$/);
    const active = await invokeCmdlet(tenant, 'Get-Mailbox', { Identity: 'recovered.person@contoso.com' });
    assert.equal(active.body.value[0].ExchangeGuid, created.ExchangeGuid);
  });

  it('shows the new user in Graph only after the provisioning delay', async () => {
    const clock = createTestClock();
    tenant = await startTestTenant({ now: clock.now, userProvisioningDelayMs: 30_000 });
    const source = findInactive(fixture, isRecoverable);
    assert.equal((await recover(source.DistinguishedName, 'late.user@contoso.com')).status, 200);

    const early = await callGraph(tenant, 'GET', '/users/late.user@contoso.com?$select=id,userPrincipalName');
    assert.equal(early.status, 404);
    assert.equal(early.body.error.code, 'Request_ResourceNotFound');
    clock.advance(30_000);
    const later = await callGraph(tenant, 'GET', '/users/late.user@contoso.com?$select=id,userPrincipalName');
    assert.equal(later.status, 200);
    assert.equal(later.body.userPrincipalName, 'late.user@contoso.com');
  });

  it('refuses a Name another mailbox already has', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const taken = fixture.mailboxes.find((m) => !m.IsInactiveMailbox)?.Name ?? '';
    const response = await recover(source.ExchangeGuid, 'free.upn@contoso.com', taken);
    assert.equal(response.status, 400);
    const error = splitCmdletError(response);
    assert.equal(error.type, 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException');
    assert.equal(error.text, `The name "${taken}" is already being used. Please try another name.`);
  });

  it("recovers a returning employee under the inactive mailbox's own Name", async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const response = await recover(source.ExchangeGuid, 'returning.person@contoso.com', source.Name);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.value[0].Name, source.Name);
  });

  it('recovers under a Name that only another inactive mailbox holds', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const other = findInactive(fixture, (m) => m.ExchangeGuid !== source.ExchangeGuid);
    const response = await recover(source.ExchangeGuid, 'namesake.person@contoso.com', other.Name);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  });

  it('refuses a UPN an existing user already has', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const response = await recover(source.ExchangeGuid, fixture.users[0]?.userPrincipalName ?? '');
    assert.match(splitCmdletError(response).type, /WLCDManagedMemberExistsException$/);
  });

  it('refuses a mailbox with an AuxPrimary shard, naming the additional shards', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, (m) => m.MailboxLocations.some((l) => l.includes(';AuxPrimary;')));
    const response = await recover(source.ExchangeGuid, 'aux.person@contoso.com');
    assert.match(splitCmdletError(response).text, /cannot be recovered because the mailbox has additional shards/);
  });

  it('refuses a mailbox whose user is still soft-deleted (ExternalDirectoryObjectId set)', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, (m) => Boolean(m.ExternalDirectoryObjectId));
    const response = await recover(source.ExchangeGuid, 'soft.person@contoso.com');
    assert.equal(response.status, 400);
    assert.match(splitCmdletError(response).text, /Restore the user account/);
  });

  it('refuses a UPN in a domain that is not verified', async () => {
    tenant = await startTestTenant();
    const source = findInactive(fixture, isRecoverable);
    const response = await recover(source.ExchangeGuid, 'someone@fabrikam.com');
    assert.match(splitCmdletError(response).text, /isn't an accepted domain/);
  });
});
