import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTenantSnapshot, runPreflight } from '../../../src/operations/preflight/index.ts';
import type { ValidationIssue } from '../../../src/operations/validation-issue.ts';
import type { FixtureMailbox, FixtureRecipient } from '../../../src/sandbox/fixture.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { createSmallFixture, startTestTenant } from '../../sandbox/sandbox-client.ts';
import { assertIssue, codesOf, row } from './preflight-test-support.ts';

/** Pre-flight of restore rows into hybrid mail users, through the real gateways against the sandbox tenant. */
describe('restore pre-flight with a mail user as the target', () => {
  const fixture = createSmallFixture();
  const [prepared, withArchive] = (fixture.recipients ?? []).filter((r) => r.RecipientTypeDetails === 'MailUser') as [
    FixtureRecipient,
    FixtureRecipient,
  ];
  const inactive = fixture.mailboxes.filter((m) => m.IsInactiveMailbox);
  const preparedSource = inactive.at(-3) as FixtureMailbox;
  let tenant: SandboxTenant;
  let preflightRestore: (items: ReturnType<typeof row>[]) => Promise<ValidationIssue[]>;

  before(async () => {
    tenant = await startTestTenant();
    const tokens = createStaticTokenProvider('test');
    const client = new InvokeCommandClient({ baseUrl: tenant.exchangeBaseUrl, tenantId: tenant.tenantId, tokens });
    const exchange = createExchangeGateway(client, createPlainPasswordEncoder());
    const graph = createGraphGateway({ baseUrl: tenant.graphBaseUrl, tokens });
    preflightRestore = async (items) =>
      runPreflight(items, 'restore', await buildTenantSnapshot(items, 'restore', { exchange, graph }));
  });
  after(async () => {
    await tenant.close();
  });

  it("blocks a row into a mail user's primary mailbox, saying it is a mail user", async () => {
    const issues = await preflightRestore([row(2, preparedSource.ExchangeGuid, prepared.PrimarySmtpAddress)]);
    assertIssue(issues, {
      row: 2,
      code: 'TARGET_IS_MAIL_USER',
      severity: 'error',
      column: 'target_mailbox',
      mentions: `${prepared.PrimarySmtpAddress} is a mail user, not a mailbox`,
    });
    assert.deepEqual(codesOf(issues, 'error'), ['2:TARGET_IS_MAIL_USER']);
  });

  it("lets a row into the mail user's cloud-based archive through with a warning", async () => {
    const items = [row(2, preparedSource.ExchangeGuid, prepared.PrimarySmtpAddress, { target_is_archive: 'true' })];
    const issues = await preflightRestore(items);
    assert.deepEqual(codesOf(issues, 'error'), []);
    assertIssue(issues, { row: 2, code: 'TARGET_IS_MAIL_USER', severity: 'warning', mentions: 'cloud-based archive' });
  });

  it('still asks for the X500 on-premises when the synced mail user lacks it', async () => {
    const source = inactive[0] as FixtureMailbox;
    const items = [row(3, source.ExchangeGuid, withArchive.PrimarySmtpAddress, { target_is_archive: 'true' })];
    const issues = await preflightRestore(items);
    assert.deepEqual(codesOf(issues, 'error'), ['3:TARGET_SYNCED_X500_REQUIRED']);
    assertIssue(issues, { row: 3, code: 'TARGET_IS_MAIL_USER', severity: 'warning' });
  });
});
