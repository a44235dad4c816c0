import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TenantError } from '../../../src/operations/tenant-ports.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import type { GraphGatewayOptions } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { loadReplyFixture, startStubServer } from '../support/stub-server.ts';
import type { RecordedRequest, StubHandler, StubServer } from '../support/stub-server.ts';

const TOKEN = 'graph-test-token';
const servers: StubServer[] = [];

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

interface BatchRequest {
  requests: { id: string; method: string; url: string }[];
}

function user(upn: string) {
  return {
    id: `id-${upn}`,
    userPrincipalName: upn,
    mail: upn,
    proxyAddresses: [`SMTP:${upn}`],
    onPremisesSyncEnabled: null,
    usageLocation: null,
    assignedLicenses: [],
  };
}

async function createGateway(handler: StubHandler, overrides: Partial<GraphGatewayOptions> = {}) {
  const server = await startStubServer(handler);
  servers.push(server);
  const sleeps: number[] = [];
  let calls = 0;
  const gateway = createGraphGateway({
    baseUrl: `${server.origin}/v1.0`,
    tokens: createStaticTokenProvider(TOKEN),
    onCall: () => (calls += 1),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { gateway, server, sleeps, calls: () => calls };
}

function readBatch(request: RecordedRequest | undefined): BatchRequest {
  return JSON.parse(request?.body ?? '{}') as BatchRequest;
}

async function captureError(promise: Promise<unknown>): Promise<TenantError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TenantError, `expected a TenantError, got ${String(error)}`);
  return error;
}

