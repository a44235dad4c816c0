import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { TENANT_ERROR_CODES, TenantError } from '../../src/operations/tenant-ports.ts';
import type { FixtureMailbox } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant, type SandboxTenant, type ScriptedFailure } from '../../src/sandbox/sandbox-server.ts';
import { connectTenant, type TenantConnection } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';
import { createSmallFixture, isRecoverable, readSandbox, type WireJson } from './sandbox-client.ts';

const DEFAULT_TEXT = 'The sandbox was told to fail this call.';

describe('sandbox scripted failures', () => {
  const fixture = createSmallFixture();
  const recoverable = fixture.mailboxes.filter((m) => m.IsInactiveMailbox && isRecoverable(m));
  let tenant: SandboxTenant | undefined;
  afterEach(async () => {
    await tenant?.close();
    tenant = undefined;
  });

  async function start(scriptedFailures: ScriptedFailure[] = []): Promise<TenantConnection> {
    tenant = await startSandboxTenant({ fixture, scriptedFailures });
    return connectTenant({
      tenantId: tenant.tenantId,
      exchangeBaseUrl: tenant.exchangeBaseUrl,
      graphBaseUrl: tenant.graphBaseUrl,
      tokens: createStaticTokenProvider('sandbox-token'),
      passwords: createPlainPasswordEncoder(),
    });
  }

  function pick(index: number): FixtureMailbox {
    const mailbox = recoverable[index];
    assert.ok(mailbox, 'the fixture holds enough recoverable mailboxes');
    return mailbox;
  }

  const upnFor = (index: number) => `scripted.row${index}@contoso.com`;

  function recover(connection: TenantConnection, index: number) {
    return connection.exchange.newMailboxFromInactive({
      inactiveMailbox: pick(index).ExchangeGuid,
      name: `Scripted Row ${index}`,
      displayName: `Scripted Row ${index}`,
      microsoftOnlineServicesId: upnFor(index),
      password: 'Sandb0x!Scripted-Pass',
      resetPasswordOnNextLogon: true,
    });
  }

  async function assertCmdletRefused(call: Promise<unknown>, text: string): Promise<void> {
    await assert.rejects(call, (error: unknown) => {
      assert.ok(error instanceof TenantError);
      assert.equal(error.errorClass, 'permanent');
      assert.equal(error.code, TENANT_ERROR_CODES.cmdletFailed);
      assert.equal(error.message, text);
      return true;
    });
  }

  function postScriptedFailure(body: string): Promise<Response> {
    return fetch(`${(tenant as SandboxTenant).url}/_sandbox/scripted-failures`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
  }

  it('fails the matching New-Mailbox for good and creates nothing, while pre-flight reads still pass', async () => {
    const connection = await start([{ api: 'exchange', cmdlet: 'new-mailbox', match: 'SCRIPTED.ROW0@' }]);
    assert.ok(await connection.exchange.getMailbox(pick(0).ExchangeGuid, { inactiveMailboxOnly: true }));

    await assertCmdletRefused(recover(connection, 0), DEFAULT_TEXT);

    const stats: WireJson = await readSandbox(tenant as SandboxTenant, 'stats');
    assert.equal(stats.exchange.byCmdlet['New-Mailbox'], 1, 'the gateway did not retry the refused call');
    assert.ok(await connection.exchange.getMailbox(pick(0).ExchangeGuid, { inactiveMailboxOnly: true }));
    assert.equal(await connection.exchange.getMailbox(upnFor(0)), null);
    assert.equal(await connection.graph.getUser(upnFor(0)), null);
    const ledger: WireJson[] = await readSandbox(tenant as SandboxTenant, 'ledger');
    assert.deepEqual(
      ledger.map((entry) => [entry.operation, entry.outcome, entry.errorCode, entry.scripted]),
      [['New-Mailbox', 'error', 'TaskException', true]],
    );
    assert.equal(ledger[0].parameters.Password, '***');
  });

  it('lets a New-Mailbox that does not match run while the failure stays armed', async () => {
    const connection = await start([{ api: 'exchange', cmdlet: 'New-Mailbox', match: upnFor(0) }]);

    const created = await recover(connection, 1);

    assert.equal(created.userPrincipalName, upnFor(1));
    assert.equal((tenant as SandboxTenant).scriptedFailures().length, 1);
  });

  it('never matches on a password, so a secret cannot decide which call fails', async () => {
    const connection = await start([{ api: 'exchange', cmdlet: 'New-Mailbox', match: 'Scripted-Pass' }]);

    const created = await recover(connection, 3);

    assert.equal(created.userPrincipalName, upnFor(3));
  });

  it('fails the matching call as many times as told, then lets the retry succeed', async () => {
    const connection = await start([{ api: 'exchange', cmdlet: 'New-Mailbox', match: upnFor(0), times: 2 }]);

    await assertCmdletRefused(recover(connection, 0), DEFAULT_TEXT);
    await assertCmdletRefused(recover(connection, 0), DEFAULT_TEXT);
    const created = await recover(connection, 0);

    assert.equal(created.userPrincipalName, upnFor(0));
    assert.equal(await connection.exchange.getMailbox(pick(0).ExchangeGuid, { inactiveMailboxOnly: true }), null);
    assert.deepEqual((tenant as SandboxTenant).scriptedFailures(), []);
  });

  it('arms a failure posted to the admin endpoint and lists it until it is used up', async () => {
    const connection = await start();
    const armed = { api: 'exchange', cmdlet: 'New-Mailbox', match: upnFor(2), message: 'Row two must fail.' };

    const response = await postScriptedFailure(JSON.stringify(armed));
    assert.equal(response.status, 204);
    const listed: WireJson = await (await fetch(`${(tenant as SandboxTenant).url}/_sandbox/scripted-failures`)).json();
    assert.deepEqual(listed, [{ ...armed, times: 1 }]);

    await assertCmdletRefused(recover(connection, 2), 'Row two must fail.');
    const after: WireJson = await (await fetch(`${(tenant as SandboxTenant).url}/_sandbox/scripted-failures`)).json();
    assert.deepEqual(after, []);
  });

  it('refuses a malformed scripted failure with 400 and one sentence, and arms nothing', async () => {
    await start();
    const malformed = [
      'not json',
      '[]',
      JSON.stringify({ api: 'ews', cmdlet: 'New-Mailbox' }),
      JSON.stringify({ api: 'exchange', cmdlet: 'New-Mailbox', matches: 'typo' }),
      JSON.stringify({ api: 'exchange', cmdlet: 'New-Mailbox', times: 0 }),
      JSON.stringify({ api: 'graph', method: 'PATCH' }),
      JSON.stringify({ api: 'graph', method: 'PATCH', pathContains: '/users/', status: 200 }),
    ];

    for (const body of malformed) {
      const response = await postScriptedFailure(body);
      assert.equal(response.status, 400, body);
      const message: string = ((await response.json()) as WireJson).error.message;
      assert.match(message, /^\S.*\.$/, `a sentence for ${body}: ${message}`);
      assert.doesNotMatch(message, /\.\s+[A-Z]/, `only one sentence for ${body}: ${message}`);
    }
    assert.deepEqual((tenant as SandboxTenant).scriptedFailures(), []);
  });

  it('refuses to start with a malformed scripted failure', async () => {
    await assert.rejects(
      startSandboxTenant({ fixture, scriptedFailures: [{ api: 'exchange', cmdlet: '' }] }),
      (error: unknown) => (error as { code?: string }).code === 'SANDBOX_SCRIPTED_FAILURE_INVALID',
    );
  });

  it('fails a matching Graph write with the given status and leaves the user unchanged', async () => {
    const connection = await start();
    const user = fixture.users.find((u) => u.usageLocation !== 'FR');
    assert.ok(user);
    tenant?.addScriptedFailure({ api: 'graph', method: 'patch', pathContains: `/users/${user.id}`, status: 409 });

    await assert.rejects(connection.graph.setUsageLocation(user.id, 'FR'), (error: unknown) => {
      assert.ok(error instanceof TenantError);
      assert.equal(error.errorClass, 'permanent');
      assert.equal(error.httpStatus, 409);
      assert.match(error.message, /The sandbox was told to fail this call\./);
      return true;
    });
    assert.equal((await connection.graph.getUser(user.id))?.usageLocation ?? null, user.usageLocation);
    await connection.graph.setUsageLocation(user.id, 'FR');
    assert.equal((await connection.graph.getUser(user.id))?.usageLocation, 'FR');
  });

  it('fails a matching Graph request inside a $batch too', async () => {
    const connection = await start();
    const [first, second] = fixture.users;
    assert.ok(first && second);
    tenant?.addScriptedFailure({ api: 'graph', method: 'GET', pathContains: `/users/${second.userPrincipalName}` });

    await assert.rejects(
      connection.graph.getUsersByUpn([first.userPrincipalName, second.userPrincipalName]),
      (error: unknown) => error instanceof TenantError && error.errorClass === 'permanent',
    );
    const users = await connection.graph.getUsersByUpn([first.userPrincipalName, second.userPrincipalName]);
    assert.equal(users.get(second.userPrincipalName)?.id, second.id);
  });
});
