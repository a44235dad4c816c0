import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import {
  callGraph,
  createSmallFixture,
  findInactive,
  invokeCmdlet,
  isRecoverable,
  readSandbox,
  startTestTenant,
} from './sandbox-client.ts';

describe('sandbox transient knobs', () => {
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  const fireConcurrently = (count: number) =>
    Promise.all(
      Array.from({ length: count }, () =>
        invokeCmdlet(tenant as SandboxTenant, 'Get-Mailbox', { InactiveMailboxOnly: true, ResultSize: 1 }),
      ),
    );

  it('answers requests beyond the concurrency limit with 429 and Retry-After', async () => {
    tenant = await startTestTenant({
      latencyMs: { mean: 400, jitter: 0 },
      exchangeConcurrency: { limit: 2, mode: '429', retryAfterSeconds: 3 },
    });
    const responses = await fireConcurrently(4);
    const throttled = responses.filter((r) => r.status === 429);
    assert.equal(responses.filter((r) => r.status === 200).length, 2);
    assert.equal(throttled.length, 2);
    for (const response of throttled) assert.equal(response.headers.get('retry-after'), '3');
    const stats = await readSandbox(tenant, 'stats');
    assert.equal(stats.exchange.throttled429, 2);
    assert.equal(stats.exchange.maxConcurrent, 2);
    assert.equal(stats.responses429, 2);
  });

  it('answers requests beyond the limit with the plain-text concurrency message in text mode', async () => {
    tenant = await startTestTenant({
      latencyMs: { mean: 400, jitter: 0 },
      exchangeConcurrency: { limit: 1, mode: 'text' },
    });
    const responses = await fireConcurrently(3);
    const refused = responses.filter((r) => r.status !== 200);
    assert.equal(refused.length, 2);
    for (const response of refused) {
      assert.equal(response.status, 500);
      assert.equal(
        response.text,
        'You have reached the maximum number of concurrent requests per tenant. Please wait and try again',
      );
    }
  });

  it('answers Graph calls beyond the Graph concurrency limit with 429 and Retry-After', async () => {
    tenant = await startTestTenant({
      latencyMs: { mean: 400, jitter: 0 },
      graphConcurrency: { limit: 1, retryAfterSeconds: 2 },
    });
    const responses = await Promise.all([1, 2, 3].map(() => callGraph(tenant as SandboxTenant, 'GET', '/domains')));
    const throttled = responses.filter((r) => r.status === 429);
    assert.equal(throttled.length, 2);
    for (const response of throttled) {
      assert.equal(response.headers.get('retry-after'), '2');
      assert.equal(response.body.error.code, 'TooManyRequests');
    }
  });

  it('throttles requests inside a $batch one by one, each with its own Retry-After', async () => {
    tenant = await startTestTenant({ faultRate: 0.3, faultKinds: ['5xx'], seed: 3 });
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: 'GET', url: '/domains' }));
    let batch = await callGraph(tenant, 'POST', '/$batch', { requests });
    for (let attempt = 0; batch.status !== 200 && attempt < 10; attempt += 1) {
      batch = await callGraph(tenant, 'POST', '/$batch', { requests });
    }
    assert.equal(batch.status, 200);
    const statuses = batch.body.responses.map((r: { status: number }) => r.status);
    assert.ok(statuses.includes(429) && statuses.includes(200));
    for (const inner of batch.body.responses.filter((r: { status: number }) => r.status === 429)) {
      assert.ok(Number(inner.headers['Retry-After']) > 0);
    }
  });

  it('fails every call with a 5xx when the fault rate is 1 and the kind is 5xx', async () => {
    tenant = await startTestTenant({ faultRate: 1, faultKinds: ['5xx'] });
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { ResultSize: 1 });
    assert.ok(response.status >= 500 && response.status <= 599);
    assert.equal((await readSandbox(tenant, 'stats')).faults['5xx'], 1);
  });

  it('answers with a body that is not JSON for the non-json kind', async () => {
    tenant = await startTestTenant({ faultRate: 1, faultKinds: ['non-json'] });
    const response = await invokeCmdlet(tenant, 'Get-Mailbox', { ResultSize: 1 });
    assert.equal(response.body, undefined);
    assert.throws(() => JSON.parse(response.text));
  });

  it('drops the connection after performing a write for the drop kind, and the ledger says so', async () => {
    tenant = await startTestTenant({ faultRate: 1, faultKinds: ['drop'] });
    const source = findInactive(createSmallFixture(), isRecoverable);
    await assert.rejects(
      invokeCmdlet(tenant, 'New-Mailbox', {
        InactiveMailbox: source.ExchangeGuid,
        Name: 'Dropped Reply',
        MicrosoftOnlineServicesID: 'dropped.reply@contoso.com',
      }),
      TypeError,
    );
    const [entry] = await readSandbox(tenant, 'ledger');
    assert.equal(entry.operation, 'New-Mailbox');
    assert.equal(entry.outcome, 'ok');
    assert.equal(entry.responseDropped, true);
  });

  it('draws the same fault sequence for the same seed', async () => {
    const sequence = async () => {
      const sandbox = await startTestTenant({ faultRate: 0.5, seed: 42 });
      try {
        const statuses: string[] = [];
        for (let i = 0; i < 12; i += 1) {
          const response = await invokeCmdlet(sandbox, 'Get-Mailbox', { ResultSize: 1 }).catch(() => undefined);
          statuses.push(response ? `${response.status}:${response.body === undefined}` : 'dropped');
        }
        return statuses;
      } finally {
        await sandbox.close();
      }
    };
    const first = await sequence();
    assert.deepEqual(await sequence(), first);
    assert.ok(first.some((s) => s !== '200:false'));
  });
});
