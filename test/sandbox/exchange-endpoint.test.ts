import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { createSmallFixture, findInactive, invokeCmdlet, splitCmdletError, startTestTenant } from './sandbox-client.ts';

describe('sandbox InvokeCommand endpoint', () => {
  const fixture = createSmallFixture();
  const inactiveCount = fixture.mailboxes.filter((m) => m.IsInactiveMailbox).length;
  let tenant: SandboxTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  it('pages Get-Mailbox -InactiveMailboxOnly through same-origin nextLinks when maxpagesize is small', async () => {
    const params = { InactiveMailboxOnly: true, ResultSize: 'Unlimited' };
    const guids: string[] = [];
    let response = await invokeCmdlet(tenant, 'Get-Mailbox', params, { maxPageSize: 15 });
    let pages = 1;
    for (;;) {
      assert.equal(response.status, 200);
      assert.match(response.body['@odata.context'], /\$metadata#Collection\(Exchange\.GenericHashTable\)$/);
      assert.deepEqual(response.body['@adminapi.warnings'], []);
      guids.push(...response.body.value.map((m: { ExchangeGuid: string }) => m.ExchangeGuid));
      const next: string | undefined = response.body['@odata.nextLink'];
      if (!next) break;
      assert.equal(new URL(next).origin, tenant.url);
      response = await invokeCmdlet(tenant, 'Get-Mailbox', params, { url: next, maxPageSize: 15 });
      pages += 1;
    }
    assert.equal(pages, Math.ceil(inactiveCount / 15));
    assert.equal(new Set(guids).size, inactiveCount);
  });

  it('serves the same page again when a nextLink is retried', async () => {
    const params = { InactiveMailboxOnly: true, ResultSize: 'Unlimited' };
    const first = await invokeCmdlet(tenant, 'Get-Mailbox', params, { maxPageSize: 10 });
    const next = first.body['@odata.nextLink'];
    const once = await invokeCmdlet(tenant, 'Get-Mailbox', params, { url: next, maxPageSize: 10 });
    const again = await invokeCmdlet(tenant, 'Get-Mailbox', params, { url: next, maxPageSize: 10 });
    assert.deepEqual(again.body.value, once.body.value);
  });

  it('rejects an unknown skip token', async () => {
    const url = `${tenant.exchangeBaseUrl}/adminapi/beta/${tenant.tenantId}/InvokeCommand?$skiptoken=nope`;
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { InactiveMailboxOnly: true }, { url });
    assert.equal(response.status, 400);
  });

  it('trims each object to the $select properties, on every page', async () => {
    const params = { InactiveMailboxOnly: true, ResultSize: 'Unlimited' };
    const first = await invokeCmdlet(tenant, 'Get-Mailbox', params, {
      select: 'ExchangeGuid,MailboxLocations',
      maxPageSize: 30,
    });
    const second = await invokeCmdlet(tenant, 'Get-Mailbox', params, { url: first.body['@odata.nextLink'] });
    for (const mailbox of [...first.body.value, ...second.body.value]) {
      assert.deepEqual(Object.keys(mailbox).sort(), ['ExchangeGuid', 'MailboxLocations']);
    }
  });

  for (const property of ['ExchangeGuid', 'DistinguishedName', 'UserPrincipalName'] as const) {
    it(`finds an inactive mailbox by its ${property}`, async () => {
      const wanted = findInactive(fixture, (m) => m.Name.length > 0 && !m.Name.includes('_'));
      const response = await invokeCmdlet(tenant, 'Get-Mailbox', {
        Identity: wanted[property],
        InactiveMailboxOnly: true,
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.value.length, 1);
      assert.equal(response.body.value[0].ExchangeGuid, wanted.ExchangeGuid);
      assert.equal(response.body.value[0].IsInactiveMailbox, true);
    });
  }

  it('answers an unknown identity with the exact Exchange error envelope', async () => {
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', {
      Identity: 'nobody@contoso.com',
      InactiveMailboxOnly: true,
    });
    assert.equal(response.status, 400);
    const { error } = response.body;
    assert.equal(error.code, 'InternalServerError');
    assert.equal(error.message, 'Error executing cmdlet');
    assert.equal(error.details.length, 1);
    assert.equal(error.details[0].code, 'Client');
    assert.equal(error.details[0].target, '');
    assert.ok(error.innererror);
    const parts = splitCmdletError(response);
    assert.match(parts.id, /^Ex[0-9A-F]{6}$/);
    assert.equal(parts.type, 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
    assert.equal(
      parts.text,
      `The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on '${fixture.domainController}'.`,
    );
  });

  it('does not return inactive mailboxes to Get-Mailbox without -InactiveMailboxOnly', async () => {
    const inactive = findInactive(fixture, () => true);
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { Identity: inactive.ExchangeGuid });
    assert.equal(splitCmdletError(response).type.endsWith('ManagementObjectNotFoundException'), true);
  });

  it('reports an SMTP address shared by an active and an inactive mailbox as ambiguous', async () => {
    const clash = findInactive(fixture, (m) => m.Name.includes('_'));
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', {
      Identity: clash.PrimarySmtpAddress,
      IncludeInactiveMailbox: true,
    });
    assert.equal(response.status, 400);
    assert.match(splitCmdletError(response).type, /ManagementObjectAmbiguousException$/);
  });

  it('answers Get-Mailbox -Filter with the matching active mailboxes only, never inactive ones', async () => {
    const active = fixture.mailboxes.find((m) => !m.IsInactiveMailbox);
    const inactive = findInactive(fixture, () => true);
    const filter = `(Name -eq '${active?.Name}') -or (ExchangeGuid -eq '${inactive.ExchangeGuid.toUpperCase()}')`;
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { Filter: filter, ResultSize: 'Unlimited' });
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body.value.map((m: { ExchangeGuid: string }) => m.ExchangeGuid),
      [active?.ExchangeGuid],
    );
  });

  it('refuses a -Filter it cannot read as a binding error', async () => {
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { Filter: "Name -like 'a*'" });
    assert.equal(response.status, 400);
    assert.match(splitCmdletError(response).text, /Filter/);
  });

  it('refuses a parameter the cmdlet does not have, as PowerShell binding would', async () => {
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { InactiveOnly: true });
    assert.equal(response.status, 400);
    assert.match(splitCmdletError(response).text, /matches parameter name 'InactiveOnly'/);
  });

  it('warns when Get-Mailbox without -ResultSize stops at 1000 items', async () => {
    const big = await startTestTenant({ fixture: generateTenantFixture({ inactiveMailboxes: 1005, activeUsers: 5 }) });
    try {
      const response = await invokeCmdlet(big, 'Get-Mailbox', { InactiveMailboxOnly: true });
      assert.equal(response.body.value.length, 1000);
      assert.equal(response.body['@adminapi.warnings'].length, 1);
      assert.equal(response.body['@odata.nextLink'], undefined);
    } finally {
      await big.close();
    }
  });

  it('answers 401 with WWW-Authenticate when no bearer token is sent', async () => {
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', {}, { token: null });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
  });

  it('answers the token "forbidden" with 403, an empty body and the missing role in x-ms-diagnostics', async () => {
    const response = await invokeCmdlet(tenant, 'New-Mailbox', {}, { token: 'forbidden' });
    assert.equal(response.status, 403);
    assert.equal(response.text, '');
    assert.match(response.headers.get('x-ms-diagnostics') ?? '', /Exchange Administrator/);
  });

  it('answers 404 for a tenant id it does not host, and accepts the initial domain instead of the id', async () => {
    const unknown = await invokeCmdlet(
      tenant,
      'Get-Mailbox',
      {},
      { tenantSegment: '00000000-0000-0000-0000-000000000001' },
    );
    assert.equal(unknown.status, 404);
    const byDomain = await invokeCmdlet(
      tenant,
      'Get-Mailbox',
      { ResultSize: 1 },
      { tenantSegment: 'contoso.onmicrosoft.com' },
    );
    assert.equal(byDomain.status, 200);
  });

  it('reports an unknown cmdlet as not recognised', async () => {
    const response = await invokeCmdlet(tenant, 'Remove-Mailbox', { Identity: 'x' });
    assert.equal(response.status, 400);
    assert.match(splitCmdletError(response).type, /CommandNotFoundException$/);
  });

  it('returns statistics for an inactive mailbox only with -IncludeSoftDeletedRecipients', async () => {
    const inactive = findInactive(fixture, () => true);
    const without = await invokeCmdlet(tenant, 'Get-MailboxStatistics', { Identity: inactive.ExchangeGuid });
    assert.equal(without.status, 400);
    const withSwitch = await invokeCmdlet(tenant, 'Get-MailboxStatistics', {
      Identity: inactive.ExchangeGuid,
      IncludeSoftDeletedRecipients: true,
    });
    assert.equal(withSwitch.status, 200);
    assert.match(withSwitch.body.value[0].TotalItemSize, /^[\d.]+ [KMGT]?B \([\d,]+ bytes\)$/);
    assert.equal(typeof withSwitch.body.value[0].ItemCount, 'number');
  });
});
