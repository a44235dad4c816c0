import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createItem } from '../../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight } from '../../../src/operations/preflight/index.ts';
import type { GraphGateway } from '../../../src/operations/tenant-ports.ts';
import { generateTenantFixture, type FixtureUser } from '../../../src/sandbox/fixture.ts';
import { startSandboxTenant, type SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { callGraph } from '../../sandbox/sandbox-client.ts';

// Learn "Get user", HTTP request: a userPrincipalName beginning with `$` must be addressed as /users('$x@y.com').
describe('a user whose UPN begins with $', () => {
  const fixture = generateTenantFixture({ seed: 7, inactiveMailboxes: 5, activeUsers: 3 });
  const dollar: FixtureUser = {
    ...structuredClone(fixture.users[0]!),
    id: 'a1b2c3d4-0000-4000-8000-00000000d011',
    userPrincipalName: "$o'neil.admin@contoso.com",
    mail: null,
    proxyAddresses: [],
  };
  fixture.users.push(dollar);
  let sandbox: SandboxTenant;
  let graph: GraphGateway;
  const tokens = createStaticTokenProvider('test');

  before(async () => {
    sandbox = await startSandboxTenant({ fixture });
    graph = createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens });
  });
  after(() => sandbox.close());

  it('is found by the pre-flight, so recovering into that UPN is blocked as in use', async () => {
    const source = fixture.mailboxes.find(
      (mailbox) =>
        mailbox.IsInactiveMailbox &&
        !mailbox.ExternalDirectoryObjectId &&
        mailbox.MailboxLocations.every((l) => !l.includes('AuxPrimary')),
    );
    assert.ok(source);
    const items = [
      createItem({
        rowNumber: 2,
        sourceIdentity: source.ExchangeGuid,
        targetIdentity: dollar.userPrincipalName,
        additionalData: { display_name: 'Returning Admin' },
      }),
    ];
    const exchange = createExchangeGateway(
      new InvokeCommandClient({ baseUrl: sandbox.exchangeBaseUrl, tenantId: sandbox.tenantId, tokens }),
      createPlainPasswordEncoder(),
    );
    const snapshot = await buildTenantSnapshot(items, 'recovery', { exchange, graph });
    const issues = runPreflight(items, 'recovery', snapshot);
    assert.deepEqual(
      issues.filter((issue) => issue.code === 'TARGET_UPN_IN_USE').map((issue) => issue.row),
      [2],
    );
  });

  it('is read directly by UPN', async () => {
    const user = await graph.getUser(dollar.userPrincipalName);
    assert.equal(user?.userPrincipalName, dollar.userPrincipalName);
  });

  it('is refused as a plain /users/$… segment by the sandbox, as Graph does', async () => {
    const response = await callGraph(sandbox, 'GET', `/users/${encodeURIComponent(dollar.userPrincipalName)}`);
    assert.equal(response.status, 400);
  });

  it("is served in the /users('…') form by the sandbox, quotes doubled", async () => {
    const key = encodeURIComponent(dollar.userPrincipalName.replaceAll("'", "''"));
    const response = await callGraph(sandbox, 'GET', `/users('${key}')?$select=id`);
    assert.equal(response.status, 200);
    assert.equal(response.body.id, dollar.id);
  });
});
