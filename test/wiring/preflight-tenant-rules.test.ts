import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createItem, type BulkOperationItem, type BulkOperationType } from '../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight } from '../../src/operations/preflight/index.ts';
import type { ExchangeGateway, GraphGateway } from '../../src/operations/tenant-ports.ts';
import type { ValidationIssue } from '../../src/operations/validation-issue.ts';
import { generateTenantFixture, type FixtureMailbox } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant, type SandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { connectTenant } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

/**
 * Pre-flight source and Name rules as an admin meets them: the real gateways against the sandbox tenant over
 * loopback HTTP, with a few mailboxes shaped for each rule.
 */
describe('pre-flight source and name rules against the sandbox tenant', () => {
  const fixture = generateTenantFixture({ seed: 5, inactiveMailboxes: 12, activeUsers: 6 });
  const inactive = fixture.mailboxes.filter((m) => m.IsInactiveMailbox);
  const active = fixture.mailboxes.filter((m) => !m.IsInactiveMailbox);
  const returning = shape(inactive[0], {
    Name: 'jdoe',
    Alias: 'jdoe',
    DisplayName: 'Jane Doe',
    upn: 'jdoe@contoso.com',
  });
  const formerNamesake = shape(inactive[1], {
    Name: 'asmith',
    Alias: 'asmith',
    DisplayName: 'Al Smith',
    upn: 'asmith.old@contoso.com',
  });
  const autoExpanding = shape(inactive[3], {
    Name: 'bigarchive',
    Alias: 'bigarchive',
    DisplayName: 'Big Archive',
    upn: 'bigarchive@contoso.com',
  });
  autoExpanding.MailboxLocations.push(`1;${guid(7)};AuxArchive;contoso.onmicrosoft.com;${guid(8)}`);
  autoExpanding.ArchiveStatus = 'Active';
  autoExpanding.AutoExpandingArchiveEnabled = true;
  const plainA = shape(inactive[4], {
    Name: 'cgreen',
    Alias: 'cgreen',
    DisplayName: 'Cy Green',
    upn: 'cgreen@contoso.com',
  });
  const plainB = shape(inactive[6], {
    Name: 'dwhite',
    Alias: 'dwhite',
    DisplayName: 'Di White',
    upn: 'dwhite@contoso.com',
  });
  const colleague = required(active[0]);
  colleague.Name = 'mbrown';

  let sandbox: SandboxTenant;
  let exchange: ExchangeGateway;
  let graph: GraphGateway;

  before(async () => {
    sandbox = await startSandboxTenant({ fixture });
    ({ exchange, graph } = connectTenant({
      tenantId: sandbox.tenantId,
      exchangeBaseUrl: sandbox.exchangeBaseUrl,
      graphBaseUrl: sandbox.graphBaseUrl,
      tokens: createStaticTokenProvider('test'),
      passwords: createPlainPasswordEncoder(),
    }));
  });

  after(async () => {
    await sandbox.close();
  });

  async function preflight(type: BulkOperationType, items: BulkOperationItem[]): Promise<ValidationIssue[]> {
    return runPreflight(items, type, await buildTenantSnapshot(items, type, { exchange, graph }));
  }

  it("reports a returning employee's own alias as free, and recovers them under it", async () => {
    const items = [recoveryRow(2, returning.ExchangeGuid, 'jdoe@contoso.com')];

    const issues = await preflight('recovery', items);

    assert.deepEqual(errorsOf(issues), [], 'the row is ready');
    const recovered = await exchange.newMailboxFromInactive({
      inactiveMailbox: returning.ExchangeGuid,
      name: 'jdoe',
      displayName: 'Jane Doe',
      microsoftOnlineServicesId: 'jdoe@contoso.com',
      password: 'Sandb0x!Pass-For-Test',
      resetPasswordOnNextLogon: true,
    });
    assert.equal(recovered.name, 'jdoe');
  });

  it("reports a Name that only an inactive mailbox holds as free: inactive mailboxes don't hold Names", async () => {
    const items = [recoveryRow(2, plainA.ExchangeGuid, 'asmith@contoso.com')];

    const issues = await preflight('recovery', items);

    assert.deepEqual(errorsOf(issues), []);
    assert.equal(formerNamesake.Name, 'asmith');
  });

  it("reports NAME_IN_USE when an active mailbox already has the UPN's first part as its Name", async () => {
    const items = [recoveryRow(2, plainB.ExchangeGuid, 'mbrown@contoso.com')];

    const issues = await preflight('recovery', items);

    const issue = issues.find((i) => i.code === 'NAME_IN_USE');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.severity, 'error');
    assert.equal(issue.column, 'target_upn');
    assert.match(issue.message, /'mbrown'.*active mailbox/);
  });

  it("reports an active mailbox's GUID as SOURCE_NOT_INACTIVE, saying what to do instead", async () => {
    const items = [recoveryRow(2, colleague.ExchangeGuid, 'someone.new@contoso.com')];

    const issues = await preflight('recovery', items);

    const issue = issues.find((i) => i.code === 'SOURCE_NOT_INACTIVE');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.severity, 'error');
    assert.equal(issue.column, 'source_guid');
    assert.ok(issue.message.includes(colleague.UserPrincipalName), issue.message);
    assert.match(issue.message, /nothing to recover/);
    assert.match(issue.message, /restore target/);
    assert.match(issue.message, /check the GUID/);
    assert.ok(!issues.some((i) => i.code === 'SOURCE_NOT_FOUND'));
  });

  it("reports an active mailbox's DistinguishedName given as a restore source as SOURCE_NOT_INACTIVE", async () => {
    const items = [restoreRow(2, colleague.DistinguishedName, required(active[1]).UserPrincipalName)];

    const issues = await preflight('restore', items);

    const issue = issues.find((i) => i.code === 'SOURCE_NOT_INACTIVE');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.severity, 'error');
  });

  it('blocks recovering an inactive mailbox with an auto-expanding archive, pointing to content search', async () => {
    const items = [recoveryRow(2, autoExpanding.ExchangeGuid, 'bigarchive.back@contoso.com')];

    const issues = await preflight('recovery', items);

    const issue = issues.find((i) => i.code === 'AUTO_EXPANDING_ARCHIVE');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.severity, 'error');
    assert.match(issue.message, /auto-expanding archive/);
    assert.match(issue.message, /content search/i);
  });

  it('blocks restoring an inactive mailbox with an auto-expanding archive', async () => {
    const items = [restoreRow(2, autoExpanding.ExchangeGuid, required(active[1]).UserPrincipalName)];

    const issues = await preflight('restore', items);

    const issue = issues.find((i) => i.code === 'AUTO_EXPANDING_ARCHIVE');
    assert.ok(issue, JSON.stringify(issues));
    assert.equal(issue.severity, 'error');
  });
});

