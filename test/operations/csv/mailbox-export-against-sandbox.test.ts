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

function quote(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : value === null || value === undefined ? '' : String(value);
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

  it('finds every mailbox of the export in the tenant, by its ExchangeGuid', async () => {
    const listed = await invokeCmdlet(sandbox, 'Get-Mailbox', { InactiveMailboxOnly: true, ResultSize: 'Unlimited' });
    assert.equal(listed.status, 200);
    const mailboxes = (listed.body.value as WireJson[]).slice(0, 5) as Record<string, unknown>[];
    const tokens = createStaticTokenProvider('sandbox-bearer-token');
    const client = new InvokeCommandClient({ baseUrl: sandbox.exchangeBaseUrl, tenantId: sandbox.tenantId, tokens });
    const tenant = {
      exchange: createExchangeGateway(client, createPlainPasswordEncoder()),
      graph: createGraphGateway({ baseUrl: sandbox.graphBaseUrl, tokens }),
    };

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
    const errors = job.issues.filter((issue) => issue.severity === 'error');
    assert.deepEqual(errors, [], 'every exported mailbox is an inactive mailbox of the tenant');
    assert.equal(job.issues.filter((issue) => issue.code === 'UNKNOWN_COLUMN').length, 1, 'one note for the rest');
    assert.equal(job.counts.ready, mailboxes.length);
  });
});