describe('createGraphGateway look-ups in $batch', () => {
  it('looks up 45 UPNs in three $batch requests of at most 20, and maps a 404 to null', async () => {
    const upns = Array.from({ length: 45 }, (_, index) => `user${index}@contoso.com`);
    const { gateway, server } = await createGateway((request) => {
      const batch = readBatch(request);
      return {
        body: {
          responses: batch.requests.map((inner) => {
            const upn = decodeURIComponent(inner.url.split('/users/')[1]?.split('?')[0] ?? '');
            return upn.endsWith('7@contoso.com')
              ? {
                  id: inner.id,
                  status: 404,
                  headers: {},
                  body: { error: { code: 'Request_ResourceNotFound', message: 'x' } },
                }
              : { id: inner.id, status: 200, headers: {}, body: user(upn) };
          }),
        },
      };
    });

    const users = await gateway.getUsersByUpn(upns);

    assert.equal(server.requests.length, 3);
    assert.ok(server.requests.every((request) => request.method === 'POST' && request.url === '/v1.0/$batch'));
    assert.deepEqual(
      server.requests.map((request) => readBatch(request).requests.length).sort((a, b) => b - a),
      [20, 20, 5],
    );
    assert.equal(users.size, 45);
    assert.equal(users.get('user7@contoso.com'), null);
    assert.equal(users.get('user37@contoso.com'), null);
    assert.equal(users.get('user8@contoso.com')?.id, 'id-user8@contoso.com');
    const inner = readBatch(server.requests[0]).requests[0];
    assert.equal(inner?.method, 'GET');
    assert.match(
      inner?.url ?? '',
      /^\/users\/user\d+%40contoso\.com\?\$select=id,userPrincipalName,mail,proxyAddresses,onPremisesSyncEnabled,usageLocation,assignedLicenses$/,
    );
  });

  it('sends a throttled inner request again after its Retry-After, alone', async () => {
    const fixture = loadReplyFixture('graph-batch-404-429');
    const { gateway, server, sleeps } = await createGateway((request, index) =>
      index === 0
        ? fixture
        : {
            body: {
              responses: readBatch(request).requests.map((inner) => ({
                id: inner.id,
                status: 200,
                body: user('busy@contoso.com'),
              })),
            },
          },
    );

    const users = await gateway.getUsersByUpn(['taken@contoso.com', 'free@contoso.com', 'busy@contoso.com']);

    assert.equal(users.get('taken@contoso.com')?.usageLocation, 'GB');
    assert.deepEqual(users.get('taken@contoso.com')?.assignedLicenses, [
      { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df' },
    ]);
    assert.equal(users.get('free@contoso.com'), null);
    assert.equal(users.get('busy@contoso.com')?.userPrincipalName, 'busy@contoso.com');
    assert.deepEqual(sleeps, [3000]);
    assert.equal(readBatch(server.requests[1]).requests.length, 1);
    assert.match(readBatch(server.requests[1]).requests[0]?.url ?? '', /busy%40contoso\.com/);
  });

  it('gives up on an inner request that stays throttled, as a transient error', async () => {
    const { gateway, server } = await createGateway((request) => ({
      body: {
        responses: readBatch(request).requests.map((inner) => ({
          id: inner.id,
          status: 429,
          headers: { 'Retry-After': '1' },
          body: {},
        })),
      },
    }));

    const error = await captureError(gateway.getUsersByUpn(['a@contoso.com']));

    assert.equal(error.code, 'TENANT_THROTTLED');
    assert.equal(error.errorClass, 'transient');
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(server.requests.length, 4);
  });

  it('looks up addresses with a proxyAddresses filter and returns every holder', async () => {
    const { gateway, server } = await createGateway((request) => ({
      body: {
        responses: readBatch(request).requests.map((inner) => ({
          id: inner.id,
          status: 200,
          body: { value: inner.url.includes('shared') ? [user('a@contoso.com'), user('b@contoso.com')] : [] },
        })),
      },
    }));

    const holders = await gateway.getUsersByProxyAddress(['shared@contoso.com', "o'brien@contoso.com"]);

    assert.equal(holders.get('shared@contoso.com')?.length, 2);
    assert.deepEqual(holders.get("o'brien@contoso.com"), []);
    const urls = readBatch(server.requests[0]).requests.map((inner) => decodeURIComponent(inner.url));
    assert.ok(
      urls.includes(
        "/users?$filter=proxyAddresses/any(x:x eq 'smtp:o''brien@contoso.com')&$select=id,userPrincipalName,mail,proxyAddresses,onPremisesSyncEnabled,usageLocation,assignedLicenses",
      ),
    );
  });

  it('stops the job when an inner request is forbidden, naming User.Read.All', async () => {
    const { gateway } = await createGateway((request) => ({
      body: {
        responses: readBatch(request).requests.map((inner) => ({
          id: inner.id,
          status: 403,
          body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
        })),
      },
    }));

    const error = await captureError(gateway.getUsersByUpn(['a@contoso.com']));

    assert.equal(error.code, 'TENANT_FORBIDDEN');
    assert.equal(error.errorClass, 'fatal');
    assert.match(error.message, /User\.Read\.All/);
  });
});

describe('createGraphGateway reads', () => {
  it('lists domains across pages and maps them', async () => {
    const { gateway, server } = await createGateway((request) =>
      request.url === '/v1.0/domains'
        ? {
            body: {
              value: [
                { id: 'contoso.com', isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'] },
              ],
              '@odata.nextLink': `${server.origin}/v1.0/domains?$skiptoken=2`,
            },
          }
        : {
            body: {
              value: [
                { id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: ['Email'] },
                { id: 'new.example', isVerified: false },
              ],
            },
          },
    );

    const domains = await gateway.listDomains();

    assert.deepEqual(domains, [
      { id: 'contoso.com', isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'] },
      { id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: ['Email'] },
      { id: 'new.example', isVerified: false, supportedServices: [] },
    ]);
    assert.equal(server.requests[1]?.url, '/v1.0/domains?$skiptoken=2');
    assert.ok(server.requests.every((request) => request.headers['authorization'] === `Bearer ${TOKEN}`));
  });

  it('refuses a next-page link outside the Graph base URL', async () => {
    const { gateway, server } = await createGateway(() => ({
      body: { value: [], '@odata.nextLink': 'https://evil.example/v1.0/domains?$skiptoken=2' },
    }));

    const error = await captureError(gateway.listDomains());

    assert.equal(error.code, 'TENANT_BAD_RESPONSE');
    assert.equal(server.requests.length, 1);
  });

  it('maps subscribed SKUs to enabled and consumed units', async () => {
    const { gateway } = await createGateway(() => ({
      body: {
        value: [
          {
            skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df',
            skuPartNumber: 'ENTERPRISEPREMIUM',
            consumedUnits: 48,
            prepaidUnits: { enabled: 50, suspended: 0, warning: 0 },
            servicePlans: [],
          },
        ],
      },
    }));

    assert.deepEqual(await gateway.listSubscribedSkus(), [
      {
        skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df',
        skuPartNumber: 'ENTERPRISEPREMIUM',
        enabledUnits: 50,
        consumedUnits: 48,
      },
    ]);
  });

  it('names the missing Graph permission when listing licences is forbidden', async () => {
    const { gateway } = await createGateway(() => ({
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
    }));

    const error = await captureError(gateway.listSubscribedSkus());

    assert.equal(error.errorClass, 'fatal');
    assert.match(error.message, /Organization\.Read\.All/);
  });

  it('retries a throttled read through the Graph client, honouring Retry-After', async () => {
    const { gateway, server } = await createGateway((_request, index) =>
      index === 0
        ? {
            status: 429,
            headers: { 'retry-after': '0' },
            body: { error: { code: 'TooManyRequests', message: 'slow down' } },
          }
        : { body: { value: [] } },
    );

    assert.deepEqual(await gateway.listDomains(), []);
    assert.equal(server.requests.length, 2);
  });

  it('answers null for a user that does not exist', async () => {
    const { gateway } = await createGateway(() => ({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound', message: 'x' } },
    }));

    assert.equal(await gateway.getUser('nobody@contoso.com'), null);
  });

  it('reports a server that cannot be reached as transient', async () => {
    const { gateway, server } = await createGateway(() => ({ body: {} }));
    await server.close();

    const error = await captureError(gateway.getUser('a@contoso.com'));

    assert.equal(error.code, 'TENANT_UNAVAILABLE');
    assert.equal(error.errorClass, 'transient');
  });

  it('counts every remote call', async () => {
    const { gateway, calls } = await createGateway(() => ({ body: { value: [] } }));

    await gateway.listDomains();
    await gateway.listSubscribedSkus();

    assert.equal(calls(), 2);
  });
});

describe('createGraphGateway writes', () => {
  it('sets the usage location, then assigns a licence with the documented bodies', async () => {
    const { gateway, server } = await createGateway((request) =>
      request.method === 'PATCH' ? { status: 204 } : { body: { id: 'u-1' } },
    );

    await gateway.setUsageLocation('u-1', 'GB');
    await gateway.assignLicense('u-1', 'sku-1');

    assert.equal(server.requests[0]?.method, 'PATCH');
    assert.equal(server.requests[0]?.url, '/v1.0/users/u-1');
    assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), { usageLocation: 'GB' });
    assert.equal(server.requests[1]?.url, '/v1.0/users/u-1/assignLicense');
    assert.deepEqual(JSON.parse(server.requests[1]?.body ?? ''), {
      addLicenses: [{ skuId: 'sku-1', disabledPlans: [] }],
      removeLicenses: [],
    });
  });

  it('does not send a write again after a 5xx: it may have happened', async () => {
    const { gateway, server } = await createGateway(() => ({ status: 503, headers: { 'retry-after': '0' }, body: '' }));

    const error = await captureError(gateway.assignLicense('u-1', 'sku-1'));

    assert.equal(error.errorClass, 'transient');
    assert.equal(server.requests.length, 1);
  });

  it('sends a write again after a 429, which Graph refused before doing anything', async () => {
    const { gateway, server } = await createGateway((_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '0' }, body: '' } : { status: 204 },
    );

    await gateway.setUsageLocation('u-1', 'US');

    assert.equal(server.requests.length, 2);
  });

  it('fails permanently when the user to license does not exist', async () => {
    const { gateway } = await createGateway(() => ({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound', message: "Resource 'u-9' does not exist." } },
    }));

    const error = await captureError(gateway.assignLicense('u-9', 'sku-1'));

    assert.equal(error.code, 'OBJECT_NOT_FOUND');
    assert.equal(error.errorClass, 'permanent');
  });

  it('creates a Temporary Access Pass and returns it', async () => {
    const { gateway, server } = await createGateway(() => ({
      status: 201,
      body: {
        id: 'tap-1',
        isUsable: true,
        isUsableOnce: true,
        lifetimeInMinutes: 60,
        methodUsabilityReason: 'EnabledByPolicy',
        startDateTime: '2025-01-01T12:00:00Z',
        temporaryAccessPass: 'TAPRJbRv3wx3',
      },
    }));

    const pass = await gateway.createTemporaryAccessPass('u-1', { lifetimeInMinutes: 60, isUsableOnce: true });

    assert.deepEqual(pass, {
      temporaryAccessPass: 'TAPRJbRv3wx3',
      startDateTime: '2025-01-01T12:00:00Z',
      lifetimeInMinutes: 60,
    });
    assert.equal(server.requests[0]?.url, '/v1.0/users/u-1/authentication/temporaryAccessPassMethods');
    assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), { lifetimeInMinutes: 60, isUsableOnce: true });
  });

  it('names UserAuthenticationMethod.ReadWrite.All when creating a pass is forbidden', async () => {
    const { gateway } = await createGateway(() => ({
      status: 403,
      body: { error: { code: 'accessDenied', message: 'Request Authorization failed' } },
    }));

    const error = await captureError(
      gateway.createTemporaryAccessPass('u-1', { lifetimeInMinutes: 60, isUsableOnce: true }),
    );

    assert.match(error.message, /UserAuthenticationMethod\.ReadWrite\.All/);
  });

  it("lists a user's pass with its usability and never a secret", async () => {
    // Learn "List temporaryAccessPassMethods" (v1.0), example response.
    const { gateway, server } = await createGateway(() => ({
      body: {
        value: [
          {
            id: 'bdaede67-61e0-4349-9347-d2d6afd84009',
            temporaryAccessPass: null,
            createdDateTime: '2022-06-06T16:43:04.6438213Z',
            startDateTime: '2022-06-06T16:48:03.027Z',
            lifetimeInMinutes: 60,
            isUsableOnce: false,
            isUsable: false,
            methodUsabilityReason: 'NotYetValid',
          },
        ],
      },
    }));

    const passes = await gateway.listTemporaryAccessPasses('u-1');

    assert.deepEqual(passes, [
      {
        id: 'bdaede67-61e0-4349-9347-d2d6afd84009',
        createdDateTime: '2022-06-06T16:43:04.6438213Z',
        startDateTime: '2022-06-06T16:48:03.027Z',
        lifetimeInMinutes: 60,
        isUsable: false,
        methodUsabilityReason: 'NotYetValid',
      },
    ]);
    assert.equal(server.requests[0]?.method, 'GET');
    assert.equal(server.requests[0]?.url, '/v1.0/users/u-1/authentication/temporaryAccessPassMethods');
  });

  it('deletes a pass by its id, and takes a pass already gone as deleted', async () => {
    const { gateway, server } = await createGateway((_request, index) =>
      index === 0
        ? { status: 204 }
        : { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'gone' } } },
    );

    await gateway.deleteTemporaryAccessPass('u-1', 'tap-1');
    await gateway.deleteTemporaryAccessPass('u-1', 'tap-1');

    assert.deepEqual(
      server.requests.map((request) => `${request.method} ${request.url}`),
      [
        'DELETE /v1.0/users/u-1/authentication/temporaryAccessPassMethods/tap-1',
        'DELETE /v1.0/users/u-1/authentication/temporaryAccessPassMethods/tap-1',
      ],
    );
  });

  it('names UserAuthenticationMethod.ReadWrite.All when deleting a pass is forbidden', async () => {
    const { gateway } = await createGateway(() => ({
      status: 403,
      body: { error: { code: 'accessDenied', message: 'Request Authorization failed' } },
    }));

    const error = await captureError(gateway.deleteTemporaryAccessPass('u-1', 'tap-1'));

    assert.equal(error.errorClass, 'fatal');
    assert.match(error.message, /UserAuthenticationMethod\.ReadWrite\.All/);
  });
});

