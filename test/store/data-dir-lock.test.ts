import assert from 'node:assert/strict';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError } from '../../src/store/data-dir-lock.ts';
import { findDeadPid, useTempDirs } from './store-test-support.ts';

async function readLockPid(dataDir: string): Promise<number> {
  return (JSON.parse(await readFile(join(dataDir, '.lock'), 'utf8')) as { pid: number }).pid;
}

describe('acquireDataDirLock', () => {
  const makeTempDir = useTempDirs();

  it('creates a missing data directory and records this process as its owner', async () => {
    const dataDir = join(await makeTempDir(), 'nested', 'data');
    const lock = await acquireDataDirLock(dataDir);
    assert.equal(await readLockPid(dataDir), process.pid);
    await lock.release();
    await assert.rejects(stat(join(dataDir, '.lock')), { code: 'ENOENT' });
  });

  it('refuses a second holder while the first is alive, naming the data directory and the pid', async () => {
    const dataDir = await makeTempDir();
    const lock = await acquireDataDirLock(dataDir);
    await assert.rejects(acquireDataDirLock(dataDir), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.equal(error.code, 'DATA_DIR_LOCKED');
      assert.equal(error.ownerPid, process.pid);
      assert.equal(
        error.message,
        `The data directory ${dataDir} is in use by another Mailbox Recovery process (pid ${process.pid}). ` +
          'Stop it first, or choose another data directory.',
      );
      return true;
    });
    await lock.release();
  });

  it('can be taken again once released', async () => {
    const dataDir = await makeTempDir();
    await (await acquireDataDirLock(dataDir)).release();
    const again = await acquireDataDirLock(dataDir);
    await again.release();
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = await makeTempDir();
    const deadPid = await findDeadPid();
    const stale = { pid: deadPid, processStartedAt: '2025-01-01T00:00:00.000Z', host: hostname(), token: 'old' };
    await writeFile(join(dataDir, '.lock'), JSON.stringify(stale));
    const lock = await acquireDataDirLock(dataDir);
    assert.equal(await readLockPid(dataDir), process.pid);
    await lock.release();
  });

  it('takes over a lock left by an earlier life of the same pid (a restarted container)', async () => {
    const dataDir = await makeTempDir();
    const earlier = { pid: process.pid, processStartedAt: '2001-01-01T00:00:00.000Z', host: hostname(), token: 'x' };
    await writeFile(join(dataDir, '.lock'), JSON.stringify(earlier));
    const lock = await acquireDataDirLock(dataDir);
    await lock.release();
  });

  it('refuses a lock held on another host while its heartbeat goes on, naming that host', async () => {
    const dataDir = await makeTempDir();
    const elsewhere = { pid: 1, processStartedAt: '2025-01-01T00:00:00.000Z', host: 'container-a', token: 'a' };
    await writeFile(join(dataDir, '.lock'), JSON.stringify(elsewhere));
    await assert.rejects(acquireDataDirLock(dataDir, { staleAfterMs: 60_000 }), /\(pid 1 on container-a\)/);
  });

  it('takes over a lock from another host whose heartbeat stopped (a container that was replaced)', async () => {
    const dataDir = await makeTempDir();
    const elsewhere = { pid: 1, processStartedAt: '2025-01-01T00:00:00.000Z', host: 'container-a', token: 'a' };
    const lockPath = join(dataDir, '.lock');
    await writeFile(lockPath, JSON.stringify(elsewhere));
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await utimes(lockPath, twoMinutesAgo, twoMinutesAgo);
    const lock = await acquireDataDirLock(dataDir, { staleAfterMs: 60_000, heartbeatMs: 20 });
    assert.equal(await readLockPid(dataDir), process.pid);
    await lock.release();
  });

  it('does not take a lock from a live host whose clock runs behind ours: its old stamps keep changing', async () => {
    const dataDir = await makeTempDir();
    const elsewhere = { pid: 1, processStartedAt: '2025-01-01T00:00:00.000Z', host: 'container-a', token: 'a' };
    const lockPath = join(dataDir, '.lock');
    await writeFile(lockPath, JSON.stringify(elsewhere));
    // The other host beats every 10 ms, stamping times ten minutes behind ours.
    let stamp = Date.now() - 600_000;
    const beating = setInterval(() => {
      stamp += 10;
      void utimes(lockPath, new Date(stamp), new Date(stamp)).catch(() => undefined);
    }, 10);
    try {
      await assert.rejects(acquireDataDirLock(dataDir, { staleAfterMs: 60_000, heartbeatMs: 50 }), /container-a/);
    } finally {
      clearInterval(beating);
    }
  });

  it('stops touching a lock that another process has taken over, never keeping it alive for them', async () => {
    const dataDir = await makeTempDir();
    const lockPath = join(dataDir, '.lock');
    const lock = await acquireDataDirLock(dataDir, { heartbeatMs: 10 });
    const theirs = { pid: 1, processStartedAt: '2025-01-01T00:00:00.000Z', host: 'container-b', token: 'b' };
    await writeFile(lockPath, JSON.stringify(theirs));
    const longAgo = new Date(Date.now() - 600_000);
    await utimes(lockPath, longAgo, longAgo);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const untouchedFor = Date.now() - (await stat(lockPath)).mtimeMs;
    assert.ok(untouchedFor > 500_000, 'their lock was left as it was');
    await lock.release();
    assert.equal(JSON.parse(await readFile(lockPath, 'utf8')).token, 'b', 'and release did not remove it');
  });

  it('keeps touching the lock it holds, so another host keeps seeing it alive', async () => {
    const dataDir = await makeTempDir();
    const lockPath = join(dataDir, '.lock');
    const lock = await acquireDataDirLock(dataDir, { heartbeatMs: 20 });
    const longAgo = new Date(Date.now() - 600_000);
    await utimes(lockPath, longAgo, longAgo);
    for (let beat = 0; beat < 100 && (await stat(lockPath)).mtimeMs <= longAgo.getTime(); beat += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok((await stat(lockPath)).mtimeMs > longAgo.getTime() + 500_000, 'the heartbeat touched the lock');
    await lock.release();
  });

  it('takes over an empty lock file whose creator died before writing it', async () => {
    const dataDir = await makeTempDir();
    await writeFile(join(dataDir, '.lock'), '');
    const lock = await acquireDataDirLock(dataDir);
    assert.equal(await readLockPid(dataDir), process.pid);
    await lock.release();
  });

  it('does not remove a lock that another process has taken over since', async () => {
    const dataDir = await makeTempDir();
    const lock = await acquireDataDirLock(dataDir);
    const other = { pid: 1, processStartedAt: '2025-01-01T00:00:00.000Z', host: hostname(), token: 'theirs' };
    await writeFile(join(dataDir, '.lock'), JSON.stringify(other));
    await lock.release();
    assert.equal(await readLockPid(dataDir), 1);
  });
});