function recoveryRow(rowNumber: number, source: string, upn: string): BulkOperationItem {
  return createItem({ rowNumber, sourceIdentity: source, targetIdentity: upn, additionalData: { display_name: upn } });
}

function restoreRow(rowNumber: number, source: string, target: string): BulkOperationItem {
  return createItem({ rowNumber, sourceIdentity: source, targetIdentity: target, additionalData: {} });
}

function errorsOf(issues: readonly ValidationIssue[]): string[] {
  return issues.filter((i) => i.severity === 'error').map((i) => `${i.row}:${i.code}: ${i.message}`);
}

function required<T>(value: T | undefined): T {
  assert.ok(value, 'the generated fixture has this mailbox');
  return value;
}

function guid(n: number): string {
  return `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
}

/** Turns a generated inactive mailbox into one nothing else blocks: no Entra user left, one Primary shard. */
function shape(
  mailbox: FixtureMailbox | undefined,
  fields: { Name: string; Alias: string; DisplayName: string; upn: string },
): FixtureMailbox {
  const target = required(mailbox);
  const primary =
    target.MailboxLocations.find((l) => l.includes(';Primary;')) ??
    `1;${target.ExchangeGuid};Primary;contoso.onmicrosoft.com;${guid(9)}`;
  Object.assign(target, {
    Name: fields.Name,
    Alias: fields.Alias,
    DisplayName: fields.DisplayName,
    UserPrincipalName: fields.upn,
    PrimarySmtpAddress: fields.upn,
    EmailAddresses: [`SMTP:${fields.upn}`],
    ExternalDirectoryObjectId: '',
    MailboxLocations: [primary],
    AutoExpandingArchiveEnabled: false,
  });
  return target;
}