describe('createGraphGateway group membership', () => {
  it('answers whether the user is in the approvers group', async () => {
    const { gateway, server } = await createGateway((request) => ({
      body: {
        value: request.url.endsWith('/checkMemberGroups') && request.body.includes('GROUP-1') ? ['group-1'] : [],
      },
    }));

    assert.equal(await gateway.isMemberOfGroup('u-1', 'GROUP-1'), true);
    assert.equal(await gateway.isMemberOfGroup('u-1', 'group-2'), false);
    assert.equal(server.requests[0]?.url, '/v1.0/users/u-1/checkMemberGroups');
    assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), { groupIds: ['GROUP-1'] });
  });

  it('answers false for a user Graph does not know', async () => {
    const { gateway } = await createGateway(() => ({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound', message: 'x' } },
    }));

    assert.equal(await gateway.isMemberOfGroup('ghost', 'group-1'), false);
  });
});

describe('createGraphGateway tokens', () => {
  it('surfaces a token failure as it is, without calling Graph', async () => {
    const failure = new TenantError({ code: 'TOKEN_FAILED', errorClass: 'fatal', message: 'no token' });
    const { gateway, server } = await createGateway(() => ({ body: { value: [] } }), {
      tokens: { getToken: () => Promise.reject(failure) },
    });

    await assert.rejects(gateway.listDomains(), (error) => error === failure);
    assert.equal(server.requests.length, 0);
  });
});
