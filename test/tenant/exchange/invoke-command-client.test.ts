import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TenantError } from '../../../src/operations/tenant-ports.ts';
import { InvokeCommandClient, genericHashTable } from '../../../src/tenant/exchange/invoke-command-client.ts';
import type { InvokeCommandClientOptions } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { delay, loadReplyFixture, startStubServer } from '../support/stub-server.ts';
import type { StubHandler, StubServer } from '../support/stub-server.ts';

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJhdWQiOiJleGNoYW5nZSJ9.c2lnbmF0dXJl';
const TENANT = 'tenant-1';
const servers: StubServer[] = [];

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function startExchange(handler: StubHandler): Promise<StubServer> {
  const server = await startStubServer(handler);
  servers.push(server);
  return server;
}

function createClient(server: StubServer, overrides: Partial<InvokeCommandClientOptions> = {}) {
  const logLines: string[] = [];
  const sleeps: number[] = [];
  const client = new InvokeCommandClient({
    baseUrl: server.origin,
    tenantId: TENANT,
    tokens: createStaticTokenProvider(TOKEN),
    log: (event) => logLines.push(JSON.stringify(event)),
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
  return { client, logLines, sleeps };
}

async function captureError(promise: Promise<unknown>): Promise<TenantError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof TenantError, `expected a TenantError, got ${String(error)}`);
  return error;
}

