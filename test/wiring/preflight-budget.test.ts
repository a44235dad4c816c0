import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createItem, type BulkOperationItem, type BulkOperationType } from '../../src/operations/model.ts';
import { buildTenantSnapshot, runPreflight } from '../../src/operations/preflight/index.ts';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { connectTenant } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';

/**
 * ⌈M/1000⌉ + ⌈N/20⌉×3 + 3: pre-flight of N rows against M inactive mailboxes. The issue's ×2 (Graph UPN and
 * proxyAddresses batches) became ×3 with the Get-Recipient look-ups of 20 addresses each (issue 11): only
 * Exchange sees the mail contacts, groups and soft-deleted mailboxes that hold addresses too.
 */
const budget = (rows: number, inactive: number) => Math.ceil(inactive / 1000) + Math.ceil(rows / 20) * 3 + 3;

describe('pre-flight through the real gateways and the sandbox tenant', () => {
  const cases: [BulkOperationType, number, number][] = [
    ['recovery', 45, 2500],
    ['recovery', 1, 10],
    ['validate', 60, 1200],
    ['restore', 45, 2500],
    // More rows than one look-up chunk (LOOKUP_CHUNK_ROWS): the chunks together stay within the same budget.
    ['recovery', 1210, 1500],
  ];
  for (const [type, rows, inactive] of cases) {
    it(`checks ${rows} ${type} rows against ${inactive} inactive mailboxes within ${budget(rows, inactive)} remote calls`, async () => {
      const fixture = generateTenantFixture({ seed: 11, inactiveMailboxes: inactive });
      const sandbox = await startSandboxTenant({ fixture });
      const calls = { exchange: 0, graph: 0 };
      try {
        const { exchange, graph } = connectTenant({
          tenantId: sandbox.tenantId,
          exchangeBaseUrl: sandbox.exchangeBaseUrl,
          graphBaseUrl: sandbox.graphBaseUrl,
          tokens: createStaticTokenProvider('test'),
          passwords: createPlainPasswordEncoder(),
          onExchangeCall: () => (calls.exchange += 1),
          onGraphCall: () => (calls.graph += 1),
        });
        const items = buildItems(type, rows, fixture);
        const snapshot = await buildTenantSnapshot(items, type, { exchange, graph });
        const issues = runPreflight(items, type, snapshot);

        assert.ok(calls.exchange + calls.graph <= budget(rows, inactive), JSON.stringify(calls));
        assert.equal(sandbox.stats().exchange.requests + sandbox.stats().graph.requests, calls.exchange + calls.graph);
        // Every row got a verdict from the tenant: the rows naming a GUID the tenant lacks are flagged.
        const missing = issues.filter((issue) => issue.code === 'SOURCE_NOT_FOUND').map((issue) => issue.row);
        assert.deepEqual(missing, [rows + 1]);
      } finally {
        await sandbox.close();
      }
    });
  }
});

function buildItems(
  type: BulkOperationType,
  rows: number,
  fixture: ReturnType<typeof generateTenantFixture>,
): BulkOperationItem[] {
  const inactive = fixture.mailboxes.filter((m) => m.IsInactiveMailbox);
  const active = fixture.mailboxes.filter((m) => !m.IsInactiveMailbox);
  return Array.from({ length: rows }, (_, index) => {
    const rowNumber = index + 2;
    // The last row names a mailbox the tenant does not have.
    const source = index === rows - 1 ? '00000000-0000-0000-0000-00000000beef' : String(inactive[index]?.ExchangeGuid);
    const target =
      type === 'restore' ? String(active[index % active.length]?.UserPrincipalName) : `new.user${index}@contoso.com`;
    const additionalData: Record<string, string> =
      type === 'recovery' ? { display_name: `New User ${index}`, target_smtp: target } : {};
    return createItem({ rowNumber, sourceIdentity: source, targetIdentity: target, additionalData });
  });
}
