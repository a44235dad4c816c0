/**
 * Data directories written before the job's id had one name (`operationId`, always equal to `jobId`) keep
 * working: their operations, jobs and audit entries read as today's, and an old audit trail still verifies.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalJson, GENESIS_HASH } from '../../src/store/audit-hash.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';
import { openStores } from '../../src/store/open-stores.ts';
import { makeJob } from '../operations/jobs/job-test-support.ts';
import { makeOperation, useTempDirs } from './store-test-support.ts';

/** An entry sealed the way the trail sealed them then: with `operationId`. */
function legacyEntry(seq: number, prevHash: string, operationId: string) {
  const unsealed = {
    seq,
    ts: `2025-01-15T09:00:0${seq}.000Z`,
    actor: 'system',
    action: 'item.completed',
    operationId,
    row: seq + 1,
    details: {},
    prevHash,
  };
  const hash = createHash('sha256').update(prevHash).update(canonicalJson(unsealed)).digest('hex');
  return { ...unsealed, hash };
}

describe('a data directory from before jobId was the one name', () => {
  const makeTempDir = useTempDirs();

  it('reads its operations, jobs and audit entries under jobId, verifies the old trail and carries its chain on', async () => {
    const dataDir = await makeTempDir();
    const { jobId, ...operation } = makeOperation('old-op');
    await mkdir(join(dataDir, 'operations'), { recursive: true });
    await writeFile(
      join(dataDir, 'operations', 'old-op.json'),
      JSON.stringify({ formatVersion: 1, operation: { operationId: jobId, ...operation } }),
    );
    await mkdir(join(dataDir, 'jobs'), { recursive: true });
    const job = makeJob({ jobId: 'old-op' });
    await writeFile(
      join(dataDir, 'jobs', 'old-op.json'),
      JSON.stringify({ formatVersion: 1, job: { ...job, operationId: null } }),
    );
    const first = legacyEntry(1, GENESIS_HASH, 'old-op');
    const second = legacyEntry(2, first.hash, 'old-op');
    await writeFile(join(dataDir, 'audit.jsonl'), `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);

    const stores = await openStores(dataDir);
    try {
      const loaded = await stores.operations.load('old-op');
      assert.equal(loaded?.jobId, 'old-op');
      assert.equal(loaded !== undefined && 'operationId' in loaded, false);
      const stored = await stores.jobs.get('old-op');
      assert.equal(stored?.jobId, 'old-op');
      assert.equal(stored !== undefined && 'operationId' in stored, false);
      await stores.audit.append({ actor: 'system', action: 'job.completed', jobId: 'old-op', details: {} });
      const entries = await stores.audit.readAll('old-op');
      assert.deepEqual(
        entries.map((entry) => [entry.seq, entry.jobId]),
        [
          [1, 'old-op'],
          [2, 'old-op'],
          [3, 'old-op'],
        ],
      );
    } finally {
      await stores.close();
    }
    const verdict = await verifyAuditLog(join(dataDir, 'audit.jsonl'));
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
  });

  it('still tells a changed old entry from an untouched one', async () => {
    const dataDir = await makeTempDir();
    const first = legacyEntry(1, GENESIS_HASH, 'old-op');
    const forged = { ...first, operationId: 'another-op' };
    await writeFile(join(dataDir, 'audit.jsonl'), `${JSON.stringify(forged)}\n`);
    const verdict = await verifyAuditLog(join(dataDir, 'audit.jsonl'));
    assert.equal(verdict.ok, false);
  });
});

describe('a job stored before jobs kept their blocked rows', () => {
  const makeTempDir = useTempDirs();

  it('loads with no blocked rows listed', async () => {
    const dataDir = await makeTempDir();
    const { blockedRows: _dropped, ...job } = makeJob({ jobId: 'old-job' });
    await mkdir(join(dataDir, 'jobs'), { recursive: true });
    await writeFile(join(dataDir, 'jobs', 'old-job.json'), JSON.stringify({ formatVersion: 1, job }));

    const stores = await openStores(dataDir);
    try {
      assert.deepEqual((await stores.jobs.get('old-job'))?.blockedRows, []);
      assert.deepEqual(
        (await stores.jobs.list({ limit: 10 })).map((listed) => listed.blockedRows),
        [[]],
      );
    } finally {
      await stores.close();
    }
  });
});