describe('InvokeCommandClient request shape', () => {
  it('posts the cmdlet with the documented headers, switches as true and $select in the query', async () => {
    const server = await startExchange(() => ({ body: { value: [] } }));
    const { client } = createClient(server, { maxPageSize: 500 });

    await client.invoke(
      'Get-Mailbox',
      { InactiveMailboxOnly: true, ResultSize: 'Unlimited' },
      { select: ['ExchangeGuid', 'Name'] },
    );

    const [request] = server.requests;
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.url, `/adminapi/beta/${TENANT}/InvokeCommand?$select=ExchangeGuid,Name`);
    assert.equal(request.headers['authorization'], `Bearer ${TOKEN}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(
      request.headers['x-anchormailbox'],
      `APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${TENANT}`,
    );
    assert.equal(request.headers['prefer'], 'odata.maxpagesize=500');
    assert.equal(request.headers['x-responseformat'], 'json');
    assert.equal(request.headers['x-cmdletname'], 'Get-Mailbox');
    assert.match(
      String(request.headers['client-request-id']),
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.deepEqual(JSON.parse(request.body), {
      CmdletInput: { CmdletName: 'Get-Mailbox', Parameters: { InactiveMailboxOnly: true, ResultSize: 'Unlimited' } },
    });
  });

  it('encodes a hashtable parameter as an Exchange GenericHashTable', async () => {
    const server = await startExchange(() => ({ body: { value: [] } }));
    const { client } = createClient(server);

    await client.invoke('Set-Mailbox', {
      Identity: 'jane@contoso.com',
      EmailAddresses: genericHashTable({ Add: ['X500:/o=ExchangeLabs/ou=old/cn=jane'] }),
    });

    assert.deepEqual(JSON.parse(server.requests[0]?.body ?? ''), {
      CmdletInput: {
        CmdletName: 'Set-Mailbox',
        Parameters: {
          Identity: 'jane@contoso.com',
          EmailAddresses: { '@odata.type': '#Exchange.GenericHashTable', Add: ['X500:/o=ExchangeLabs/ou=old/cn=jane'] },
        },
      },
    });
  });

  it('logs one line per request with cmdlet, status, request id and duration, and never the token', async () => {
    const server = await startExchange(() => ({ body: { value: [] } }));
    const { client, logLines } = createClient(server);

    await client.invoke('New-Mailbox', { Name: 'x', Password: 'Sup3r-Secret!' });

    assert.equal(logLines.length, 1);
    const event = JSON.parse(logLines[0] ?? '{}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(event).sort(), ['cmdlet', 'ms', 'requestId', 'status']);
    assert.equal(event['cmdlet'], 'New-Mailbox');
    assert.equal(event['status'], 200);
    assert.equal(event['requestId'], server.requests[0]?.headers['client-request-id']);
    assert.ok(logLines.every((line) => !line.includes(TOKEN) && !line.includes('Sup3r-Secret!')));
  });
});

describe('InvokeCommandClient paging and results', () => {
  it('follows @odata.nextLink with the same body and returns every page, warnings included', async () => {
    let origin = '';
    const server = await startExchange((_request, index) =>
      loadReplyFixture(index === 0 ? 'get-mailbox-page-1' : 'get-mailbox-page-2', origin),
    );
    origin = server.origin;
    const { client } = createClient(server);

    const result = await client.invoke('Get-Mailbox', { InactiveMailboxOnly: true, ResultSize: 'Unlimited' });

    assert.deepEqual(
      result.value.map((mailbox) => mailbox['Name']),
      ['ada.lovelace', 'alan.turing'],
    );
    assert.deepEqual(result.warnings, ['The -ResultSize value was honoured across pages.']);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1]?.url, `/adminapi/beta/${TENANT}/InvokeCommand?%24skiptoken=page2`);
    assert.equal(server.requests[1]?.body, server.requests[0]?.body);
    assert.equal(server.requests[1]?.headers['x-cmdletname'], 'Get-Mailbox');
  });

  it('stops after the first page when allPages is false', async () => {
    let origin = '';
    const server = await startExchange(() => loadReplyFixture('get-mailbox-page-1', origin));
    origin = server.origin;
    const { client } = createClient(server);

    const result = await client.invoke('Get-Mailbox', {}, { allPages: false });

    assert.equal(result.value.length, 1);
    assert.equal(server.requests.length, 1);
  });

  it('refuses a next-page link on another origin and sends nothing there', async () => {
    const foreign = await startExchange(() => ({ body: { value: [] } }));
    const server = await startExchange(() => loadReplyFixture('get-mailbox-page-1', foreign.origin));
    const { client } = createClient(server);

    const error = await captureError(client.invoke('Get-Mailbox', { InactiveMailboxOnly: true }));

    assert.equal(error.code, 'TENANT_BAD_RESPONSE');
    assert.equal(error.errorClass, 'permanent');
    assert.equal(foreign.requests.length, 0);
  });

  it('treats an empty success body as an empty result', async () => {
    const server = await startExchange(() => ({ status: 200, body: '' }));
    const { client } = createClient(server);

    assert.deepEqual(await client.invoke('Set-Mailbox', { Identity: 'x' }), { value: [], warnings: [] });
  });
});

describe('InvokeCommandClient error classification', () => {
  const cases = [
    {
      fixture: 'cmdlet-error-not-found',
      code: 'OBJECT_NOT_FOUND',
      errorClass: 'permanent',
      message: /^The operation couldn't be performed because object '.*' couldn't be found on '.*'\.$/,
    },
    {
      fixture: 'cmdlet-error-name-in-use',
      code: 'NAME_IN_USE',
      errorClass: 'permanent',
      message: /^The name "Jane Doe" is already being used/,
    },
    {
      fixture: 'cmdlet-error-additional-shards',
      code: 'AUX_PRIMARY_SHARD',
      errorClass: 'permanent',
      message: /has additional shards/,
    },
    {
      fixture: 'cmdlet-error-legacy-dn-mismatch',
      code: 'LEGACY_DN_MISMATCH',
      errorClass: 'permanent',
      message: /legacyExchangeDN doesn't match/,
    },
    {
      fixture: 'cmdlet-error-other',
      code: 'CMDLET_FAILED',
      errorClass: 'permanent',
      message: /^The value "bogus" isn't valid for ConflictResolutionOption\.$/,
    },
    {
      fixture: 'unauthorized-401',
      code: 'TENANT_UNAUTHORIZED',
      errorClass: 'fatal',
      message: /Exchange\.ManageAsApp.*x-ms-diagnostics: 2000003/,
    },
    {
      fixture: 'forbidden-403',
      code: 'TENANT_FORBIDDEN',
      errorClass: 'fatal',
      message:
        /^The app lacks Exchange\.ManageAsApp or an Exchange role .*New-Mailbox.*tenant-1 \(x-ms-diagnostics: 2000008;reason="The token does not contain/,
    },
    { fixture: 'throttled-429', code: 'TENANT_THROTTLED', errorClass: 'transient', message: /throttled New-Mailbox/ },
    { fixture: 'server-error-503', code: 'TENANT_UNAVAILABLE', errorClass: 'transient', message: /HTTP 503/ },
    {
      fixture: 'concurrent-requests',
      code: 'TENANT_UNAVAILABLE',
      errorClass: 'transient',
      message: /too many concurrent requests/,
    },
    { fixture: 'html-200', code: 'TENANT_UNAVAILABLE', errorClass: 'transient', message: /not JSON/ },
  ] as const;

  for (const testCase of cases) {
    it(`classifies ${testCase.fixture} as ${testCase.errorClass} ${testCase.code}`, async () => {
      const server = await startExchange(() => loadReplyFixture(testCase.fixture));
      const { client } = createClient(server);

      const error = await captureError(client.invoke('New-Mailbox', { Name: 'Jane Doe' }));

      assert.equal(error.code, testCase.code);
      assert.equal(error.errorClass, testCase.errorClass);
      assert.match(error.message, testCase.message);
      assert.ok(!error.message.includes(TOKEN));
    });
  }

  it('recognises the concurrent-requests text whatever the status', async () => {
    const text = loadReplyFixture('concurrent-requests').body;
    for (const status of [200, 400, 503]) {
      const server = await startExchange(() => ({ status, headers: { 'content-type': 'text/plain' }, body: text }));
      const { client } = createClient(server);

      const error = await captureError(client.invoke('Set-Mailbox', { Identity: 'x' }));

      assert.equal(error.errorClass, 'transient', `status ${status}`);
      assert.equal(error.code, 'TENANT_UNAVAILABLE', `status ${status}`);
    }
  });

  it('reads Retry-After in seconds and as an HTTP date into retryAfterMs', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    const server = await startExchange((_request, index) => ({
      status: 429,
      headers: { 'retry-after': index === 0 ? '7' : date },
      body: '',
    }));
    const { client } = createClient(server);

    const inSeconds = await captureError(client.invoke('Set-Mailbox', { Identity: 'x' }));
    const asDate = await captureError(client.invoke('Set-Mailbox', { Identity: 'x' }));

    assert.equal(inSeconds.retryAfterMs, 7000);
    assert.ok(asDate.retryAfterMs !== undefined && asDate.retryAfterMs > 100_000 && asDate.retryAfterMs <= 120_000);
  });

  it('reports a refused connection as transient', async () => {
    const server = await startExchange(() => ({ body: {} }));
    await server.close();
    const { client, logLines } = createClient(server, { readRetries: 0 });

    const error = await captureError(client.invoke('Get-Mailbox', {}));

    assert.equal(error.code, 'TENANT_UNAVAILABLE');
    assert.equal(error.errorClass, 'transient');
    assert.equal((JSON.parse(logLines[0] ?? '{}') as { status: number }).status, 0);
  });

  it('reports a request that outlives its timeout as transient', async () => {
    const server = await startExchange(() => new Promise<never>(() => undefined));
    const { client } = createClient(server, { timeoutMs: 50 });

    const error = await captureError(client.invoke('New-Mailbox', {}));

    assert.equal(error.code, 'TENANT_UNAVAILABLE');
    assert.match(error.message, /did not answer New-Mailbox in time/);
  });
});

describe('InvokeCommandClient retries and concurrency', () => {
  it('never retries a write, whatever the failure', async () => {
    for (const fixture of ['server-error-503', 'throttled-429', 'concurrent-requests']) {
      const server = await startExchange(() => loadReplyFixture(fixture));
      const { client } = createClient(server);

      await captureError(client.invoke('New-MailboxRestoreRequest', { Name: 'IMR-1' }));

      assert.equal(server.requests.length, 1, fixture);
    }
  });

  it('retries a Get-* read after a transient failure, waiting as long as Retry-After says', async () => {
    const server = await startExchange((_request, index) =>
      index === 0 ? { status: 503, headers: { 'retry-after': '2' }, body: '' } : { body: { value: [{ Name: 'a' }] } },
    );
    const { client, sleeps } = createClient(server);

    const result = await client.invoke('Get-MailboxRestoreRequest', { Name: 'IMR-1' });

    assert.deepEqual(result.value, [{ Name: 'a' }]);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(sleeps, [2000]);
  });

  it('gives up on a read after the configured retries and surfaces the transient error', async () => {
    const server = await startExchange(() => loadReplyFixture('concurrent-requests'));
    const { client } = createClient(server, { readRetries: 2 });

    const error = await captureError(client.invoke('Get-Mailbox', {}));

    assert.equal(error.errorClass, 'transient');
    assert.equal(server.requests.length, 3);
  });

  it('does not retry a read when Exchange asks to wait longer than the bound', async () => {
    const server = await startExchange(() => ({ status: 429, headers: { 'retry-after': '600' }, body: '' }));
    const { client, sleeps } = createClient(server);

    const error = await captureError(client.invoke('Get-Mailbox', {}));

    assert.equal(error.retryAfterMs, 600_000);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('does not retry a read that failed permanently', async () => {
    const server = await startExchange(() => loadReplyFixture('cmdlet-error-not-found'));
    const { client } = createClient(server);

    await captureError(client.invoke('Get-Mailbox', { Identity: 'nobody' }));

    assert.equal(server.requests.length, 1);
  });

  it('keeps at most maxConcurrentCalls requests in flight, pages included', async () => {
    let inFlight = 0;
    let highWater = 0;
    const server = await startExchange(async (request) => {
      inFlight += 1;
      highWater = Math.max(highWater, inFlight);
      await delay(15);
      inFlight -= 1;
      const firstPage = !request.url.includes('skiptoken');
      return {
        body: {
          value: [{ Name: 'x' }],
          ...(firstPage
            ? { '@odata.nextLink': `${server.origin}/adminapi/beta/${TENANT}/InvokeCommand?skiptoken=2` }
            : {}),
        },
      };
    });
    const { client } = createClient(server, { maxConcurrentCalls: 3 });

    const results = await Promise.all(Array.from({ length: 8 }, () => client.invoke('Get-Mailbox', {})));

    assert.equal(highWater, 3);
    assert.equal(server.requests.length, 16);
    assert.ok(results.every((result) => result.value.length === 2));
  });

  it('surfaces a token failure as it is, without calling Exchange or retrying', async () => {
    const failure = new TenantError({ code: 'TOKEN_FAILED', errorClass: 'fatal', message: 'no token' });
    const server = await startExchange(() => ({ body: { value: [] } }));
    const { client } = createClient(server, { tokens: { getToken: () => Promise.reject(failure) } });

    await assert.rejects(client.invoke('Get-Mailbox', {}), (error) => error === failure);
    assert.equal(server.requests.length, 0);
  });

  it('counts every remote call through onCall', async () => {
    const server = await startExchange(() => ({ body: { value: [] } }));
    let calls = 0;
    const { client } = createClient(server, { onCall: () => (calls += 1) });

    await client.invoke('Get-Mailbox', {});
    await client.invoke('Set-Mailbox', {});

    assert.equal(calls, 2);
  });

  it('stops with the caller’s abort reason when the signal aborts', async () => {
    const server = await startExchange(() => new Promise<never>(() => undefined));
    const { client } = createClient(server);
    const controller = new AbortController();
    const reason = new Error('job cancelled');

    const pending = client.invoke('Get-Mailbox', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);

    await assert.rejects(pending, (error) => error === reason);
  });
});

describe('InvokeCommandClient next-page links and retry classification (sources: exchange-hosts.ts, exchange-errors.ts)', () => {
  // An injected fetch stands in for Exchange's regional hosts: nothing leaves the machine.
  function fetchAnswering(pages: Record<string, unknown>): { fetch: typeof fetch; urls: string[] } {
    const urls: string[] = [];
    const fake = (input: string | URL | Request): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      urls.push(url);
      const page = pages[new URL(url).host] ?? { value: [] };
      return Promise.resolve(new Response(JSON.stringify(page), { headers: { 'content-type': 'application/json' } }));
    };
    return { fetch: fake as typeof fetch, urls };
  }

  it('follows a next-page link to another Exchange Online host, as a regional front end sends', async () => {
    const regional = 'https://nam12b.ps.outlook.com/adminapi/beta/tenant-1/InvokeCommand?$skiptoken=2';
    const { fetch: fake, urls } = fetchAnswering({
      'outlook.office365.com': { value: [{ Name: 'ada' }], '@odata.nextLink': regional },
      'nam12b.ps.outlook.com': { value: [{ Name: 'alan' }] },
    });
    const client = new InvokeCommandClient({
      baseUrl: 'https://outlook.office365.com',
      tenantId: TENANT,
      tokens: createStaticTokenProvider(TOKEN),
      fetch: fake,
    });

    const result = await client.invoke('Get-Mailbox', { InactiveMailboxOnly: true });

    assert.deepEqual(
      result.value.map((mailbox) => mailbox['Name']),
      ['ada', 'alan'],
    );
    assert.equal(urls[1], regional);
  });

  for (const link of [
    'https://collector.example.net/adminapi/beta/tenant-1/InvokeCommand?$skiptoken=2',
    'https://outlook.com.example.net/adminapi/beta/tenant-1/InvokeCommand',
    'http://nam12b.ps.outlook.com/adminapi/beta/tenant-1/InvokeCommand',
  ]) {
    it(`refuses a next-page link to ${new URL(link).origin} and never sends the token there`, async () => {
      const { fetch: fake, urls } = fetchAnswering({
        'outlook.office365.com': { value: [{ Name: 'ada' }], '@odata.nextLink': link },
      });
      const client = new InvokeCommandClient({
        baseUrl: 'https://outlook.office365.com',
        tenantId: TENANT,
        tokens: createStaticTokenProvider(TOKEN),
        fetch: fake,
      });

      const error = await captureError(client.invoke('Get-Mailbox', {}));

      assert.equal(error.errorClass, 'permanent');
      assert.match(
        error.message,
        /next-page link for Get-Mailbox on .*not an Exchange Online host; it was not followed/,
      );
      assert.equal(urls.length, 1);
    });
  }

  it('treats HTTP 408 as transient and retries a read after it', async () => {
    const server = await startExchange((_request, index) =>
      index === 0
        ? { status: 408, headers: { 'content-type': 'application/json' }, body: { error: { message: 'timeout' } } }
        : { body: { value: [{ Name: 'a' }] } },
    );
    const { client } = createClient(server);

    const result = await client.invoke('Get-Mailbox', {});

    assert.deepEqual(result.value, [{ Name: 'a' }]);
    assert.equal(server.requests.length, 2);
  });

  for (const status of [400, 404]) {
    it(`treats a non-JSON HTTP ${status} as permanent: the read is not sent again and the text is kept`, async () => {
      const server = await startExchange(() => ({
        status,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>Bad Request - Invalid URL</h1></body></html>',
      }));
      const { client } = createClient(server);

      const error = await captureError(client.invoke('Get-Mailbox', {}));

      assert.equal(error.errorClass, 'permanent');
      assert.match(
        error.message,
        new RegExp(`HTTP ${status} and a body that is not JSON: "Bad Request - Invalid URL"`),
      );
      assert.equal(server.requests.length, 1);
    });
  }
});
