import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { callGraph, createSmallFixture, readSandbox, startTestTenant } from './sandbox-client.ts';

describe('sandbox Microsoft Graph endpoints', () => {
  const fixture = createSmallFixture();
  const user = fixture.users[0];
  assert.ok(user);
  let tenant: SandboxTenant;
  before(async () => {
    tenant = await startTestTenant();
  });
  after(() => tenant.close());

  it('returns a user by UPN trimmed to $select', async () => {
    const response = await callGraph(
      tenant,
      'GET',
      `/users/${user.userPrincipalName}?$select=id,onPremisesSyncEnabled`,
    );
    assert.equal(response.status, 200);
    assert.equal(response.body.id, user.id);
    assert.deepEqual(Object.keys(response.body).sort(), ['@odata.context', 'id', 'onPremisesSyncEnabled']);
  });

  it('answers an unknown UPN with the Request_ResourceNotFound envelope', async () => {
    const response = await callGraph(tenant, 'GET', '/users/ghost@contoso.com?$select=id');
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'Request_ResourceNotFound');
    assert.equal(
      response.body.error.message,
      "Resource 'ghost@contoso.com' does not exist or one of its queried reference-property objects are not present.",
    );
    assert.ok(response.body.error.innerError['request-id']);
  });

  it('filters users by proxy address, with or without ConsistencyLevel', async () => {
    const address = user.proxyAddresses[0] ?? '';
    const path = `/users?$filter=${encodeURIComponent(`proxyAddresses/any(x:x eq '${address.toLowerCase()}')`)}&$select=id`;
    for (const headers of [{}, { ConsistencyLevel: 'eventual' }] as Record<string, string>[]) {
      const response = await callGraph(tenant, 'GET', path, undefined, { headers });
      assert.equal(response.status, 200);
      assert.deepEqual(response.body.value, [{ id: user.id }]);
    }
  });

  it('pages the user list with an absolute @odata.nextLink', async () => {
    const ids: string[] = [];
    let url: string | undefined = `${tenant.graphBaseUrl}/users?$top=7&$select=id`;
    while (url) {
      const response = await fetch(url, { headers: { Authorization: 'Bearer t' } });
      const body = (await response.json()) as { value: { id: string }[]; '@odata.nextLink'?: string };
      ids.push(...body.value.map((entry) => entry.id));
      url = body['@odata.nextLink'];
    }
    assert.equal(new Set(ids).size, fixture.users.length);
  });

  it('lists domains and subscribed SKUs in Graph list envelopes', async () => {
    const domains = await callGraph(tenant, 'GET', '/domains');
    assert.match(domains.body['@odata.context'], /\$metadata#domains$/);
    assert.deepEqual(
      domains.body.value.map((d: { id: string; isVerified: boolean }) => [d.id, d.isVerified]),
      [
        ['contoso.com', true],
        ['fabrikam.com', false],
        ['contoso.onmicrosoft.com', true],
      ],
    );
    const skus = await callGraph(tenant, 'GET', '/subscribedSkus');
    const free = Object.fromEntries(
      skus.body.value.map((s: { skuPartNumber: string; prepaidUnits: { enabled: number }; consumedUnits: number }) => [
        s.skuPartNumber,
        s.prepaidUnits.enabled - s.consumedUnits,
      ]),
    );
    assert.deepEqual(free, { ENTERPRISEPACK: 3, SPE_E5: 0, EXCHANGEENTERPRISE: 200 });
  });

  it('runs up to 20 requests in one $batch, each answered by id', async () => {
    const requests = fixture.users.slice(0, 20).map((u, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/users/${u.userPrincipalName}?$select=id`,
    }));
    requests[19] = { id: '20', method: 'GET', url: '/users/nobody@contoso.com?$select=id' };
    const response = await callGraph(tenant, 'POST', '/$batch', { requests });
    assert.equal(response.status, 200);
    assert.equal(response.body.responses.length, 20);
    const byId = new Map(response.body.responses.map((r: { id: string }) => [r.id, r]));
    assert.equal((byId.get('1') as { status: number }).status, 200);
    assert.equal(
      (byId.get('20') as { status: number; body: { error: { code: string } } }).body.error.code,
      'Request_ResourceNotFound',
    );
  });

  it('rejects a $batch of more than 20 requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/domains' }));
    const response = await callGraph(tenant, 'POST', '/$batch', { requests });
    assert.equal(response.status, 400);
    assert.ok(response.body.error.message.includes('20'));
  });

  it('refuses a licence before a usage location is set, then assigns it and counts the unit', async () => {
    const target = fixture.users.find((u) => u.usageLocation === null) ?? user;
    const skuId = fixture.subscribedSkus.find((s) => s.skuPartNumber === 'EXCHANGEENTERPRISE')?.skuId;
    const body = { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] };
    if (target.usageLocation === null) {
      const refused = await callGraph(tenant, 'POST', `/users/${target.id}/assignLicense`, body);
      assert.equal(refused.status, 400);
    }
    assert.equal((await callGraph(tenant, 'PATCH', `/users/${target.id}`, { usageLocation: 'US' })).status, 204);
    assert.equal((await callGraph(tenant, 'POST', `/users/${target.id}/assignLicense`, body)).status, 200);
    const skus = await callGraph(tenant, 'GET', '/subscribedSkus');
    const sku = skus.body.value.find((s: { skuId: string }) => s.skuId === skuId);
    assert.equal(sku.prepaidUnits.enabled - sku.consumedUnits, 199);
  });

  it('refuses a licence from a SKU with no free units', async () => {
    const skuId = fixture.subscribedSkus.find((s) => s.skuPartNumber === 'SPE_E5')?.skuId;
    const target = fixture.users.find((u) => u.usageLocation && !u.assignedLicenses.some((l) => l.skuId === skuId));
    const response = await callGraph(tenant, 'POST', `/users/${target?.id}/assignLicense`, {
      addLicenses: [{ skuId, disabledPlans: [] }],
      removeLicenses: [],
    });
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /does not have any available licenses/);
  });

  it('creates a Temporary Access Pass with 201 and the documented properties', async () => {
    const response = await callGraph(tenant, 'POST', `/users/${user.id}/authentication/temporaryAccessPassMethods`, {
      lifetimeInMinutes: 60,
      isUsableOnce: true,
    });
    assert.equal(response.status, 201);
    assert.equal(typeof response.body.temporaryAccessPass, 'string');
    assert.equal(response.body.lifetimeInMinutes, 60);
    assert.equal(response.body.isUsableOnce, true);
    assert.ok(response.body.startDateTime);
  });

  it('tells group membership through checkMemberGroups and memberOf', async () => {
    const group = fixture.groups?.[0];
    assert.ok(group);
    const member = group.members[0] ?? '';
    const check = await callGraph(tenant, 'POST', `/users/${member}/checkMemberGroups`, {
      groupIds: [group.id, '00000000-0000-0000-0000-000000000000'],
    });
    assert.deepEqual(check.body.value, [group.id]);
    const memberOf = await callGraph(tenant, 'GET', `/users/${member}/memberOf`);
    assert.ok(memberOf.body.value.some((g: { id: string }) => g.id === group.id));
  });

  it('answers 401 without a token and 403 Authorization_RequestDenied for the forbidden token', async () => {
    const missing = await callGraph(tenant, 'GET', '/domains', undefined, { token: null });
    assert.equal(missing.status, 401);
    assert.ok(missing.headers.get('www-authenticate'));
    const denied = await callGraph(tenant, 'GET', '/domains', undefined, { token: 'forbidden' });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, 'Authorization_RequestDenied');
  });

  it('counts each request inside a $batch on its own endpoint', async () => {
    await fetch(`${tenant.url}/_sandbox/reset-stats`, { method: 'POST' });
    await callGraph(tenant, 'POST', '/$batch', {
      requests: [
        { id: 'a', method: 'GET', url: '/domains' },
        { id: 'b', method: 'GET', url: '/subscribedSkus' },
      ],
    });
    const stats = await readSandbox(tenant, 'stats');
    assert.equal(stats.graph.requests, 1);
    assert.equal(stats.graph.batches, 1);
    assert.equal(stats.graph.reads, 2);
    assert.equal(stats.graph.byEndpoint['GET /domains'], 1);
  });
});
