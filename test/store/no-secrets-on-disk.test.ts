import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AUDIT_ACTIONS } from '../../src/operations/audit-actions.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';
import { FileOperationStore } from '../../src/store/file-operation-store.ts';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { makeOperation, readEveryFile, rowChange, useTempDirs, wholeChange } from './store-test-support.ts';
import { openDataDir } from '../../src/store/data-dir.ts';

const PASSWORD = 'Pa55w0rd-known-secret-7f3a';
const TEMPORARY_ACCESS_PASS = 'TAP-known-secret-9c1e';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrbm93bi1zZWNyZXQifQ.a25vd24tc2lnbmF0dXJl';
const SECRETS = [PASSWORD, TEMPORARY_ACCESS_PASS, JWT];

describe('secrets on disk', () => {
  const makeTempDir = useTempDirs();

  it('never writes a password, a Temporary Access Pass or a bearer token to any file of the data directory', async () => {
    const dataDir = await makeTempDir();
    const held = await openDataDir(dataDir);
    const store = await FileOperationStore.open({ dataDir: held });
    const audit = await JsonlAuditLog.open({ dataDir: held });

    const operation = makeOperation('op-secrets', { items: 2 });
    const [first, second] = operation.items;
    assert.ok(first && second);
    first.additionalData = { ...first.additionalData, password: PASSWORD };
    first.status = 'completed';
    first.result = { temporaryAccessPass: TEMPORARY_ACCESS_PASS, temporaryAccessPassIssued: true };
    second.status = 'failed';
    second.error = { code: 'TENANT_UNAUTHORIZED', message: `Graph refused: Authorization: Bearer ${JWT}` };
    // Both ways a row reaches the disk: in the first snapshot, and in a journal line.
    await store.append(wholeChange(operation));
    await store.append(rowChange(operation, [2, 3]));
    await audit.append({
      actor: 'ann@contoso.com',
      action: AUDIT_ACTIONS.itemCompleted,
      jobId: 'op-secrets',
      row: 2,
      details: { password: PASSWORD, tap: { temporaryAccessPass: TEMPORARY_ACCESS_PASS }, request: `Bearer ${JWT}` },
    });
    const reloaded = await store.load('op-secrets');
    await audit.close();
    await store.close();
    await held.close();

    const files = await readEveryFile(dataDir);
    assert.ok(files.length >= 2);
    for (const { path, text } of files) {
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `${path} contains a secret`);
    }
    assert.equal(reloaded?.items[0]?.result?.temporaryAccessPassIssued, true);
    assert.equal(reloaded?.items[0]?.additionalData.department, 'Sales');
    assert.equal((await verifyAuditLog(join(dataDir, 'audit.jsonl'))).ok, true);
  });
});
