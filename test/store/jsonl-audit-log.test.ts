import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../src/operations/ports.ts';
import { AUDIT_ACTIONS } from '../../src/operations/audit-actions.ts';
import { verifyAuditLog } from '../../src/store/audit-verify.ts';
import { readAuditHead } from '../../src/store/audit-head.ts';
import { JsonlAuditLog } from '../../src/store/jsonl-audit-log.ts';
import { makeSteppingClock, useTempDirs, openHeld } from './store-test-support.ts';

function itemCompleted(row: number, jobId = 'op-1'): AuditEvent {
  return { actor: 'system', action: AUDIT_ACTIONS.itemCompleted, jobId, row, details: { attempts: 1 } };
}

describe('JsonlAuditLog', () => {
  const makeTempDir = useTempDirs();

  it('writes one JSON line per event, chained from the genesis hash, with the clock time', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) =>
      JsonlAuditLog.open({ dataDir: held, clock: makeSteppingClock('2025-01-15T09:00:00.000Z') }),
    );
    const created = await log.append({
      actor: 'ann@contoso.com',
      action: AUDIT_ACTIONS.jobCreated,
      jobId: 'op-1',
      details: { fileName: 'recovery.csv', size: 120, sha256: 'ab'.repeat(32), rows: 2 },
    });
    const completed = await log.append(itemCompleted(2));
    await log.close();

    assert.equal(created.seq, 1);
    assert.equal(created.prevHash, '0'.repeat(64));
    assert.equal(created.ts, '2025-01-15T09:00:00.000Z');
    assert.equal(completed.seq, 2);
    assert.equal(completed.prevHash, created.hash);
    assert.equal(completed.row, 2);
    const lines = (await readFile(join(dataDir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      [created, completed],
    );
  });

  it('continues the chain after the log is closed and opened again', async () => {
    const dataDir = await makeTempDir();
    const first = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    await first.append(itemCompleted(2));
    const lastBefore = await first.append(itemCompleted(3));
    await first.close();

    const second = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const next = await second.append(itemCompleted(4));
    await second.close();

    assert.equal(next.seq, 3);
    assert.equal(next.prevHash, lastBefore.hash);
    assert.deepEqual(await verifyAuditLog(join(dataDir, 'audit.jsonl')), {
      ok: true,
      entries: 3,
      firstBadSeq: null,
      problem: null,
      lastHash: next.hash,
      anchored: true,
    });
  });

  it('gives concurrent appends consecutive seqs, in the order they were called', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const entries = await Promise.all(Array.from({ length: 50 }, (_, index) => log.append(itemCompleted(index + 2))));
    await log.close();

    assert.deepEqual(
      entries.map((entry) => entry.seq),
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    assert.deepEqual(
      entries.map((entry) => entry.row),
      Array.from({ length: 50 }, (_, index) => index + 2),
    );
    assert.equal((await verifyAuditLog(join(dataDir, 'audit.jsonl'))).ok, true);
  });

  it('records the event as it was when appended, not as the caller changes it afterwards', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const event = itemCompleted(2);
    const appended = log.append(event);
    event.details.attempts = 99;
    assert.equal((await appended).details.attempts, 1);
    assert.equal((await log.readAll())[0]?.details.attempts, 1);
    await log.close();
  });

  it('reads back all entries, or only those of one operation', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    await log.append(itemCompleted(2, 'op-1'));
    await log.append(itemCompleted(2, 'op-2'));
    await log.append(itemCompleted(3, 'op-1'));
    assert.equal((await log.readAll()).length, 3);
    assert.deepEqual(
      (await log.readAll('op-1')).map((entry) => entry.seq),
      [1, 3],
    );
    await log.close();
  });

  it('sets aside an entry whose write was cut off, and carries on with a valid chain', async () => {
    const dataDir = await makeTempDir();
    const path = join(dataDir, 'audit.jsonl');
    const first = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const kept = await first.append(itemCompleted(2));
    await first.close();
    await appendFile(path, '{"seq":2,"ts":"2025-01-15T09:00:01.000Z","actor":"sys');

    const second = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const next = await second.append(itemCompleted(3));
    await second.close();

    assert.equal(next.seq, 2);
    assert.equal(next.prevHash, kept.hash);
    assert.equal((await verifyAuditLog(path)).ok, true);
    assert.ok(second.quarantinedTail !== null);
    assert.match(await readFile(second.quarantinedTail, 'utf8'), /"actor":"sys$/);
    assert.ok((await readdir(dataDir)).some((name) => name.startsWith('audit.jsonl.torn-')));
  });

  it('keeps the seq and hash of its newest entry in a head file beside the trail', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    await Promise.all([2, 3, 4].map((row) => log.append(itemCompleted(row))));
    const last = await log.append(itemCompleted(5));
    await log.close();
    assert.deepEqual(await readAuditHead(join(dataDir, 'audit.jsonl.head')), { seq: 4, hash: last.hash });
  });

  it('refuses to continue a trail whose last entries were deleted, saying which', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    for (const row of [2, 3, 4, 5]) await log.append(itemCompleted(row));
    await log.close();
    const path = join(dataDir, 'audit.jsonl');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    await writeFile(path, `${lines.slice(0, 2).join('\n')}\n`);

    await assert.rejects(
      openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held })),
      (error: Error) => {
        assert.equal(error.name, 'AuditLogTruncatedError');
        assert.match(error.message, /ends at entry 2, but entry 4 was written: entries 3–4 were removed/);
        return true;
      },
    );
    await rm(path);
    await assert.rejects(
      openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held })),
      /ends at entry 0, but entry 4 was written/,
      'a deleted trail is not silently started again',
    );
  });

  it('anchors a trail written before head files existed when it is next opened', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    const last = await log.append(itemCompleted(2));
    await log.close();
    await rm(join(dataDir, 'audit.jsonl.head'));

    const reopened = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    await reopened.close();
    assert.deepEqual(await readAuditHead(join(dataDir, 'audit.jsonl.head')), { seq: 1, hash: last.hash });
  });

  it('reads the previous head when the newest head write was cut off', async () => {
    const dataDir = await makeTempDir();
    const log = await openHeld(dataDir, (held) => JsonlAuditLog.open({ dataDir: held }));
    await log.append(itemCompleted(2));
    const second = await log.append(itemCompleted(3));
    const third = await log.append(itemCompleted(4));
    await log.close();
    const headPath = join(dataDir, 'audit.jsonl.head');
    const bytes = await readFile(headPath);
    // Spoil whichever slot holds the newest head (entry 3), as a torn write would.
    const newestSlot = bytes.subarray(0, 256).toString().includes(third.hash) ? 0 : 1;
    bytes.fill(0x7a, newestSlot * 256 + 5, newestSlot * 256 + 40);
    await writeFile(headPath, bytes);
    assert.deepEqual(await readAuditHead(headPath), { seq: 2, hash: second.hash });
  });

  it('refuses appends after it is closed', async () => {
    const log = await openHeld(await makeTempDir(), (held) => JsonlAuditLog.open({ dataDir: held }));
    await log.close();
    await assert.rejects(log.append(itemCompleted(2)), { code: 'STORE_CLOSED' });
  });
});
