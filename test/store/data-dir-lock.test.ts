import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
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
