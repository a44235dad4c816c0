import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createItem, type BulkOperationItem } from '../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight } from '../../src/operations/preflight/index.ts';
import type { ValidationIssue } from '../../src/operations/validation-issue.ts';
import type { FixtureMailbox } from '../../src/sandbox/fixture-types.ts';
import { startSandboxTenant, type SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { connectTenant } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';
import { assertIssue } from '../operations/preflight/preflight-test-support.ts';
import { createRecipientFixture } from '../sandbox/recipient-fixture.ts';
import { isRecoverable } from '../sandbox/sandbox-client.ts';

describe('recovery pre-flight sees every Exchange recipient holding the address (real gateways, sandbox tenant)', () => {
  const fixture = createRecipientFixture();
  const sources = fixture.mailboxes.filter(
    (m) => m.IsInactiveMailbox && isRecoverable(m) && m.PrimarySmtpAddress.endsWith('@contoso.com'),
  );
  let sandbox: SandboxTenant;
  let issues: ValidationIssue[] = [];

  function source(index: number): FixtureMailbox {
    const mailbox = sources[index];
    assert.ok(mailbox, 'the fixture has enough recoverable inactive mailboxes');
    return mailbox;
  }

  function recoveryRow(rowNumber: number, upn: string, extra: Record<string, string> = {}): BulkOperationItem {
    // As importCsv hands rows over: target_smtp defaults to the UPN when the file has no such column.
    const additionalData = { display_name: `Row ${rowNumber}`, target_smtp: upn, ...extra };
    return createItem({
      rowNumber,
      sourceIdentity: source(rowNumber).ExchangeGuid,
      targetIdentity: upn,
      additionalData,
    });
  }

  before(async () => {
    sandbox = await startSandboxTenant({ fixture });
    const { exchange, graph } = connectTenant({
      tenantId: sandbox.tenantId,
      exchangeBaseUrl: sandbox.exchangeBaseUrl,
      graphBaseUrl: sandbox.graphBaseUrl,
      tokens: createStaticTokenProvider('test'),
      passwords: createPlainPasswordEncoder(),
    });
    const items = [
      recoveryRow(2, 'partner.new@contoso.com', { target_smtp: 'partner@contoso.com' }),
      recoveryRow(3, 'team@contoso.com'),
      recoveryRow(4, 'helpdesk@contoso.com'),
      recoveryRow(5, 'gone@contoso.com'),
      recoveryRow(6, 'returning.six@contoso.com', { target_smtp: source(6).PrimarySmtpAddress }),
      recoveryRow(7, 'returning.seven@contoso.com'),
    ];
    const snapshot = await buildTenantSnapshot(items, 'recovery', { exchange, graph });
    issues = runPreflight(items, 'recovery', snapshot);
  });
  after(() => sandbox.close());

  const rowCodes = (row: number) => issues.filter((issue) => issue.row === row).map((issue) => issue.code);

  it('reports an address held by a mail contact, naming the contact', () => {
    assertIssue(issues, {
      row: 2,
      code: 'TARGET_SMTP_IN_USE',
      severity: 'error',
      column: 'target_smtp',
      mentions: "the mail contact 'Fabrikam Partner'",
    });
  });

  it('reports an address held by a Microsoft 365 group', () => {
    assertIssue(issues, {
      row: 3,
      code: 'TARGET_SMTP_IN_USE',
      severity: 'error',
      column: 'target_upn',
      mentions: "the Microsoft 365 group 'Project Team'",
    });
  });

  it("reports an address held only as a group's secondary smtp: alias", () => {
    assertIssue(issues, {
      row: 4,
      code: 'TARGET_SMTP_IN_USE',
      severity: 'error',
      mentions: "the distribution group 'Help Desk'",
    });
  });

  it('warns, without blocking, about an address a soft-deleted mailbox still holds', () => {
    assertIssue(issues, {
      row: 5,
      code: 'TARGET_SMTP_HELD_BY_SOFT_DELETED',
      severity: 'warning',
      mentions: "the soft-deleted mailbox 'Gone Person'",
    });
    assert.ok(!rowCodes(5).includes('TARGET_SMTP_IN_USE'), JSON.stringify(issues));
  });

  it("reports a returning employee's own old address as free", () => {
    assert.deepEqual(
      rowCodes(6).filter((code) => code.startsWith('TARGET_SMTP') || code === 'PRIMARY_SMTP_FROM_UPN'),
      [],
      JSON.stringify(issues),
    );
  });

  it('says that Exchange takes the primary address from the UPN when the row gives no target_smtp', () => {
    assertIssue(issues, {
      row: 7,
      code: 'PRIMARY_SMTP_FROM_UPN',
      severity: 'warning',
      column: 'target_upn',
      mentions: `the primary address returning.seven@contoso.com (its UPN), not ${source(7).PrimarySmtpAddress}`,
    });
  });
});
