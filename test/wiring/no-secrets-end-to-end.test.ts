import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulkOperationManager } from '../../src/operations/bulk/bulk-operation-manager.ts';
import { exportResultsCsv } from '../../src/operations/csv/index.ts';
import { createRecoveryExecutor } from '../../src/operations/executors/index.ts';
import { createItem } from '../../src/operations/model.ts';
import { systemClock } from '../../src/operations/system-clock.ts';
import type { TemporaryAccessPass } from '../../src/operations/tenant-ports.ts';
import { generateTenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant } from '../../src/sandbox/sandbox-server.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { connectTenant } from '../../src/tenant/connect-tenant.ts';
import { createPlainPasswordEncoder } from '../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../src/tenant/token-provider.ts';
import { openDataDir } from '../../src/store/data-dir.ts';

const KNOWN_PASSWORD = 'Kn0wn!Secret#Passw0rd-7731';
const BEARER_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJlLXNlY3JldA';

async function readEverything(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

describe('secrets during a real recovery job', () => {
  it('never reach the job store, the audit trail, the results CSV or the logs', async () => {
    const fixture = generateTenantFixture({ seed: 3, inactiveMailboxes: 40 });
    const logLines: string[] = [];
    const sandbox = await startSandboxTenant({ fixture, log: (line) => logLines.push(line) });
    const dataDir = await mkdtemp(join(tmpdir(), 'mrb-secrets-'));
    const held = await openDataDir(dataDir);
    const store = await FileOperationStore.open({ dataDir: held });
    const audit = await JsonlAuditLog.open({ dataDir: held });
    const delivered: TemporaryAccessPass[] = [];
    try {
      const { exchange, graph } = connectTenant({
        tenantId: sandbox.tenantId,
        exchangeBaseUrl: sandbox.exchangeBaseUrl,
        graphBaseUrl: sandbox.graphBaseUrl,
        tokens: createStaticTokenProvider(BEARER_TOKEN),
        passwords: createPlainPasswordEncoder(),
      });
      const recovery = createRecoveryExecutor(
        {
          exchange,
          graph,
          clock: systemClock,
          secrets: { deliver: (_operation, _row, _upn, pass) => delivered.push(pass) },
          generatePassword: () => KNOWN_PASSWORD,
        },
        { issueTemporaryAccessPass: true, userWaitBaseDelayMs: 10 },
      );
      const source = fixture.mailboxes.find(
        (m) =>
          m.IsInactiveMailbox && !m.ExternalDirectoryObjectId && !(m.MailboxLocations ?? []).some((l) => /Aux/.test(l)),
      );
      assert.ok(source);
      const manager = new BulkOperationManager({
        executors: { recovery },
        store,
        audit,
        config: { delayBetweenBatches: 0 },
      });
      const result = await manager.execute('recovery', [
        createItem({
          rowNumber: 2,
          sourceIdentity: source.ExchangeGuid,
          targetIdentity: 'returning.user@contoso.com',
          additionalData: { display_name: 'Returning User', target_smtp: 'returning.user@contoso.com' },
        }),
      ]);
      assert.equal(result.state, 'completed', JSON.stringify(result.items[0]?.error));
      assert.equal(delivered.length, 1, 'the pass went to the requester');
      const pass = delivered[0]?.temporaryAccessPass ?? '';
      assert.ok(pass.length >= 8);

      await store.flush();
      const onDisk = await readEverything(dataDir);
      const elsewhere = [
        exportResultsCsv(result).toString('utf8'),
        JSON.stringify(sandbox.ledger()),
        logLines.join('\n'),
      ];
      for (const secret of [KNOWN_PASSWORD, pass, BEARER_TOKEN]) {
        assert.ok(!onDisk.includes(secret), 'secret found in the data directory');
        for (const text of elsewhere) assert.ok(!text.includes(secret), 'secret found in results, ledger or logs');
      }
      assert.match(onDisk, /"temporaryAccessPassIssued":\s*true/, 'the fact that a pass was issued is kept');
    } finally {
      await audit.close();
      await store.close();
      await held.close();
      await sandbox.close();
    }
  });
});
