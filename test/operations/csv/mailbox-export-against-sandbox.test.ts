import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prepareJob } from '../../../src/operations/jobs/prepare-job.ts';
import type { SandboxTenant } from '../../../src/sandbox/sandbox-server.ts';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import { createPlainPasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createGraphGateway } from '../../../src/tenant/graph/graph-gateway.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { invokeCmdlet, startTestTenant, type WireJson } from '../../sandbox/sandbox-client.ts';

// Export-Csv writes each property's ToString() (Learn, Export-Csv, view=powershell-5.1, NOTES), which for a
// multi-valued property such as EmailAddresses is the collection's type name, not its items.
function quote(value: unknown): string {
  const text = Array.isArray(value)
    ? 'System.Collections.ArrayList'
    : value === null || value === undefined
      ? ''
      : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** What Windows PowerShell 5.1's `Export-Csv` makes of these objects: #TYPE line, the first object's properties. */
function exportCsv(mailboxes: readonly Record<string, unknown>[]): Buffer {
  const columns = Object.keys(mailboxes[0] ?? {});
  const lines = [
    '#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.Mailbox',
    columns.map(quote).join(','),
    ...mailboxes.map((mailbox) => columns.map((column) => quote(mailbox[column])).join(',')),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

describe('a Get-Mailbox -InactiveMailboxOnly | Export-Csv file of the tenant, validated against it', () => {
  let sandbox: SandboxTenant;
  before(async () => {
    sandbox = await startTestTenant({ port: 0 });
  });
  after(async () => {
    await sandbox.close();
  });

  async function listInactiveMailboxes(): Promise<Record<string, unknown>[]> {
    const listed = await invokeCmdlet(sandbox, 'Get-Mailbox', { InactiveMailboxOnly: true, ResultSize: 'Unlimited' });
    assert.equal(listed.status, 200);
    return (listed.body.value as WireJson[]).slice(0, 5) as Record<string, unknown>[];
  }

  function realTenant(): Parameters<typeof prepareJob>[1]['tenant'] {
    const tokens = createStaticTokenProvider('sandbox-bearer-token');
    const client = new InvokeCommandClient({ baseUrl: sandbox.exchangeBaseUrl, tenantId: sandbox.tenantId, tokens });
    return {
      exchange: createExchangeGateway(client, createPlainPasswordEncoder()),
      graph: createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens }),
    };
  }

  it('finds every mailbox of the export in the tenant, by its ExchangeGuid', async () => {
    const mailboxes = await listInactiveMailboxes();
    const tenant = realTenant();

    const job = await prepareJob(
      { fileName: 'InactiveMailboxes.csv', bytes: exportCsv(mailboxes) },
      { tenant },
      { jobId: 'op-export', actor: 'admin@contoso.com' },
    );

    assert.equal(job.type, 'validate');
    assert.deepEqual(
      job.import.items.map((item) => [item.rowNumber, item.sourceIdentity]),
      mailboxes.map((mailbox, index) => [index + 3, String(mailbox['ExchangeGuid']).toLowerCase()]),
    );
    const notFound = job.issues.filter((issue) => /^SOURCE_(NOT_FOUND|AMBIGUOUS)$/.test(issue.code));
    assert.deepEqual(notFound, [], 'every exported mailbox is an inactive mailbox of the tenant');
    assert.equal(job.issues.filter((issue) => issue.code === 'UNKNOWN_COLUMN').length, 1, 'one note for the rest');
    // Those Microsoft does not let anyone recover (an auto-expanding archive) are the only ones blocked.
    const blocked = new Set(job.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code));
    assert.ok(
      [...blocked].every((code) => code === 'AUTO_EXPANDING_ARCHIVE'),
      [...blocked].join(', '),
    );
    assert.equal(job.counts.ready + job.counts.blocked, mailboxes.length);
  });

  it('warns on every row of an export that names mailboxes only by PrimarySmtpAddress', async () => {
    // `Get-Mailbox -InactiveMailboxOnly | Select-Object DisplayName,PrimarySmtpAddress | Export-Csv`.
    const mailboxes = (await listInactiveMailboxes()).map((mailbox) => ({
      DisplayName: mailbox['DisplayName'],
      PrimarySmtpAddress: mailbox['PrimarySmtpAddress'],
    }));

    const job = await prepareJob(
      { fileName: 'InactiveMailboxes.csv', bytes: exportCsv(mailboxes) },
      { tenant: realTenant() },
      { jobId: 'op-export-smtp', actor: 'admin@contoso.com' },
    );

    assert.equal(job.type, 'validate');
    const warned = job.issues.filter((issue) => issue.code === 'SOURCE_BY_SMTP').map((issue) => issue.row);
    assert.deepEqual(
      warned,
      mailboxes.map((_, index) => index + 3),
      'an address can be shared by an active and an inactive mailbox',
    );
  });
});
