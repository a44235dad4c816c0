import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RESTORE_REQUEST_STATUSES } from '../../src/operations/tenant-ports.ts';
import type { ExchangeGateway, GraphGateway, MailboxRecord } from '../../src/operations/tenant-ports.ts';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createGraphGateway } from '../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

const TOKEN = 'sandbox-bearer-token';
const PASSWORD = 'Sandb0x!Generated-Pass';

describe('tenant gateways against the sandbox tenant', () => {
  const fixture = generateTenantFixture({ seed: 7, inactiveMailboxes: 45, activeUsers: 10 });
  const logLines: string[] = [];
  let sandbox: SandboxTenant;
  let exchange: ExchangeGateway;
  let graph: GraphGateway;
  let exchangeCalls = 0;

  before(async () => {
    sandbox = await startSandboxTenant({
      fixture,
      port: 0,
      latencyMs: { mean: 5, jitter: 2 },
      exchangeConcurrency: { limit: 3, mode: 'text' },
    });
    const tokens = createStaticTokenProvider(TOKEN);
    const client = new InvokeCommandClient({
      baseUrl: sandbox.exchangeBaseUrl,
      tenantId: sandbox.tenantId,
      tokens,
      maxPageSize: 10,
      log: (event) => logLines.push(JSON.stringify(event)),
      onCall: () => (exchangeCalls += 1),
    });
    exchange = createExchangeGateway(client, createPlainPasswordEncoder());
    graph = createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens });
  });

  after(async () => {
    await sandbox.close();
  });

  function isRecoverable(mailbox: MailboxRecord): boolean {
    return (
      !mailbox.externalDirectoryObjectId &&
      !mailbox.mailboxLocations.some((location) => location.includes(';AuxPrimary;'))
    );
  }

  it('lists every inactive mailbox through paging', async () => {
    const expected = fixture.mailboxes.filter((mailbox) => mailbox.IsInactiveMailbox).length;
    exchangeCalls = 0;

    const mailboxes = await exchange.listInactiveMailboxes();

    assert.equal(mailboxes.length, expected);
    assert.ok(mailboxes.every((mailbox) => mailbox.isInactiveMailbox && mailbox.exchangeGuid !== ''));
    assert.equal(exchangeCalls, Math.ceil(expected / 10));
  });

  it('recovers an inactive mailbox, which then leaves the inactive list and appears in Graph', async () => {
    const [source] = (await exchange.listInactiveMailboxes()).filter(isRecoverable);
    assert.ok(source, 'the fixture holds a recoverable mailbox');
    const [domain] = (await graph.listDomains()).filter((d) => d.isVerified && d.supportedServices.includes('Email'));
    assert.ok(domain);
    const upn = `recovered.${source.alias || 'user'}@${domain.id}`;

    const recovered = await exchange.newMailboxFromInactive({
      inactiveMailbox: source.exchangeGuid,
      name: `Recovered ${source.name}`,
      displayName: `Recovered ${source.displayName}`,
      microsoftOnlineServicesId: upn,
      password: PASSWORD,
      resetPasswordOnNextLogon: true,
    });

    assert.equal(recovered.userPrincipalName.toLowerCase(), upn.toLowerCase());
    assert.equal(recovered.isInactiveMailbox, false);
    const remaining = await exchange.listInactiveMailboxes();
    assert.ok(!remaining.some((mailbox) => mailbox.exchangeGuid === source.exchangeGuid));
    assert.equal(await exchange.getMailbox(source.exchangeGuid, { inactiveMailboxOnly: true }), null);
    const users = await graph.getUsersByUpn([upn, `nobody-${Date.now()}@${domain.id}`]);
    assert.equal(users.get(upn)?.userPrincipalName.toLowerCase(), upn.toLowerCase());
    assert.equal([...users.values()].filter((user) => user === null).length, 1);
  });

  it('creates a restore request into an active mailbox and reads its statistics', async () => {
    const [source] = await exchange.listInactiveMailboxes();
    assert.ok(source);
    const targetUser = fixture.users.find((user) =>
      fixture.mailboxes.some((m) => !m.IsInactiveMailbox && m.UserPrincipalName === user.userPrincipalName),
    );
    assert.ok(targetUser, 'the fixture holds an active mailbox');
    const target = targetUser.userPrincipalName;
    const name = `IMR-integration-${Date.now()}`;

    await exchange.addEmailAddresses(target, [`X500:${source.legacyExchangeDN}`]);
    const request = await exchange.newRestoreRequest({
      name,
      sourceMailbox: source.exchangeGuid,
      targetMailbox: target,
    });
    const statistics = await exchange.getRestoreRequestStatistics(request.requestGuid);

    assert.equal(request.name, name);
    assert.notEqual(request.requestGuid, '');
    assert.ok((await exchange.getMailbox(target))?.emailAddresses.includes(`X500:${source.legacyExchangeDN}`));
    assert.ok(RESTORE_REQUEST_STATUSES.includes(statistics.status));
    assert.ok(statistics.percentComplete >= 0 && statistics.percentComplete <= 100);
    const byName = await exchange.getRestoreRequests({ name });
    assert.deepEqual(
      byName.map((r) => r.requestGuid),
      [request.requestGuid],
    );
  });

  it('stays within the tenant’s three concurrent Exchange calls when many reads run at once', async () => {
    const guids = (await exchange.listInactiveMailboxes()).slice(0, 12).map((m) => m.exchangeGuid);
    sandbox.resetStats();

    const found = await Promise.all(guids.map((guid) => exchange.getMailbox(guid, { inactiveMailboxOnly: true })));

    assert.ok(found.every((mailbox) => mailbox !== null));
    assert.equal(sandbox.stats().exchange.throttledText, 0);
    assert.ok(sandbox.stats().exchange.maxConcurrent <= 3);
  });

  it('never logs the token or the password', () => {
    assert.ok(logLines.length > 0);
    assert.ok(logLines.every((line) => !line.includes(TOKEN) && !line.includes(PASSWORD)));
  });
});
