/**
 * Which tenant the bot talks to in sandbox mode: its own in-process sandbox, or — with SANDBOX_TENANT_URL — the
 * sandbox tenant already running in another process (what a crash test needs: the tenant outlives the bot).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { openBotTenant } from '../../src/wiring/bot-tenant.ts';

describe('the bot’s tenant in sandbox mode', () => {
  it('is the sandbox tenant at SANDBOX_TENANT_URL when it is set: its mailboxes, and it stays up when the bot closes', async () => {
    const fixture = generateTenantFixture({ seed: 3, inactiveMailboxes: 2, activeUsers: 1 });
    const elsewhere = await startSandboxTenant({ fixture });
    try {
      const session = await openBotTenant(loadConfig({ SANDBOX_TENANT_URL: elsewhere.url }));
      const mailboxes = await session.connection.exchange.listInactiveMailboxes();
      assert.deepEqual(
        mailboxes.map((mailbox) => mailbox.exchangeGuid).sort(),
        fixture.mailboxes
          .filter((mailbox) => mailbox.IsInactiveMailbox)
          .map((mailbox) => mailbox.ExchangeGuid)
          .sort(),
      );
      assert.equal(session.sandbox, null, 'no sandbox of its own was started');
      await session.close();
      assert.equal((await fetch(`${elsewhere.url}/_sandbox/tenant`)).status, 200, 'closing the bot leaves it running');
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses an address that does not answer as a sandbox tenant, in one sentence naming the setting', async () => {
    const config = loadConfig({ SANDBOX_TENANT_URL: 'http://127.0.0.1:9' });
    await assert.rejects(openBotTenant(config), {
      name: 'TenantSessionError',
      message: 'No sandbox tenant answers at http://127.0.0.1:9: start one with "npm run sandbox".',
    });
  });
});
