import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

const PASSWORD = 'Pa55word-NEVER-LOGGED-7f3k';

describe('sandbox ledger and stats', () => {
  const fixture = createSmallFixture();
  const source = findInactive(fixture, isRecoverable);
  const logLines: string[] = [];
  let tenant: SandboxTenant;
  let tap = '';

  before(async () => {
    tenant = await startTestTenant({ log: (line) => logLines.push(line) });
    await invokeCmdlet(tenant, 'Get-Mailbox', { InactiveMailboxOnly: true, ResultSize: 'Unlimited' });
    await invokeCmdlet(tenant, 'New-Mailbox', {
      InactiveMailbox: source.ExchangeGuid,
      Name: 'Ledger Person',
      MicrosoftOnlineServicesID: 'ledger.person@contoso.com',
      Password: PASSWORD,
      ResetPasswordOnNextLogon: true,
    });
    await invokeCmdlet(tenant, 'New-Mailbox', {
      InactiveMailbox: source.ExchangeGuid,
      Name: 'Ledger Person',
      MicrosoftOnlineServicesID: 'ledger.person@contoso.com',
      Password: PASSWORD,
    });
    const user = await callGraph(tenant, 'GET', '/users/ledger.person@contoso.com?$select=id');
    const response = await callGraph(
      tenant,
      'POST',
      `/users/${user.body.id}/authentication/temporaryAccessPassMethods`,
      {
        lifetimeInMinutes: 60,
        isUsableOnce: true,
      },
    );
    tap = response.body.temporaryAccessPass;
  });
  after(() => tenant.close());

  it('records each write once, in order, with its outcome, and no reads', async () => {
    const ledger = await readSandbox(tenant, 'ledger');
    assert.deepEqual(
      ledger.map((e: { seq: number; api: string; operation: string; outcome: string }) => [
        e.seq,
        e.api,
        e.operation,
        e.outcome,
      ]),
      [
        [1, 'exchange', 'New-Mailbox', 'ok'],
        [2, 'exchange', 'New-Mailbox', 'error'],
        [3, 'graph', 'POST /users/{id}/authentication/temporaryAccessPassMethods', 'ok'],
      ],
    );
    assert.equal(ledger[0].target, source.ExchangeGuid);
    assert.equal(ledger[1].errorCode, 'ManagementObjectNotFoundException');
    assert.deepEqual(tenant.ledger(), ledger);
  });

  it('keeps the password and the Temporary Access Pass out of the ledger, the stats and the log', async () => {
    const ledgerText = JSON.stringify(await readSandbox(tenant, 'ledger'));
    const statsText = JSON.stringify(await readSandbox(tenant, 'stats'));
    assert.ok(ledgerText.includes('"Password":"***"'));
    for (const text of [ledgerText, statsText, logLines.join('\n')]) {
      assert.equal(text.includes(PASSWORD), false);
      assert.equal(text.includes(tap), false);
    }
    assert.ok(logLines.length >= 5);
  });

  it('counts calls per cmdlet and endpoint, reads and writes apart, until reset', async () => {
    const stats = await readSandbox(tenant, 'stats');
    assert.deepEqual(stats.exchange.byCmdlet, { 'Get-Mailbox': 1, 'New-Mailbox': 2 });
    assert.equal(stats.exchange.requests, 3);
    assert.equal(stats.exchange.reads, 1);
    assert.equal(stats.exchange.writes, 2);
    assert.equal(stats.graph.reads, 1);
    assert.equal(stats.graph.writes, 1);
    const reset = await fetch(`${tenant.url}/_sandbox/reset-stats`, { method: 'POST' });
    assert.equal(reset.status, 204);
    const after = await readSandbox(tenant, 'stats');
    assert.equal(after.exchange.requests, 0);
    assert.deepEqual(after.exchange.byCmdlet, {});
    assert.equal((await readSandbox(tenant, 'ledger')).length, 3);
  });
});
